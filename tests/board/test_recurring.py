"""Recurring tasks: rules, and the creation of their cards (idempotent; across a month boundary; with a
lead time), from the service, the command and the hourly task."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cadence.board import services, tasks
from cadence.board.models import RecurringTask, Task
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from tests.board.core_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def rule(owner, owner_m, engagement, **kw):
    fields = {"title": "Weekly report", "kind": "weekly", "weekdays": [0], "starts_on": dt.date(2026, 10, 1), **kw}
    return services.create_recurring(actor=owner, membership=owner_m, engagement=engagement, **fields)


def occurrences():
    return sorted(Task.objects.filter(recurrence__isnull=False).values_list("occurrence", flat=True))


@pytest.mark.parametrize(("kw", "field"), [
    ({"kind": "daily"}, "kind"), ({"weekdays": []}, "weekdays"), ({"weekdays": [9]}, "weekdays"),
    ({"weekdays": ["mon"]}, "weekdays"), ({"kind": "monthly", "month_day": 40}, "month_day"),
    ({"kind": "monthly", "month_day": None}, "month_day"), ({"kind": "every_n_weeks", "interval": 60}, "interval"),
    ({"ends_on": dt.date(2026, 9, 1)}, "ends_on"), ({"lead_days": 99}, "lead_days"), ({"title": ""}, "title"),
    ({"starts_on": "2026-10-01"}, "starts_on"), ({"colour": "red"}, "colour"),
])
def test_bad_rules_are_refused(today, owner, owner_m, engagement, kw, field):
    with pytest.raises(DomainError) as e:
        rule(owner, owner_m, engagement, **kw)
    assert e.value.field == field and e.value.message
    assert not RecurringTask.objects.exists()


def test_weekly_rule_creates_each_occurrence_once(today, owner, owner_m, engagement, specialist, phases):
    r = rule(owner, owner_m, engagement, assignee=specialist, role="analyst", phase=phases["research"], estimate=2,
             due_after_days=2)
    assert services.create_due_recurring(today=dt.date(2026, 10, 12)) == 1  # Monday 12: the latest past one only
    assert services.create_due_recurring(today=dt.date(2026, 10, 12)) == 0
    assert services.create_due_recurring(today=dt.date(2026, 10, 14)) == 0
    assert services.create_due_recurring(today=dt.date(2026, 10, 19)) == 1
    assert occurrences() == [dt.date(2026, 10, 12), dt.date(2026, 10, 19)]
    card = Task.objects.get(occurrence=dt.date(2026, 10, 19))
    assert (card.title, card.column, card.assignee, card.role, card.due, card.recurrence) == \
        ("Weekly report", "todo", specialist, "analyst", dt.date(2026, 10, 21), r)
    assert AuditEntry.objects.filter(action="board.task.created", thread=engagement.uuid).count() == 2


def test_monthly_rule_across_a_month_boundary_with_a_lead_time(today, owner, owner_m, engagement):
    rule(owner, owner_m, engagement, title="Monthly KPI import", kind="monthly", month_day=31, weekdays=[],
         lead_days=3)
    assert services.create_due_recurring(today=dt.date(2026, 10, 27)) == 0  # Oct 31 is 4 days ahead
    assert services.create_due_recurring(today=dt.date(2026, 10, 28)) == 1  # ... now 3: created ahead
    assert occurrences() == [dt.date(2026, 10, 31)]
    for day in (dt.date(2026, 10, 31), dt.date(2026, 11, 1), dt.date(2026, 11, 26)):
        assert services.create_due_recurring(today=day) == 0
    assert services.create_due_recurring(today=dt.date(2026, 11, 27)) == 1  # November's last day is the 30th
    assert services.create_due_recurring(today=dt.date(2026, 11, 27)) == 0
    assert occurrences() == [dt.date(2026, 10, 31), dt.date(2026, 11, 30)]


def test_inactive_rules_and_archived_engagements_create_nothing(today, owner, owner_m, engagement):
    r = rule(owner, owner_m, engagement)
    services.update_recurring(actor=owner, membership=owner_m, recurring=r, active=False)
    assert services.create_due_recurring(today=dt.date(2026, 10, 19)) == 0
    services.update_recurring(actor=owner, membership=owner_m, recurring=r, active=True)
    type(engagement).objects.filter(pk=engagement.pk).update(archived=True)
    assert services.create_due_recurring(today=dt.date(2026, 10, 19)) == 0
    assert AuditEntry.objects.filter(action="board.recurring.updated").count() == 2


def test_deleting_a_rule_keeps_its_cards(today, owner, owner_m, engagement, specialist_m, specialist):
    r = rule(owner, owner_m, engagement)
    services.create_due_recurring(today=dt.date(2026, 10, 12))
    with pytest.raises(DomainError) as e:
        services.delete_recurring(actor=specialist, membership=specialist_m, recurring=r)
    assert e.value.code == "forbidden"
    services.delete_recurring(actor=owner, membership=owner_m, recurring=r)
    assert Task.objects.count() == 1 and not RecurringTask.objects.exists()


def test_the_command_and_the_task_run_it(today, owner, owner_m, engagement):
    rule(owner, owner_m, engagement, kind="every_n_weeks", interval=2, weekdays=[2])
    out = StringIO()
    call_command("board-recurring", "--today", "2026-10-14", stdout=out)
    assert "1 cards from recurring tasks" in out.getvalue()
    call_command("board-recurring", "--today", "2026-10-14", stdout=out)
    assert Task.objects.filter(recurrence__isnull=False).count() == 1
    with pytest.raises(CommandError):
        call_command("board-recurring", "--today", "14.10.2026")
    # the immediate backend (tests) cannot defer: the command runs it inline and says so
    call_command("board-recurring", stdout=out)
    assert "cannot defer" in out.getvalue()
    assert tasks.start_chain() == "unsupported"
    assert tasks.next_run(dt.datetime(2026, 10, 14, 13, 25, tzinfo=dt.UTC)) == dt.datetime(2026, 10, 14, 14, 0,
                                                                                              tzinfo=dt.UTC)
