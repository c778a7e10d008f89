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

from cadence.meetings.models import ActionItem, AgendaItem, Decision, Meeting, Status


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
            .values_list("uuid", "engagement_id", "title", "starts_at", "duration_minutes", "rank",
                         "workspace__slug", "engagement__uuid"))
    out: dict[int, list[MeetingBrief]] = {}
    for uuid, engagement_id, title, starts_at, minutes, rank, slug, engagement_uuid in rows:
        if rank > per_engagement * 4 or starts_at + dt.timedelta(minutes=minutes) < now:
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


__all__ = ["MeetingBrief", "MonthMeeting", "detail", "meetings_of", "month_meetings", "split", "upcoming", "zone_of"]
