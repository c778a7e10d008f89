"""The board's read models: filters, capacity, cards across engagements; query counts stay constant as a
board grows (10 and 200 cards: labels, checklists, time logged, assignees)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.board import queries, services
from cadence.board.models import ChecklistItem, Label, Task, TaskTime
from cadence.engagements.models import TimeEntry
from tests.board.core_fixtures import *  # noqa: F403
from tests.board.core_fixtures import membership_of

pytestmark = pytest.mark.django_db
COLUMNS = ["backlog", "todo", "in_progress", "on_hold", "review", "done"]


def fill(engagement, n, people, phase):
    labels = [Label.objects.get_or_create(workspace=engagement.workspace, name=name, defaults={"colour": colour})[0]
              for name, colour in (("Urgent", "#dc2626"), ("Client", "#2563eb"))]
    tasks = Task.objects.bulk_create([
        Task(workspace=engagement.workspace, engagement=engagement, column=COLUMNS[i % 6], position=i * 1024,
             title=f"Card {i}", assignee=people[i % len(people)], role="designer" if i % 2 else "copywriter",
             estimate=Decimal(2), phase=phase, due=dt.date(2026, 10, 1) + dt.timedelta(days=i % 40))
        for i in range(n)])
    through = Task.labels.through
    through.objects.bulk_create([through(task_id=t.pk, label_id=labels[i % 2].pk) for i, t in enumerate(tasks)]
                                + [through(task_id=t.pk, label_id=labels[1].pk) for t in tasks[::4]])
    ChecklistItem.objects.bulk_create([ChecklistItem(workspace=engagement.workspace, task=t, text=f"Item {k}",
                                                     done=k == 0) for t in tasks for k in range(2)])
    entries = TimeEntry.objects.bulk_create([
        TimeEntry(workspace=engagement.workspace, engagement=engagement, user=people[0], phase=phase,
                  date=dt.date(2026, 10, 1), hours=Decimal("0.5"), note="x") for _ in tasks[::3]])
    TaskTime.objects.bulk_create([TaskTime(workspace=engagement.workspace, task=t, entry=e)
                                  for t, e in zip(tasks[::3], entries, strict=True)])
    return tasks


def count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def fresh(engagement):
    """The engagement as a request loads it (``get_engagement``): nothing prefetched yet."""
    from cadence.engagements.access import get_engagement

    return get_engagement(membership_of(engagement.workspace.memberships.get(role="owner").user,
                                        engagement.workspace), engagement.uuid)


def test_query_counts_stay_the_same_with_10_and_200_cards(today, owner, owner_m, engagement, specialist, phases):
    people = [owner, specialist]
    fill(engagement, 10, people, phases["research"])
    filters = queries.BoardFilters()
    e = fresh(engagement)
    small = (count(lambda: queries.board(owner_m, e, filters)),
             count(lambda: queries.my_work(owner_m, owner, filters)),
             count(lambda: queries.role_board(owner_m, "designer", filters)))
    fill(engagement, 190, people, phases["research"])
    big_board = queries.board(owner_m, engagement, filters)
    assert sum(c.count for c in big_board.columns) == 200
    e = fresh(engagement)
    large = (count(lambda: queries.board(owner_m, e, filters)),
             count(lambda: queries.my_work(owner_m, owner, filters)),
             count(lambda: queries.role_board(owner_m, "designer", filters)))
    assert small == large
    assert all(n <= 10 for n in large), large


def test_board_cards_show_what_a_card_shows(today, owner, owner_m, engagement, specialist, phases, pass_gate):
    label = services.create_label(actor=owner, membership=owner_m, name="Urgent", colour="#dc2626")
    task = services.create_task(actor=owner, membership=owner_m, engagement=engagement, title="Ads", assignee=specialist,
                                role="ads", estimate=6, phase=phases["campaigns"], labels=[label],
                                checklist=["Pixel", "Audiences"], due=dt.date(2026, 10, 1))
    services.set_checklist_item(actor=owner, membership=owner_m, item=ChecklistItem.objects.filter(task=task).first(),
                                done=True)
    view = queries.board(owner_m, engagement, queries.BoardFilters())
    (c,) = [c for col in view.columns for c in col.cards]
    assert (c.title, c.assignee_name, c.role_label, c.checklist_done, c.checklist_total, c.labels, c.overdue) == \
        ("Ads", "Sofia Specialist", "Ads specialist", 1, 2, (("Urgent", "#dc2626"),), True)
    assert c.gate_blocked == "Marketing plan approved" and c.phase_key == "campaigns"
    assert c.engagement_uuid == engagement.uuid and c.client_name == engagement.client.name
    assert [col.column for col in view.columns] == COLUMNS and view.phases[0][0] == "research"
    pass_gate("plan_approved")
    pass_gate("materials_ready", on=dt.date(2026, 10, 1))
    (c,) = [c for col in queries.board(owner_m, fresh(engagement)).columns for c in col.cards]
    assert c.gate_blocked is None


def test_filters(today, owner, owner_m, engagement, specialist, phases):
    label = services.create_label(actor=owner, membership=owner_m, name="Client")
    make = lambda **kw: services.create_task(actor=owner, membership=owner_m, engagement=engagement, **kw)  # noqa: E731
    make(title="mine", assignee=owner, labels=[label], due=dt.date(2026, 10, 1))
    make(title="hers", assignee=specialist, role="designer", phase=phases["research"], due=dt.date(2026, 10, 15))
    make(title="later", due=dt.date(2026, 12, 1))

    def titles(**params):
        f = queries.BoardFilters.from_query(params)
        return sorted(c.title for col in queries.board(owner_m, engagement, f).columns for c in col.cards)

    assert titles() == ["hers", "later", "mine"]
    assert titles(assignee=str(owner.pk)) == ["mine"]
    assert titles(label=str(label.uuid)) == ["mine"]
    assert titles(phase="research") == ["hers"]
    assert titles(role="designer") == ["hers"]
    assert titles(due="overdue") == ["mine"]
    assert titles(due="week") == ["hers"]
    # bad values are ignored
    assert titles(assignee="x'; drop", label="nope", phase="../", role="wizard", due="soon") == ["hers", "later", "mine"]
    assert queries.BoardFilters.from_query({"assignee": "9" * 30}).assignee is None


def test_capacity_counts_open_estimates_against_the_hours_left(today, owner, owner_m, engagement, phases):
    make = lambda **kw: services.create_task(actor=owner, membership=owner_m, engagement=engagement, **kw)  # noqa: E731
    make(title="a", estimate=30)  # no due date: this month
    make(title="b", estimate=16, due=dt.date(2026, 10, 2))  # overdue: this month
    make(title="c", estimate=8, due=dt.date(2026, 11, 20))  # next month (2026-11-07 ..)
    make(title="d", due=dt.date(2026, 10, 20))  # not estimated
    make(title="e", estimate=50, column="done")  # done: not counted
    make(title="f", estimate=5, due=dt.date(2027, 1, 20))  # after next month
    now, nxt = queries.capacity_for(engagement)
    assert (now.month, now.planned, now.fits, now.unestimated) == (2, Decimal(46), False, 1)
    assert now.left >= Decimal(40)  # 40 h bought (+ what carried over from month 1)
    assert now.shortfall == now.planned - now.left
    assert (nxt.month, nxt.planned, nxt.fits) == (3, Decimal(8), True)
    assert queries.board(owner_m, engagement).capacity == [now, nxt]


def test_my_work_and_role_boards_span_engagements_the_member_sees(today, owner, owner_m, engagement, specialist,
                                                                 specialist_m, other_client, workspace):
    from cadence.engagements import services as es
    from cadence.engagements.models import ProcessTemplate

    other = es.create_engagement(actor=owner, workspace=workspace, client=other_client,
                                 template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"),
                                 name="Other retainer", start_date=dt.date(2026, 9, 1), monthly_hours=Decimal(20),
                                 country="MD", time_zone="Europe/Chisinau", currency="EUR", language="ru")
    for e in (engagement, other):
        services.create_task(actor=owner, membership=owner_m, engagement=e, title=f"For {e.name}",
                             assignee=specialist, role="copywriter")
    services.create_task(actor=owner, membership=owner_m, engagement=other, title="Not hers", assignee=owner)
    view = queries.my_work(owner_m, specialist, queries.BoardFilters())
    assert view.engagement is None
    assert sorted(c.engagement_name for col in view.columns for c in col.cards) == ["Other retainer",
                                                                                    "Social & ads retainer"]
    copy = queries.role_board(owner_m, "copywriter", queries.BoardFilters())
    assert sum(col.count for col in copy.columns) == 2
    type(other).objects.filter(pk=other.pk).update(archived=True)
    assert sum(col.count for col in queries.my_work(owner_m, specialist).columns) == 1
