"""The client portal's read model: ``portal_view(membership)`` composes, for a client user, what other apps
compute (this app has no models and computes no figure of its own):

* their engagements (the clients they have access to, as approver or viewer: ``engagements.access``);
* one inbox of what waits for the client's decision, the longest waiting first: the plan versions in review
  (``plans.queries.versions_in_review``) and the posts in review that need the client's approval
  (``content.queries.waiting_for_client``); ``can_decide`` only where the user is the client's approver;
* each engagement's brief with how much of it is answered (``plans.queries.brief_progress``);
* the next meeting of each engagement (``meetings.queries.upcoming``) and the last report sent
  (``reports.queries.latest_deliveries``: the archived PDF);
* the timeline of one engagement (the chosen one, else the first) with its phases, gates and the dates that
  moved in the client's words (``engagements.queries.client_timeline``: the engagement page's Gantt).

A constant number of queries whatever the number of engagements (tests/portal count them with 1 and 5). The
page and the JSON API read this one view. Nothing internal is read: posts from review on, plan versions in
review, sent reports; no budget, no hours of the team, no internal comments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from cadence import tenancy
from cadence.content import queries as content_queries
from cadence.core import clock
from cadence.core.models import ClientRole, Membership
from cadence.engagements import access as engagement_access
from cadence.engagements import queries as engagement_queries
from cadence.meetings import queries as meeting_queries
from cadence.plans import queries as plan_queries
from cadence.reports import queries as report_queries

Engagement = Any  # cadence.engagements' model: apps meet through access, queries and services only

PLAN, POST = "plan", "post"


@dataclass(frozen=True)
class InboxItem:
    """One thing waiting for the client's decision: a plan version or a post."""

    kind: str  # PLAN or POST
    engagement: Engagement
    title: str
    detail: str  # the post's channel, or ""
    url: str  # the page to read it on (the plan version, the post)
    since: dt.datetime
    waiting_days: int
    can_decide: bool  # the user is the client's approver (a viewer reads the inbox)
    number: int = 0  # a plan version's number
    post_uuid: str = ""
    revision: int = 0  # the post's revision the decision is about

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.engagement.uuid}-{self.number or self.post_uuid}"


@dataclass(frozen=True)
class MeetingLine:
    title: str
    starts_at: dt.datetime
    url: str


@dataclass(frozen=True)
class ReportLine:
    month: dt.date
    sent_at: dt.datetime
    url: str  # the archived PDF exactly as it was sent


@dataclass(frozen=True)
class EngagementCard:
    engagement: Engagement
    role: str  # approver or viewer
    url: str  # the engagement's page (the client's view)
    brief: plan_queries.BriefProgress
    brief_url: str
    waiting: int
    next_meeting: MeetingLine | None
    latest_report: ReportLine | None
    can_send: bool  # may send materials (files.send)

    @property
    def is_approver(self) -> bool:
        return self.role == ClientRole.APPROVER


@dataclass
class PortalView:
    membership: Membership
    cards: list[EngagementCard]
    inbox: list[InboxItem]
    selected: EngagementCard | None
    timeline: engagement_queries.ClientTimeline | None
    sections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def can_decide_any(self) -> bool:
        return any(item.can_decide for item in self.inbox)


def _engagements(membership: Membership) -> list[Engagement]:
    return list(engagement_access.visible_engagements(membership).filter(archived=False)
                .order_by("client__name", "start_date", "id"))


def _meeting_line(engagement: Engagement, brief: meeting_queries.MeetingBrief) -> MeetingLine:
    """The next meeting, its start in the engagement's time zone (as the meeting page shows it)."""
    return MeetingLine(str(brief.title), brief.starts_at.astimezone(meeting_queries.zone_of(engagement)),
                       reverse(brief.url_name, args=list(brief.url_args)))


def portal_view(membership: Membership, *, selected: str = "", with_timeline: bool = True) -> PortalView:
    """Everything the client portal shows the member (a client user)."""
    slug = membership.workspace.slug
    engagements = _engagements(membership)
    roles = tenancy.client_roles(membership)
    ids = [e.pk for e in engagements]
    now = clock.now()
    briefs = plan_queries.brief_progress(ids)
    deliveries = report_queries.latest_deliveries(ids)
    meetings = meeting_queries.upcoming(ids, now=now, per_engagement=1)
    by_id = {e.pk: e for e in engagements}

    inbox: list[InboxItem] = []
    for version in plan_queries.versions_in_review(ids):
        eng = by_id[version.engagement_id]
        since = version.submitted_at or now
        inbox.append(InboxItem(
            kind=PLAN, engagement=eng, title=str(eng.name), detail="",
            url=reverse("plans:version-detail", args=[slug, eng.uuid, version.number]), since=since,
            waiting_days=max(0, (now - since).days),
            can_decide=roles.get(eng.client_id) == ClientRole.APPROVER
            and tenancy.can(membership, "plans.review", client=eng.client),
            number=version.number))
    for row in content_queries.waiting_for_client(slug, ids):
        eng = next(e for e in engagements if str(e.uuid) == row.engagement_uuid)
        inbox.append(InboxItem(
            kind=POST, engagement=eng, title=row.chip.title, detail=row.chip.channel_label, url=row.chip.url,
            since=row.waiting_since, waiting_days=row.waiting_days,
            can_decide=tenancy.can(membership, "content.approve", client=eng.client),
            post_uuid=row.chip.uuid, revision=row.revision))
    inbox.sort(key=lambda item: item.since)

    waiting: dict[int, int] = {}
    for item in inbox:
        waiting[item.engagement.pk] = waiting.get(item.engagement.pk, 0) + 1
    cards = []
    for eng in engagements:
        delivery = deliveries.get(eng.pk)
        upcoming = meetings.get(eng.pk) or []
        cards.append(EngagementCard(
            engagement=eng, role=roles.get(eng.client_id, ClientRole.VIEWER),
            url=reverse("engagements:engagement-detail", args=[slug, eng.uuid]),
            brief=briefs[eng.pk], brief_url=reverse("plans:plan-brief", args=[slug, eng.uuid]),
            waiting=waiting.get(eng.pk, 0),
            next_meeting=_meeting_line(eng, upcoming[0]) if upcoming else None,
            latest_report=ReportLine(delivery.report.month, delivery.sent_at, reverse(
                "reports:delivery-pdf", args=[slug, eng.uuid, delivery.uuid])) if delivery else None,
            can_send=tenancy.can(membership, "files.send", client=eng.client),
        ))
    chosen = next((c for c in cards if str(c.engagement.uuid) == selected), cards[0] if cards else None)
    timeline = (engagement_queries.client_timeline(chosen.engagement)
                if chosen is not None and with_timeline else None)
    sections = plan_queries.section_choices() if any(i.kind == PLAN and i.can_decide for i in inbox) else []
    return PortalView(membership=membership, cards=cards, inbox=inbox, selected=chosen, timeline=timeline,
                      sections=sections)
