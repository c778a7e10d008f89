"""The calendar's read models (``cadence/content/queries.py``): the month grid in the engagement's time
zone with the frequency plan's slots, the week, the list, what client users see, the approvals inbox, and
query counts that do not grow with the number of posts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.content import queries
from cadence.content.models import ContentSettings
from tests.content.cal_fixtures import m_of, plan, post

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(dt.date(2026, 11, 1))


def days_of(grid):
    return {d.date: d for week in grid.weeks for d in week}


def test_the_month_is_whole_weeks_monday_first(engagement, manager):
    grid = queries.month_grid(m_of(manager, engagement), engagement, NOV, queries.Filters())
    first = grid.weeks[0][0].date
    assert first == dt.date(2026, 10, 26) and first.weekday() == 0
    assert grid.weeks[-1][-1].date == dt.date(2026, 12, 6)
    assert all(len(week) == 7 for week in grid.weeks)
    assert grid.previous == dt.date(2026, 10, 1) and grid.next == dt.date(2026, 12, 1)
    assert [d.in_month for d in grid.weeks[0]] == [False] * 6 + [True]


def test_a_post_sits_on_its_day_in_the_engagements_time_zone(engagement, manager):
    # 23:30 in Bucharest on 2 November is 21:30 UTC: the same local day; 00:30 on 3 November is 22:30 UTC
    # on the 2nd, shown on the 3rd
    late = post(engagement, day=dt.date(2026, 11, 2), hour=23, title="Late")
    early = post(engagement, day=dt.date(2026, 11, 3), hour=0, title="Early")
    assert early.publish_at.astimezone(dt.UTC).date() == dt.date(2026, 11, 2)
    grid = queries.month_grid(m_of(manager, engagement), engagement, NOV, queries.Filters())
    days = days_of(grid)
    assert [c.title for c in days[dt.date(2026, 11, 2)].posts] == ["Late"]
    assert [(c.title, c.time) for c in days[dt.date(2026, 11, 3)].posts] == [("Early", "00:00")]
    assert late.uuid and grid.count == 2


def test_client_users_never_see_ideas_or_drafts(engagement, approver, viewer, manager):
    post(engagement, day=dt.date(2026, 11, 4), status="draft", title="Draft")
    post(engagement, status="idea", title="Idea")
    post(engagement, day=dt.date(2026, 11, 5), status="in_review", title="Review")
    post(engagement, day=dt.date(2026, 11, 6), status="scheduled", title="Scheduled")
    for user in (approver, viewer):
        grid = queries.month_grid(m_of(user, engagement), engagement, NOV, queries.Filters())
        titles = [c.title for d in days_of(grid).values() for c in d.posts] + [c.title for c in grid.unscheduled]
        assert sorted(titles) == ["Review", "Scheduled"]
    team = queries.month_grid(m_of(manager, engagement), engagement, NOV, queries.Filters())
    assert [c.title for c in team.unscheduled] == ["Idea"]
    assert team.count == 3


def test_filters_and_unknown_filter_values(engagement, manager):
    post(engagement, day=dt.date(2026, 11, 4), channel="instagram", status="draft", title="IG")
    post(engagement, day=dt.date(2026, 11, 4), channel="linkedin", fmt="text", status="approved", title="LI")
    m = m_of(manager, engagement)
    grid = queries.month_grid(m, engagement, NOV, queries.Filters(channel="linkedin"))
    assert [c.title for c in days_of(grid)[dt.date(2026, 11, 4)].posts] == ["LI"]
    grid = queries.month_grid(m, engagement, NOV, queries.Filters(status="draft"))
    assert [c.title for c in days_of(grid)[dt.date(2026, 11, 4)].posts] == ["IG"]
    f = queries.parse_filters({"channel": "myspace", "status": "lost", "objective": "nope"}, objectives={})
    assert f == queries.Filters()
    assert queries.parse_filters({"status": "draft"}, client=True).status == ""
    assert queries.parse_month("2026-13", NOV) == NOV and queries.parse_month("99999-1", NOV) == NOV
    assert queries.parse_month("2027-02", NOV) == dt.date(2027, 2, 1)
    assert queries.parse_day("2026-02-30", NOV) == NOV


def test_the_frequency_plan_shows_empty_slots_to_the_team_only(engagement, manager, approver):
    plan(engagement, "instagram", 2, [1, 3])  # Tuesdays and Thursdays
    post(engagement, day=dt.date(2026, 11, 10), channel="instagram")  # fills Tuesday of the week of 9 November
    grid = queries.month_grid(m_of(manager, engagement), engagement, NOV, queries.Filters())
    days = days_of(grid)
    # week of 2 November: Tuesday 3 and Thursday 5 are empty; week of 9: Thursday 12 only
    assert days[dt.date(2026, 11, 3)].slots == [("instagram", "Instagram")]
    assert days[dt.date(2026, 11, 5)].slots == [("instagram", "Instagram")]
    assert days[dt.date(2026, 11, 10)].slots == []
    assert days[dt.date(2026, 11, 12)].slots == [("instagram", "Instagram")]
    # the past (before 1 November, today) gets no slot
    assert days[dt.date(2026, 10, 27)].slots == []
    client_grid = queries.month_grid(m_of(approver, engagement), engagement, NOV, queries.Filters())
    assert client_grid.slots == 0
    filtered = queries.month_grid(m_of(manager, engagement), engagement, NOV, queries.Filters(channel="tiktok"))
    assert filtered.slots == 0


def test_the_week(engagement, manager):
    post(engagement, day=dt.date(2026, 11, 4), hour=18, title="Evening")
    post(engagement, day=dt.date(2026, 11, 4), hour=9, title="Morning")
    post(engagement, day=dt.date(2026, 11, 9), title="Next week")
    week = queries.week_view(m_of(manager, engagement), engagement, dt.date(2026, 11, 6), queries.Filters())
    assert week.monday == dt.date(2026, 11, 2) and len(week.days) == 7
    assert [c.title for c in week.days[2].posts] == ["Morning", "Evening"]
    assert week.count == 2


def test_the_list_sorts_by_date_with_undated_last(engagement, manager):
    post(engagement, day=dt.date(2026, 11, 9), title="B")
    post(engagement, day=dt.date(2026, 11, 2), title="A")
    post(engagement, title="Undated", status="idea")
    m = m_of(manager, engagement)
    assert [str(p) for p in queries.list_posts(m, engagement, queries.Filters(), "date")] == ["A", "B", "Undated"]
    assert [str(p) for p in queries.list_posts(m, engagement, queries.Filters(), "-date")] == ["B", "A", "Undated"]


def test_the_approvals_inbox(engagement, approver, viewer, manager, specialist):
    old = post(engagement, day=dt.date(2026, 11, 20), status="in_review", title="Old")
    new = post(engagement, day=dt.date(2026, 11, 10), status="in_review", title="New")
    post(engagement, day=dt.date(2026, 11, 11), status="draft", title="Draft")
    from cadence.content.models import Post
    Post.objects.filter(pk=old.pk).update(updated_at=dt.datetime(2026, 10, 25, 9, tzinfo=dt.UTC))
    Post.objects.filter(pk=new.pk).update(updated_at=dt.datetime(2026, 10, 31, 9, tzinfo=dt.UTC))
    rows = queries.approvals_inbox(m_of(approver, engagement))
    assert [r.chip.title for r in rows] == ["Old", "New"]  # oldest waiting first
    assert rows[0].waiting_days >= 6
    assert queries.approvals_inbox(m_of(viewer, engagement)) == []
    assert queries.approvals_inbox(m_of(specialist, engagement)) == []
    assert queries.approvals_inbox(m_of(manager, engagement)) == []  # the client approves
    ContentSettings.objects.create(workspace=engagement.workspace, engagement=engagement, approval_required=False)
    assert queries.approvals_inbox(m_of(approver, engagement)) == []
    assert [r.chip.title for r in queries.approvals_inbox(m_of(manager, engagement))] == ["Old", "New"]


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["month", "week", "list", "inbox"])
def test_query_counts_do_not_grow_with_posts(engagement, manager, approver, view):
    plan(engagement, "instagram", 3, [0, 2, 4])
    m, a = m_of(manager, engagement), m_of(approver, engagement)
    assert m.workspace and a.workspace  # loaded once, as the request's membership is

    def make(n):
        for i in range(n):
            post(engagement, day=dt.date(2026, 11, 1) + dt.timedelta(days=i % 30), hour=8 + i % 12,
                 channel=("instagram", "linkedin", "x")[i % 3], fmt=("image", "text", "text")[i % 3],
                 status=("draft", "in_review", "scheduled", "idea")[i % 4], title=f"Post {i}")

    def run():
        if view == "month":
            queries.month_grid(m, engagement, NOV, queries.Filters())
        elif view == "week":
            queries.week_view(m, engagement, dt.date(2026, 11, 4), queries.Filters())
        elif view == "list":
            queries.list_rows(m, engagement, list(queries.list_posts(m, engagement, queries.Filters(), "date")), {})
        else:
            queries.approvals_inbox(a)

    make(10)
    few = _count(run)
    make(190)
    many = _count(run)
    assert few == many, (few, many)
    assert many <= 6
