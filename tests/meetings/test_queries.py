"""The reads other apps call: ``upcoming`` (one query for many engagements) and ``month_meetings``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.meetings import queries
from cadence.meetings.models import Decision, Meeting, Status

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _meeting(engagement, when, title="Weekly", **kw):
    return Meeting.objects.create(workspace=engagement.workspace, engagement=engagement, title=title,
                                  starts_at=when, **kw)


@pytest.fixture
def second(workspace, client_obj, owner, engagement):
    from cadence.engagements import services

    return services.create_engagement(actor=owner, workspace=workspace, client=client_obj,
                                      template=engagement.template, name="Second", start_date=dt.date(2026, 9, 7),
                                      monthly_hours=10, country="RO", time_zone="Europe/Bucharest",
                                      currency="EUR", language="ro")


def test_upcoming_ranks_per_engagement_in_one_query(engagement, second):
    now = dt.datetime(2026, 11, 10, 9, tzinfo=UTC)
    _meeting(engagement, now - dt.timedelta(days=1), "Past")
    a1 = _meeting(engagement, now + dt.timedelta(days=1), "A1")
    a2 = _meeting(engagement, now + dt.timedelta(days=8), "A2")
    _meeting(engagement, now + dt.timedelta(days=15), "A3")
    _meeting(engagement, now + dt.timedelta(days=2), "Cancelled", status=Status.CANCELLED)
    b1 = _meeting(second, now + dt.timedelta(hours=3), "B1")
    with CaptureQueriesContext(connection) as ctx:
        result = queries.upcoming([engagement.pk, second.pk], now=now, per_engagement=2)
    assert len(ctx.captured_queries) == 1
    assert [b.uuid for b in result[engagement.pk]] == [a1.uuid, a2.uuid]
    assert [b.title for b in result[second.pk]] == [b1.title]
    brief = result[second.pk][0]
    assert brief.starts_at == b1.starts_at and brief.engagement_id == second.pk
    assert brief.url_args == (engagement.workspace.slug, str(second.uuid), str(b1.uuid))
    assert queries.upcoming([], now=now) == {}


def test_upcoming_keeps_a_meeting_that_is_running(engagement):
    now = dt.datetime(2026, 11, 10, 9, 30, tzinfo=UTC)
    running = _meeting(engagement, now - dt.timedelta(minutes=20), duration_minutes=60)
    assert queries.upcoming([engagement.pk], now=now)[engagement.pk][0].uuid == running.uuid


def test_month_meetings_in_the_engagements_zone_with_decisions(engagement):
    # 30 Nov 23:30 in Bucharest is 21:30 UTC: November; 1 Dec 00:30 local is 30 Nov 22:30 UTC: December
    nov = _meeting(engagement, dt.datetime(2026, 11, 30, 21, 30, tzinfo=UTC), "Late November")
    _meeting(engagement, dt.datetime(2026, 11, 30, 22, 30, tzinfo=UTC), "Early December")
    _meeting(engagement, dt.datetime(2026, 11, 5, 10, tzinfo=UTC), "Cancelled", status=Status.CANCELLED)
    Decision.objects.create(workspace=engagement.workspace, meeting=nov, text="Double the budget", position=1)
    Decision.objects.create(workspace=engagement.workspace, meeting=nov, text="Pause TikTok", position=0)
    with CaptureQueriesContext(connection) as ctx:
        rows = queries.month_meetings(engagement, dt.date(2026, 11, 1))
    assert len(ctx.captured_queries) == 2
    assert [r.title for r in rows] == ["Late November"]
    assert rows[0].decisions == ["Pause TikTok", "Double the budget"]
    assert rows[0].starts_at.hour == 23
