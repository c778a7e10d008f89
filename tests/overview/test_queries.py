"""The overview's read model: each column is another app's figure (the same as that app's own page), flags and
filters, and a constant number of queries with 5 and with 100 engagements (asserted)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.engagements import queries as engagement_queries
from cadence.overview import queries
from cadence.overview.domain import table

pytestmark = pytest.mark.django_db


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_the_query_count_is_the_same_with_5_and_100_engagements(make_engagements, m, today):
    make_engagements(5)
    queries.overview(m["owner"], table.TableQuery())  # the stored schedules are current from here on
    five = count_queries(lambda: queries.overview(m["owner"], table.TableQuery()))
    capacity_five = count_queries(lambda: queries.team_capacity(m["owner"]))
    make_engagements(95)
    queries.overview(m["owner"], table.TableQuery())
    view = queries.overview(m["owner"], table.TableQuery(sort="hours", descending=True, flags=("kpis",)))
    assert view.total == 100 and len(view.rows) == 100
    hundred = count_queries(lambda: queries.overview(m["owner"], table.TableQuery()))
    capacity_hundred = count_queries(lambda: queries.team_capacity(m["owner"]))
    assert five == hundred, (five, hundred)
    assert capacity_five == capacity_hundred, (capacity_five, capacity_hundred)
    assert hundred <= 20


def test_each_column_is_the_other_apps_figure(make_engagements, m, today):
    (engagement,) = make_engagements(1)
    row = queries.overview(m["owner"], table.TableQuery()).rows[0]
    # hours: the engagement page's and the hours page's row of this month
    page = engagement_queries.this_month(engagement)
    assert row.hours is not None and page is not None
    assert (row.hours.logged, row.hours.available, row.hours.usage_percent, row.hours.level) == (
        page.logged, page.available, page.usage_percent, page.level) == (Decimal(10), Decimal(40), 25, "ok")
    # the schedule: the stored one's current phase and next gate
    schedule = engagement_queries.schedule_for(engagement)
    phases, gates = engagement_queries.engagement_names(engagement)
    gate = next(g for g in schedule.gates if g.status != "passed")
    assert row.gate_name == gates[gate.key] and row.gate_date == gate.date
    assert row.phase_name in phases.values()
    assert row.plan_waiting and row.posts_waiting == 1 and row.approvals == 2
    assert row.waiting_days == 5  # the plan version since 13 November
    assert row.kpis_off == 1 and row.overdue == 1
    assert row.budget is not None and (row.budget.planned, row.budget.actual, row.budget.variance) == (
        Decimal(500), Decimal(620), Decimal(-120))
    assert row.meeting is not None and row.meeting.title == "Monthly review"
    assert row.meeting.starts_at.utcoffset() == dt.timedelta(hours=2)  # in the engagement's zone
    assert row.report is not None and row.report.month == dt.date(2026, 10, 1)
    late = [phases[p.key] for p in schedule.phases
            if p.status.value != "done" and (p.end_shift > 0 or (p.end is not None and p.end < today))]
    assert list(row.late) == late and late  # 10 hours in two and a half months: the phases moved later
    assert row.flags == frozenset({"kpis", "overdue", "approvals", "budget", "late"})


def test_hours_flags_mark_80_and_100_percent(workspace, client_obj, owner, specialist, m, today):
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate
    from tests.overview.conftest import fill

    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    made = {}
    for name, hours in (("Low", Decimal(8)), ("Near", Decimal(34)), ("Full", Decimal(40))):
        made[name] = services.create_engagement(
            actor=owner, workspace=workspace, client=client_obj, template=template, name=name,
            start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(40), country="RO", time_zone="Europe/Bucharest",
            currency="EUR", language="ro", close_after_days=60)
        fill(made[name], owner, specialist, today, hours=hours)
    rows = {r.name: r for r in queries.overview(m["owner"], table.TableQuery()).rows}
    assert "hours80" not in rows["Low"].flags
    assert "hours80" in rows["Near"].flags and "hours100" not in rows["Near"].flags
    assert {"hours80", "hours100"} <= rows["Full"].flags
    near = queries.overview(m["owner"], table.TableQuery(flags=("hours80",)))
    assert [r.name for r in near.rows] == ["Full", "Near"]
    by_hours = queries.overview(m["owner"], table.TableQuery(sort="hours", descending=True))
    assert [r.name for r in by_hours.rows] == ["Full", "Near", "Low"]


def test_filters_by_client_and_manager_and_archived_are_left_out(make_engagements, m, today, other_client,
                                                                  owner, manager):
    first, second, third = make_engagements(3)
    second.client = other_client
    second.manager = manager
    second.save()
    third.archived = True
    third.save()
    view = queries.overview(m["owner"], table.TableQuery())
    assert view.total == 2 and {c.label for c in view.clients} == {"Brutărie Dulce", "Other Co"}
    assert [c.label for c in view.managers] == ["Mihai Manager"]
    only = queries.overview(m["owner"], table.TableQuery(client=str(other_client.uuid)))
    assert [r.name for r in only.rows] == [second.name]
    managed = queries.overview(m["owner"], table.TableQuery(manager=str(m["manager"].uuid)))
    assert [r.name for r in managed.rows] == [second.name]
    nobody = queries.overview(m["owner"], table.TableQuery(manager="none"))
    assert [r.name for r in nobody.rows] == [first.name]


def test_team_capacity_spreads_each_persons_open_cards(make_engagements, m, today, specialist):
    make_engagements(1)
    m["specialist"].weekly_capacity = 10
    m["specialist"].save()
    view = queries.team_capacity(m["owner"], today=today)
    person = next(p for p in view.people if p.name == "Sofia Specialist")
    # the open card: 10 h due next Tuesday (5 working days from Wednesday); the late card: 5 h overdue
    assert person.load.load.weeks[0] == Decimal(6) and person.load.load.weeks[1] == Decimal(4)
    assert person.load.load.overdue == Decimal(5) and person.capacity == 10
    assert [c.over for c in person.load.cells][:2] == [False, False]
    assert {p.name for p in view.people} == {"Olga Owner", "Mihai Manager", "Sofia Specialist"}  # no client users
