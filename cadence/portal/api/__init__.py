"""The client portal in the JSON API, mounted by the central API through ``PortalConfig.api_router``: the
summary a client user's portal shows (``queries.portal_view``): their engagements with the brief's progress,
the next meeting and the last report sent, and the inbox of what waits for the client's decision (plan versions
and posts in review, the longest waiting first). ``portal.view``: client users (the team has its own pages).
Decisions go through the plans and content routes (``/plan/versions/{n}/approve``, ``/posts/{post}/approve``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, Router, capability, declare
from cadence.http import ApiRequest
from cadence.portal import queries

router = Router(tags=["portal"])
VIEW = capability("portal.view")


class PortalMeetingOut(Schema):
    title: str
    starts_at: dt.datetime


class PortalReportOut(Schema):
    month: dt.date
    sent_at: dt.datetime
    pdf: str = Field(..., description="The archived PDF exactly as it was sent (a path of this site).")


class PortalBriefOut(Schema):
    has_plan: bool
    answered: int
    questions: int


class PortalEngagementOut(Schema):
    id: UUID
    name: str
    client: str
    role: str = Field(..., description="The caller's role for the engagement's client: approver or viewer.")
    brief: PortalBriefOut
    waiting: int = Field(..., description="How many items of the inbox are this engagement's.")
    next_meeting: PortalMeetingOut | None
    latest_report: PortalReportOut | None


class PortalInboxItemOut(Schema):
    kind: str = Field(..., description="plan (a plan version in review) or post (a post in review).")
    engagement: UUID
    title: str
    version: int | None = Field(None, description="plan: the version's number.")
    post: UUID | None = Field(None, description="post: the post's id.")
    revision: int | None = Field(None, description="post: the revision an approval is about.")
    since: dt.datetime
    waiting_days: int
    can_decide: bool = Field(..., description="Whether the caller approves it (the client's approver).")


class PortalOut(Schema):
    engagements: list[PortalEngagementOut]
    inbox: list[PortalInboxItemOut]


def summary(view: queries.PortalView) -> dict[str, Any]:
    return {
        "engagements": [{
            "id": c.engagement.uuid, "name": c.engagement.name, "client": c.engagement.client.name, "role": c.role,
            "brief": {"has_plan": c.brief.has_plan, "answered": c.brief.answered, "questions": c.brief.questions},
            "waiting": c.waiting,
            "next_meeting": ({"title": c.next_meeting.title, "starts_at": c.next_meeting.starts_at}
                             if c.next_meeting else None),
            "latest_report": ({"month": c.latest_report.month, "sent_at": c.latest_report.sent_at,
                               "pdf": c.latest_report.url} if c.latest_report else None),
        } for c in view.cards],
        "inbox": [{
            "kind": i.kind, "engagement": i.engagement.uuid, "title": i.title,
            "version": i.number if i.kind == queries.PLAN else None,
            "post": UUID(i.post_uuid) if i.kind == queries.POST else None,
            "revision": i.revision if i.kind == queries.POST else None,
            "since": i.since, "waiting_days": i.waiting_days, "can_decide": i.can_decide,
        } for i in view.inbox],
    }


@router.get("/workspaces/{workspace}/portal", response={200: PortalOut, **READ_ERRORS},
            summary="The client portal's summary: engagements, what waits for approval, next meetings, last reports",
            openapi_extra=declare(VIEW))
def portal(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, Any]:
    return summary(queries.portal_view(request.membership, with_timeline=False))

