"""This app's reads, for its own pages and for the others (the portal, the overview, the monthly report):

* ``upcoming(engagement_ids, now=, per_engagement=)``: the next scheduled meetings of many engagements in one
  query (a window function ranks each engagement's meetings), as ``MeetingBrief`` values;
* ``month_meetings(engagement, month)``: the meetings of a calendar month (in the engagement's zone) that took
  place or are planned, with their decisions (two queries);
* the lists and the detail of the meeting pages.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from cadence.accounts.models import User
from cadence.meetings.models import ActionItem, AgendaItem, Decision, Meeting, Status

RUNNING_SLACK = 4  # meetings that began in the last 4 hours may have ended: rank a few more than asked


@dataclass(frozen=True)
class MeetingBrief:
    """A meeting as another app shows it: ``reverse(url_name, args=url_args)`` is its page."""

    uuid: UUID
    engagement_id: int
    title: str
    starts_at: dt.datetime  # aware (UTC); show it in the engagement's zone
    url_name: str = "meetings:meeting"
    url_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class MonthMeeting:
    uuid: UUID
    title: str
    starts_at: dt.datetime  # aware, in the engagement's zone
    status: str
    decisions: list[str] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return self.starts_at.date()

    @property
    def time_text(self) -> str:
        return f"{self.starts_at:%H:%M}"


def zone_of(engagement: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(engagement.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def upcoming(engagement_ids: Iterable[int], *, now: dt.datetime, per_engagement: int = 1) -> dict[int, list[MeetingBrief]]:
    """engagement id -> its next ``per_engagement`` scheduled meetings (not yet ended) from ``now``, soonest
    first; an engagement without one is absent. One query, whatever the number of engagements (the caller is in
    the workspace's scope; the ids are engagements it may see)."""
    ids = sorted(set(engagement_ids))
    if not ids or per_engagement < 1:
        return {}
    rows = (Meeting.objects.filter(engagement_id__in=ids, status=Status.SCHEDULED,
                                   starts_at__gte=now - dt.timedelta(hours=4))
            .annotate(rank=Window(RowNumber(), partition_by=[F("engagement_id")],
                                  order_by=[F("starts_at").asc(), F("id").asc()]))
            .filter(rank__lte=per_engagement + RUNNING_SLACK)
            .values_list("uuid", "engagement_id", "title", "starts_at", "duration_minutes", "rank",
                         "workspace__slug", "engagement__uuid"))
    out: dict[int, list[MeetingBrief]] = {}
    for uuid, engagement_id, title, starts_at, minutes, _rank, slug, engagement_uuid in rows:
        if starts_at + dt.timedelta(minutes=minutes) < now:  # began up to 4 hours ago and has ended
            continue
        briefs = out.setdefault(engagement_id, [])
        if len(briefs) < per_engagement:
            briefs.append(MeetingBrief(uuid=uuid, engagement_id=engagement_id, title=title, starts_at=starts_at,
                                       url_args=(slug, str(engagement_uuid), str(uuid))))
    return out


def month_meetings(engagement: Any, month: dt.date) -> list[MonthMeeting]:
    """The meetings of ``month`` (its first day; the month in the engagement's zone) that are not cancelled,
    in order, each with its decisions. Two queries."""
    zone = zone_of(engagement)
    first = dt.datetime.combine(month.replace(day=1), dt.time(), zone)
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = dt.datetime.combine(nxt, dt.time(), zone)
    meetings = (Meeting.objects.filter(workspace_id=engagement.workspace_id, engagement_id=engagement.pk,
                                       starts_at__gte=first, starts_at__lt=end)
                .exclude(status=Status.CANCELLED)
                .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("position", "id"))))
    return [MonthMeeting(uuid=m.uuid, title=m.title, starts_at=m.starts_at.astimezone(zone), status=m.status,
                         decisions=[d.text for d in m.decisions.all()]) for m in meetings]


def meetings_of(engagement: Any) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(workspace_id=engagement.workspace_id, engagement_id=engagement.pk)
            .select_related("series"))


