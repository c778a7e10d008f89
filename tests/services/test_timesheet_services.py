"""Saving a week: every changed cell through the entry services, all or nothing, refusals named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry, Membership
from cadence.engagements import services
from cadence.engagements.models import ProcessTemplate, TimeEntry
from cadence.engagements.timesheet_services import WeekCell, WeekRefused, save_week

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement (40 h a month)
MON = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def fixed_today(clock):
    clock.set(TODAY)


@pytest.fixture
def second(workspace, other_client, owner):
    return services.create_engagement(
        actor=owner, workspace=workspace, client=other_client, template=ProcessTemplate.objects.get(
            workspace=workspace, key="retainer"), name="Second", start_date=dt.date(2026, 10, 5),
        monthly_hours=Decimal(20), country="MD", time_zone="Europe/Chisinau", currency="MDL", language="ru")


def member(user):
    return Membership.objects.get(user=user)


def cell(engagement, day, text, phase="research"):
    return WeekCell(engagement, engagement.phases.get(key=phase), MON + dt.timedelta(days=day), text)


def hours(user):
    return sorted((e.engagement.name, e.phase.key, e.date, e.hours) for e in TimeEntry.objects.filter(user=user))


def test_it_saves_a_week_across_engagements_and_audits_each_entry(specialist, engagement, second):
    saved = save_week(actor=specialist, membership=member(specialist), person=specialist, cells=[
        cell(engagement, 0, "2"), cell(engagement, 1, "1,5"), cell(engagement, 2, ""), cell(second, 0, "3"),
    ])
    assert saved.created == 3 and saved.changes == 3
    assert hours(specialist) == [
        ("Second", "research", MON, Decimal(3)),
        ("Social & ads retainer", "research", MON, Decimal(2)),
        ("Social & ads retainer", "research", MON + dt.timedelta(days=1), Decimal("1.5")),
    ]
    assert AuditEntry.objects.filter(action="time.logged").count() == 3


def test_a_cell_replaces_the_hours_of_its_day_editing_and_deleting(specialist, engagement):
    m = member(specialist)
    save_week(actor=specialist, membership=m, person=specialist, cells=[cell(engagement, 0, "2"), cell(engagement, 1, "4")])
    saved = save_week(actor=specialist, membership=m, person=specialist,
                      cells=[cell(engagement, 0, "3"), cell(engagement, 1, "")])
    assert (saved.updated, saved.deleted, saved.created) == (1, 1, 0)
    assert hours(specialist) == [("Social & ads retainer", "research", MON, Decimal(3))]
    assert TimeEntry.all_objects.filter(user=specialist, deleted_at__isnull=False).count() == 1  # can be undone
    again = save_week(actor=specialist, membership=m, person=specialist,
                      cells=[cell(engagement, 0, "3,0"), cell(engagement, 1, "0")])
    assert again.changes == 0


def test_one_refused_cell_saves_nothing_and_names_the_row_the_day_and_the_reason(specialist, engagement, second):
    m = member(specialist)
    save_week(actor=specialist, membership=m, person=specialist, cells=[cell(engagement, 0, "2")])
    before = hours(specialist)
    audits = AuditEntry.objects.count()
    with pytest.raises(WeekRefused) as exc:
        save_week(actor=specialist, membership=m, person=specialist, cells=[
            cell(engagement, 0, "5"),  # an edit that would be fine
            cell(second, 1, "3"),  # a new entry that would be fine
            cell(engagement, 2, "2", phase="campaigns"),  # gated: refused
        ])
    assert hours(specialist) == before
    assert AuditEntry.objects.count() == audits
    [refusal] = exc.value.refusals
    assert refusal.day == MON + dt.timedelta(days=2)
    assert refusal.row.phase == "campaigns"
    assert "Social & ads retainer: Campaign launch" in refusal.message
    assert "Wed 18 Nov" in refusal.message
    assert "cannot start before the gate" in refusal.message


@pytest.mark.parametrize(("text", "reason"), [
    ("abc", "Hours must be a number."), ("1.1", "quarters of an hour"), ("25", "more than 24 h"),
    ("-2", "Hours must be a number."),
])
def test_bad_hours_are_refused_per_cell(specialist, engagement, text, reason):
    with pytest.raises(WeekRefused) as exc:
        save_week(actor=specialist, membership=member(specialist), person=specialist,
                  cells=[cell(engagement, 0, "2"), cell(engagement, 1, text)])
    assert reason in exc.value.refusals[0].message
    assert hours(specialist) == []


def test_more_than_24_hours_in_a_day_is_refused(specialist, engagement, second):
    with pytest.raises(WeekRefused) as exc:
        save_week(actor=specialist, membership=member(specialist), person=specialist,
                  cells=[cell(engagement, 0, "14"), cell(second, 0, "12")])
    assert "more than 24 h" in exc.value.refusals[0].message
    assert hours(specialist) == []


def test_the_months_limit_counts_every_cell_of_the_week(specialist, engagement):
    m = member(specialist)
    with pytest.raises(WeekRefused) as exc:
        save_week(actor=specialist, membership=m, person=specialist,
                  cells=[cell(engagement, d, "8") for d in range(5)] + [cell(engagement, 5, "4")])  # 44 of 40 h
    assert "This would bring month 3 to 44 h" in exc.value.refusals[0].message
    assert hours(specialist) == []


def test_moving_hours_between_days_of_a_full_month_is_allowed(specialist, engagement):
    m = member(specialist)
    save_week(actor=specialist, membership=m, person=specialist, cells=[cell(engagement, d, "8") for d in range(5)])
    # the month is full (40 of 40 h): move Monday's 8 h to Saturday; the freed hours are counted first
    saved = save_week(actor=specialist, membership=m, person=specialist,
                      cells=[cell(engagement, 5, "8"), cell(engagement, 0, "")])
    assert (saved.created, saved.deleted) == (1, 1)
    assert saved.levels[(engagement, 3)].value == "full"


def test_a_manager_saves_a_teammates_week_but_a_specialist_cannot(specialist, manager, engagement):
    saved = save_week(actor=manager, membership=member(manager), person=specialist, cells=[cell(engagement, 0, "2")])
    assert saved.created == 1 and hours(specialist)[0][3] == Decimal(2)
    with pytest.raises(DomainError) as exc:
        save_week(actor=specialist, membership=member(specialist), person=manager, cells=[cell(engagement, 0, "2")])
    assert exc.value.code == "forbidden"
