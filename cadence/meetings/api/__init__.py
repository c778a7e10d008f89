"""The meetings in the JSON API, mounted by the central API through ``MeetingsConfig.api_router``: meetings
(list, one, plan one-off or recurring, change, cancel one or the rest of a series, minutes, close), their agenda
items, decisions and action items, and "make cards" (action items -> board cards, once each). The same
permissions as the pages: ``meetings.view`` reads (the team; the client's approver and viewer for their client),
``meetings.manage`` writes (the team). Times are ISO 8601 with the offset; ``day``/``time`` in a request are on
the engagement's clock. People are user ids (``participant_choices``: the team and the client's users)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, client_capability, declare
from cadence.api.schemas import WEBSITE_PATTERN, Date, In
from cadence.core import validation as v
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.http import ApiRequest
from cadence.meetings import access, queries, services
from cadence.meetings.domain import recurrence
from cadence.meetings.models import ActionItem, AgendaItem, Decision, Meeting

router = Router(tags=["meetings"])
VIEW = client_capability("meetings.view", via="engagement")
MANAGE = capability("meetings.manage")
E = "/workspaces/{workspace}/engagements/{uuid:engagement}/meetings"
M = E + "/{uuid:meeting}"

Title = Annotated[str, Field(min_length=1, max_length=services.TITLE_MAX, pattern=v.NAME_PATTERN)]
Line = Annotated[str, Field(max_length=services.PLACE_MAX, pattern=v.LINE_PATTERN)]
Url = Annotated[str, Field(max_length=services.URL_MAX, pattern=WEBSITE_PATTERN,
                           description="http(s) address of the video call, or empty.")]
Time = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["10:30"],
                            description="HH:MM on the engagement's clock.")]
Minutes = Annotated[int, Field(ge=services.DURATION_MIN, le=services.DURATION_MAX)]
ActionText = Annotated[str, Field(min_length=1, max_length=services.ACTION_MAX, pattern=v.NAME_PATTERN)]


class ParticipantOut(Schema):
    id: UUID
    name: str
    client: bool


class AgendaItemOut(Schema):
    id: UUID
    text: str
    about: str = Field(..., description='"" (free text), "plan_section", "kpi" or "post".')
    ref: str = Field(..., description='The choice it links to ("plan_section:strategy", "kpi:<uuid>", ...).')
    ref_title: str


class DecisionOut(Schema):
    id: UUID
    text: str


class ActionItemOut(Schema):
    id: UUID
    text: str
    owner: UUID | None
    due: dt.date | None
    task: UUID | None = Field(..., description="The board card it became (once).")


class MeetingOut(Schema):
    id: UUID
    title: str
    starts_at: dt.datetime = Field(..., description="In the engagement's time zone.")
    time_zone: str
    duration_minutes: int
    place: str
    video_url: str
    status: str
    series: UUID | None = Field(..., description="The recurring series it belongs to (its calendar UID).")
    sequence: int = Field(..., description="The iCalendar SEQUENCE of its last invitation, update or cancellation.")
    revision: int
    participants: list[ParticipantOut]
    minutes: str = Field(..., description="Markdown.")
    agenda: list[AgendaItemOut]
    decisions: list[DecisionOut]
    action_items: list[ActionItemOut]


class MeetingIn(In):
    title: Title
    day: Date
    time: Time
    duration_minutes: Minutes = 60
    place: Line = ""
    video_url: Url = ""
    participants: list[UUID] = Field(default_factory=list, max_length=200)
    frequency: Literal["", "weekly", "monthly"] = Field("", description="Empty: a one-off meeting.")
    interval: int = Field(1, ge=1, le=recurrence.MAX_INTERVAL, description="Every N weeks or months.")
    weekday: int | None = Field(None, ge=0, le=6, description="Weekly: 0 Monday .. 6 Sunday (default: the day's).")
    month_day: int | None = Field(None, ge=1, le=31, description="Monthly: the day (clamped to the month's end).")
    count: int | None = Field(None, ge=services.SERIES_MIN, le=recurrence.MAX_OCCURRENCES,
                              description="How many meetings the series has.")


class MeetingPatch(In):
    title: Title | None = None
    day: Date | None = None
    time: Time | None = None
    duration_minutes: Minutes | None = None
    place: Line | None = None
    video_url: Url | None = None
    participants: list[UUID] | None = Field(None, max_length=200)
    revision: int | None = Field(None, description="The revision you read; a newer one answers 400 (conflict).")


class MinutesIn(In):
    minutes: Annotated[str, Field(max_length=services.MINUTES_MAX, pattern=v.TEXT_PATTERN)]
    revision: int | None = None


class CloseIn(In):
    minutes: Annotated[str, Field(max_length=services.MINUTES_MAX, pattern=v.TEXT_PATTERN)] | None = None


class AgendaItemIn(In):
    text: Annotated[str, Field(max_length=services.AGENDA_MAX, pattern=v.LINE_PATTERN)] = ""
    ref: Annotated[str, Field(max_length=80, pattern=r"^(|(plan_section|kpi|post):[\w-]+)$")] = Field(
        "", description="One of GET .../meetings/agenda-choices (empty: free text).")


class AgendaChoiceOut(Schema):
    about: str
    ref: str
    title: str


class MeetingDecisionIn(In):
    text: Annotated[str, Field(min_length=1, max_length=services.DECISION_MAX, pattern=v.REASON_PATTERN)]


class ActionItemIn(In):
    text: ActionText
    owner: UUID | None = None
    due: Date | None = None


class ActionItemPatch(In):
    text: ActionText | None = None
    owner: UUID | None = None
    due: Date | None = None


class ToTasksIn(In):
    items: list[UUID] | None = Field(None, max_length=200, description="Which action items (default: all).")


class CountOut(Schema):
    count: int


def _context(request: ApiRequest, engagement: UUID) -> tuple[Membership, Any]:
    membership = request.membership
    return membership, get_engagement(membership, engagement)


def _people(engagement: Any, uuids: list[UUID]) -> list[int]:
    known = {u.uuid: u.pk for u, _client in queries.participant_choices(engagement)}
    try:
        return [known[u] for u in uuids]
    except KeyError:
        raise DomainError(_("Only the team and the client's people who may see this engagement can take part."),
                          code="not_participant", field="participants") from None


def _person(engagement: Any, uuid: UUID | None) -> int | None:
    if uuid is None:
        return None
    team = {u.uuid: u.pk for u, client in queries.participant_choices(engagement) if not client}
    if uuid not in team:
        raise DomainError(_("That person is not on the agency's team."), code="not_team", field="owner")
    return team[uuid]


def _agenda(a: AgendaItem) -> dict[str, Any]:
    key = a.ref_key or (str(a.ref_uuid) if a.ref_uuid else "")
    return {"id": a.uuid, "text": a.text, "about": a.ref_kind, "ref": f"{a.ref_kind}:{key}" if a.ref_kind else "",
            "ref_title": a.ref_title}


def _action(a: ActionItem) -> dict[str, Any]:
    return {"id": a.uuid, "text": a.text, "owner": a.owner.uuid if a.owner else None, "due": a.due,
            "task": a.task.uuid if a.task else None}


def _meeting(engagement: Any, meeting: Meeting) -> dict[str, Any]:
    row = queries.detail(meeting)
    clients = {u.pk for u, client in queries.participant_choices(engagement) if client}
    return {
        "id": row.uuid, "title": row.title, "starts_at": row.starts_at.astimezone(queries.zone_of(engagement)),
        "time_zone": engagement.time_zone, "duration_minutes": row.duration_minutes, "place": row.place,
        "video_url": row.video_url, "status": row.status, "series": row.series.uuid if row.series else None,
        "sequence": row.sequence, "revision": row.revision,
        "participants": [{"id": u.uuid, "name": u.display_name, "client": u.pk in clients}
                         for u in row.participants.all()],
        "minutes": row.minutes, "agenda": [_agenda(a) for a in row.agenda.all()],
        "decisions": [{"id": d.uuid, "text": d.text} for d in row.decisions.all()],
        "action_items": [_action(a) for a in row.actions.all()]}


# --- meetings -------------------------------------------------------------------------------------------

@router.get(E, response={200: list[MeetingOut], **READ_ERRORS}, summary="The engagement's meetings, in time order",
            openapi_extra=declare(VIEW))
def meeting_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    _m, obj = _context(request, engagement)
    return [_meeting(obj, row) for row in queries.meetings_of(obj)]


@router.get(E + "/agenda-choices", response={200: list[AgendaChoiceOut], **READ_ERRORS},
            summary="What an agenda item can link to: plan sections, KPIs off track, posts waiting for approval",
            openapi_extra=declare(MANAGE))
def agenda_choices(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, str]]:
    _m, obj = _context(request, engagement)
    return [{"about": k, "ref": value, "title": label} for k, value, label in queries.agenda_choices(obj)]


@router.post(E, response={201: MeetingOut, **WRITE_ERRORS},
             summary="Plan a meeting (one-off, or a series with frequency and count); the participants are invited",
             openapi_extra=declare(MANAGE))
def meeting_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                   payload: MeetingIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    data = payload.dict()
    data["participants"] = _people(obj, data["participants"])
    row = services.create_meeting(actor=request.auth, membership=membership, engagement=obj, **data)
    return Status(201, _meeting(obj, row))


@router.get(M, response={200: MeetingOut, **READ_ERRORS}, summary="One meeting", openapi_extra=declare(VIEW))
def meeting_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID) -> dict[str, Any]:
    _m, obj = _context(request, engagement)
    return _meeting(obj, access.get_meeting(obj, meeting))


@router.patch(M, response={200: MeetingOut, **WRITE_ERRORS},
              summary="Change a meeting (one occurrence of a series alone); the participants get the update",
              openapi_extra=declare(MANAGE))
def meeting_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                   payload: MeetingPatch) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    data = {k: val for k, val in payload.dict(exclude_unset=True).items() if val is not None or k == "revision"}
    if "participants" in data:
        data["participants"] = _people(obj, data["participants"])
    services.update_meeting(actor=request.auth, membership=membership, meeting=row, **data)
    return _meeting(obj, row)


@router.post(M + "/cancel", response={200: MeetingOut, **WRITE_ERRORS},
             summary="Cancel a meeting (one occurrence of a series); the participants get the cancellation",
             openapi_extra=declare(MANAGE))
def meeting_cancel(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    services.cancel_meeting(actor=request.auth, membership=membership, meeting=row)
    return _meeting(obj, row)


@router.post(M + "/cancel-series", response={200: CountOut, **WRITE_ERRORS},
             summary="Cancel every meeting of this meeting's series not yet begun", openapi_extra=declare(MANAGE))
def series_cancel(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID) -> dict[str, int]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    return {"count": services.cancel_series(actor=request.auth, membership=membership, meeting=row)}


@router.put(M + "/minutes", response={200: MeetingOut, **WRITE_ERRORS}, summary="Write the minutes (Markdown)",
            openapi_extra=declare(MANAGE))
def minutes_put(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                payload: MinutesIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    services.save_minutes(actor=request.auth, membership=membership, meeting=row, minutes=payload.minutes,
                          revision=payload.revision)
    return _meeting(obj, row)


@router.post(M + "/close", response={200: MeetingOut, **WRITE_ERRORS},
             summary="Close the meeting (minutes done); the participants get the minutes",
             openapi_extra=declare(MANAGE))
def meeting_close(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                  payload: CloseIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    services.close_meeting(actor=request.auth, membership=membership, meeting=row, minutes=payload.minutes)
    return _meeting(obj, row)


# --- agenda, decisions, action items ----------------------------------------------------------------------

@router.get(M + "/agenda", response={200: list[AgendaItemOut], **READ_ERRORS}, summary="The agenda",
            openapi_extra=declare(VIEW))
def agenda_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID) -> list[dict[str, Any]]:
    _m, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    return [_agenda(a) for a in AgendaItem.objects.filter(meeting=row).order_by("position", "id")]


@router.post(M + "/agenda", response={201: AgendaItemOut, **WRITE_ERRORS}, summary="Add an agenda item",
             openapi_extra=declare(MANAGE))
def agenda_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
               payload: AgendaItemIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    item = services.add_agenda_item(actor=request.auth, membership=membership, meeting=row, text=payload.text,
                                    ref=payload.ref)
    return Status(201, _agenda(item))


@router.delete(M + "/agenda/{uuid:agenda_item}", response={204: None, **WRITE_ERRORS},
               summary="Remove an agenda item", openapi_extra=declare(MANAGE))
def agenda_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                  agenda_item: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    services.delete_agenda_item(actor=request.auth, membership=membership,
                                item=access.get_agenda_item(row, agenda_item))
    return Status(204, None)


@router.get(M + "/decisions", response={200: list[DecisionOut], **READ_ERRORS}, summary="The decisions",
            openapi_extra=declare(VIEW))
def decision_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                  meeting: UUID) -> list[dict[str, Any]]:
    _m, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    return [{"id": d.uuid, "text": d.text} for d in Decision.objects.filter(meeting=row).order_by("position", "id")]


@router.post(M + "/decisions", response={201: DecisionOut, **WRITE_ERRORS}, summary="Record a decision",
             openapi_extra=declare(MANAGE))
def decision_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                 payload: MeetingDecisionIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    d = services.add_decision(actor=request.auth, membership=membership, meeting=row, text=payload.text)
    return Status(201, {"id": d.uuid, "text": d.text})


@router.delete(M + "/decisions/{uuid:decision}", response={204: None, **WRITE_ERRORS}, summary="Remove a decision",
               openapi_extra=declare(MANAGE))
def decision_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                    decision: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    services.delete_decision(actor=request.auth, membership=membership, decision=access.get_decision(row, decision))
    return Status(204, None)


@router.get(M + "/action-items", response={200: list[ActionItemOut], **READ_ERRORS}, summary="The action items",
            openapi_extra=declare(VIEW))
def action_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                meeting: UUID) -> list[dict[str, Any]]:
    _m, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    return [_action(a) for a in ActionItem.objects.filter(meeting=row).select_related("owner", "task")
            .order_by("position", "id")]


@router.post(M + "/action-items", response={201: ActionItemOut, **WRITE_ERRORS},
             summary="Add an action item (owner: a team member)", openapi_extra=declare(MANAGE))
def action_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
               payload: ActionItemIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    item = services.add_action_item(actor=request.auth, membership=membership, meeting=row, text=payload.text,
                                    owner=_person(obj, payload.owner), due=payload.due)
    return Status(201, _action(item))


@router.patch(M + "/action-items/{uuid:action_item}", response={200: ActionItemOut, **WRITE_ERRORS},
              summary="Change an action item (fields left out stay)", openapi_extra=declare(MANAGE))
def action_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                  action_item: UUID, payload: ActionItemPatch) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    item = access.get_action_item(row, action_item)
    data = payload.dict(exclude_unset=True)
    if data.get("text") is None:
        data.pop("text", None)
    if "owner" in data:
        data["owner"] = _person(obj, data["owner"])
    services.update_action_item(actor=request.auth, membership=membership, item=item, **data)
    return _action(item)


@router.delete(M + "/action-items/{uuid:action_item}", response={204: None, **WRITE_ERRORS},
               summary="Remove an action item", openapi_extra=declare(MANAGE))
def action_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                  action_item: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    services.delete_action_item(actor=request.auth, membership=membership,
                                item=access.get_action_item(row, action_item))
    return Status(204, None)


@router.post(M + "/action-items/to-tasks", response={200: list[ActionItemOut], **WRITE_ERRORS},
             summary="Make a board card of each action item that has none yet (once each)",
             openapi_extra=declare(MANAGE))
def actions_to_tasks(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, meeting: UUID,
                     payload: ToTasksIn) -> list[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    row = access.get_meeting(obj, meeting)
    items = None if payload.items is None else [access.get_action_item(row, u) for u in payload.items]
    made = services.actions_to_tasks(actor=request.auth, membership=membership, meeting=row, items=items)
    return [_action(a) for a in made]