def split(engagement: Any, now: dt.datetime) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, soonest first; past, latest first): a meeting is past once it ended, was closed or cancelled
    before its time."""
    upcoming_list: list[Meeting] = []
    past: list[Meeting] = []
    for m in meetings_of(engagement):
        ended = m.starts_at + dt.timedelta(minutes=m.duration_minutes) < now
        if m.status == Status.SCHEDULED and not ended:
            upcoming_list.append(m)
        elif m.status == Status.CANCELLED and not ended:
            upcoming_list.append(m)
        else:
            past.append(m)
    past.reverse()
    return upcoming_list, past


def detail(meeting: Meeting) -> Meeting:
    """The meeting with its participants, agenda, decisions and action items (with owners and cards)."""
    return (Meeting.objects.filter(pk=meeting.pk)
            .select_related("engagement", "engagement__client", "engagement__workspace", "series")
            .prefetch_related("participants",
                              Prefetch("agenda", queryset=AgendaItem.objects.order_by("position", "id")),
                              Prefetch("decisions", queryset=Decision.objects.order_by("position", "id")),
                              Prefetch("actions", queryset=ActionItem.objects.select_related("owner", "task")
                                       .order_by("position", "id")))
            .get())


def participant_choices(engagement: Any) -> list[tuple[User, bool]]:
    """(user, is a client user) of everyone who may take part: the workspace's team (who all see every client's
    engagements) and the client users with access to the engagement's client; team first, by name. Two queries."""
    from cadence.core.models import ClientAccess, Membership, Role

    team = (Membership.objects.filter(workspace_id=engagement.workspace_id).exclude(role=Role.CLIENT)
            .select_related("user"))
    clients = (ClientAccess.objects.filter(workspace_id=engagement.workspace_id, client_id=engagement.client_id)
               .select_related("membership__user"))
    people = [(m.user, False) for m in team if m.user.is_active]
    people += [(a.membership.user, True) for a in clients if a.membership.user.is_active]
    return sorted(people, key=lambda p: (p[1], p[0].display_name.lower(), p[0].pk))


def agenda_choices(engagement: Any) -> list[tuple[str, str, str]]:
    """(kind, value, label) an agenda item can link to: the plan's sections, the KPIs off track and the posts
    waiting for approval (from the plans', KPIs' and content's queries)."""
    from cadence.content import queries as content_queries
    from cadence.kpis import queries as kpi_queries
    from cadence.plans import queries as plan_queries

    out = [("plan_section", f"plan_section:{key}", str(label)) for key, label in plan_queries.section_choices()]
    out += [("kpi", f"kpi:{k.uuid}", k.name) for k in kpi_queries.kpi_list(engagement) if k.status == "off_track"]
    out += [("post", f"post:{p.uuid}", p.title or str(p)) for p in content_queries.posts_waiting_for_approval(engagement)]
    return out


def agenda_links(workspace_slug: str, engagement: Any, items: Iterable[AgendaItem]) -> dict[int, str]:
    """agenda item id -> the page of what it links to ("" for free text)."""
    from django.urls import reverse

    links: dict[int, str] = {}
    for item in items:
        url = ""
        if item.ref_kind == "plan_section" and item.ref_key:
            url = reverse("plans:plan-section", args=[workspace_slug, engagement.uuid, item.ref_key])
        elif item.ref_kind == "kpi" and item.ref_uuid:
            url = reverse("kpis:kpi", args=[workspace_slug, engagement.uuid, item.ref_uuid])
        elif item.ref_kind == "post" and item.ref_uuid:
            url = reverse("content:post-detail", args=[workspace_slug, engagement.uuid, item.ref_uuid])
        links[item.pk] = url
    return links


__all__ = ["MeetingBrief", "MonthMeeting", "agenda_choices", "agenda_links", "detail", "meetings_of", "month_meetings", "participant_choices", "split", "upcoming", "zone_of"]
