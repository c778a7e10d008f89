"""The notifications in the JSON API, mounted by the central API through ``NotificationsConfig.api_router``:
a member's own notifications (unread first), the unread count, marking one or all read, and their preferences
per kind (read and change; a change is audited). Every member reads only their own (``MEMBER``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import create_model

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import MEMBER, READ_ERRORS, WRITE_ERRORS, Router, declare
from cadence.api.schemas import In
from cadence.http import ApiRequest
from cadence.notifications import access, queries, services
from cadence.notifications.domain.kinds import KINDS

router = Router(tags=["notifications"])
W = "/workspaces/{workspace}/notifications"
ChannelName = Literal["app", "email", "digest", "off"]


class NotificationOut(Schema):
    id: UUID
    kind: str = Field(..., description="The event's kind, e.g. task.assigned or comment.mentioned.")
    message: str = Field(..., description="What happened, in the reader's language.")
    detail: str
    engagement: UUID | None
    engagement_name: str
    url: str = Field(..., description="The path of what it is about.")
    created_at: dt.datetime
    read: bool


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


class PreferenceOut(Schema):
    kind: str
    label: str
    channel: ChannelName
    default: ChannelName


# One property per kind (named once, in domain/kinds.py), and no other: the schema states every key it takes.
ChannelsIn = create_model(
    "NotificationChannelsIn", __base__=Schema,
    **{kind.replace(".", "_"): (ChannelName | None, Field(None, alias=kind)) for kind in KINDS},  # type: ignore[call-overload]
)
ChannelsIn.model_config["extra"] = "forbid"
ChannelsIn.model_rebuild(force=True)


def _named(channels: Any) -> dict[str, str]:
    """kind -> channel for the kinds the body names (null: unchanged)."""
    return {kind: channel for kind, channel in channels.model_dump(by_alias=True).items() if channel is not None}


class PreferencesIn(In):
    channels: ChannelsIn = Field(  # type: ignore[valid-type]
        ..., description=f"kind -> app, email, digest or off; kinds not named (or null) keep theirs. Kinds: {', '.join(KINDS)}.")


def _out(r: queries.Row) -> dict[str, Any]:
    return {"id": r.uuid, "kind": r.kind, "message": r.message, "detail": r.detail, "engagement": r.engagement_uuid,
            "engagement_name": r.engagement, "url": r.url, "created_at": r.created_at, "read": r.read}


@router.get(W, response={200: list[NotificationOut], **READ_ERRORS},
            summary="Your notifications, unread first, newest first (the last 50)", openapi_extra=declare(MEMBER))
def notification_list(request: ApiRequest, workspace: WorkspaceSlug, unread: bool = False) -> list[dict[str, Any]]:
    return [_out(r) for r in queries.rows(request.membership, unread_only=unread)]


@router.get(W + "/unread", response={200: UnreadOut, **READ_ERRORS},
            summary="How many of your notifications are unread", openapi_extra=declare(MEMBER))
def unread(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, int]:
    return {"unread": queries.unread_count(request.membership)}


@router.post(W + "/read", response={200: MarkedOut, **WRITE_ERRORS},
             summary="Mark one of your notifications read (?id=<uuid>), or all of them", openapi_extra=declare(MEMBER))
def mark_read(request: ApiRequest, workspace: WorkspaceSlug, id: UUID | None = None) -> dict[str, int]:  # noqa: A002
    if id is None:
        return {"marked": services.mark_all_read(membership=request.membership)}
    row = access.get_notification(request.membership, id)
    was_unread = row.read_at is None
    services.mark_read(membership=request.membership, notification=row)
    return {"marked": int(was_unread)}


@router.get(W + "/preferences", response={200: list[PreferenceOut], **READ_ERRORS},
            summary="Your channel per kind (yours in every workspace)", openapi_extra=declare(MEMBER))
def preferences_get(request: ApiRequest, workspace: WorkspaceSlug) -> list[dict[str, Any]]:
    return [{"kind": p.kind, "label": p.label, "channel": p.channel, "default": p.default}
            for p in queries.preferences(request.auth)]


@router.put(W + "/preferences", response={200: list[PreferenceOut], **WRITE_ERRORS},
            summary="Change your channel of some kinds", openapi_extra=declare(MEMBER))
def preferences_put(request: ApiRequest, workspace: WorkspaceSlug, payload: PreferencesIn) -> list[dict[str, Any]]:
    services.set_preferences(actor=request.auth, workspace=request.membership.workspace, choices=_named(payload.channels))
    return preferences_get(request, workspace)
