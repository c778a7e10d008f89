"""Posts for the calendar's tests, written as rows (the read models are under test here, not the
workflow: ``test_services.py`` is the posts helper's)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from cadence.content.models import FrequencyPlan, Post
from cadence.core.models import Membership

BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A wall-clock time in Bucharest (the test engagement's time zone), aware."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BUCHAREST)


def post(engagement, *, day: dt.date | None = None, hour: int = 10, channel: str = "instagram", fmt: str = "image",
         status: str = "draft", title: str = "Autumn menu", **fields) -> Post:
    return Post.objects.create(workspace=engagement.workspace, engagement=engagement, channel=channel, format=fmt,
                               title=title, caption=fields.pop("caption", "Come and taste it."),
                               publish_at=at(day, hour) if day else None, status=status, **fields)


def plan(engagement, channel: str, per_week: int, weekdays: list[int]) -> FrequencyPlan:
    return FrequencyPlan.objects.create(workspace=engagement.workspace, engagement=engagement, channel=channel,
                                        per_week=per_week, weekdays=weekdays)


def m_of(user, engagement) -> Membership:
    return Membership.objects.get(user=user, workspace=engagement.workspace)
