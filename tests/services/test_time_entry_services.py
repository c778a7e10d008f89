"""Editing, deleting (softly) and restoring time entries: the same rules as logging, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry, Membership
from cadence.engagements import queries, services
from cadence.engagements.models import TimeEntry

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement (40 h a month)


@pytest.fixture(autouse=True)
def fixed_today(clock):
    clock.set(TODAY)


def member(user):
    return Membership.objects.get(user=user)


def log(engagement, user, day, hours, phase="research", note=""):
    entry, _ = services.log_time(actor=user, membership=member(user), engagement=engagement,
                                 phase=engagement.phases.get(key=phase), date=day, hours=Decimal(hours), note=note)
    return entry


def snapshot(entry):
    entry.refresh_from_db()
    return (entry.date, entry.hours, entry.phase.key, entry.note, entry.deleted_at)


def test_the_author_edits_date_hours_phase_and_note_and_it_is_audited(engagement, specialist):
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2", note="draft")
    services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry,
                               date=dt.date(2026, 11, 19), hours="3.5", note=" final ")
    assert snapshot(entry) == (dt.date(2026, 11, 19), Decimal("3.5"), "research", "final", None)
    audit = AuditEntry.objects.get(action="time.updated")
    assert set(audit.changes) == {"user", "date", "hours", "note"}
    assert audit.changes["note"] == ["draft", "final"]


def test_an_edit_that_changes_nothing_writes_no_audit_entry(engagement, specialist):
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2")
    services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, hours="2")
    assert not AuditEntry.objects.filter(action="time.updated").exists()


def test_a_specialist_cannot_edit_someone_elses_entry_but_a_manager_can(engagement, specialist, manager):
    entry = log(engagement, manager, dt.date(2026, 11, 20), "2")
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, hours="1")
    assert exc.value.code == "forbidden"
    assert snapshot(entry)[1] == Decimal(2)
    mine = log(engagement, specialist, dt.date(2026, 11, 20), "2")
    services.update_time_entry(actor=manager, membership=member(manager), entry=mine, hours="1")
    assert snapshot(mine)[1] == Decimal(1)


@pytest.mark.parametrize(("changes", "field"), [
    ({"date": dt.date(2026, 11, 24)}, "date"),  # the future
    ({"date": dt.date(2026, 9, 1)}, "date"),  # before the engagement starts
    ({"hours": "0"}, "hours"),
    ({"hours": "25"}, "hours"),
    ({"hours": "1.1"}, "hours"),
    ({"hours": "lots"}, "hours"),
])
def test_an_edit_keeps_the_rules_of_logging_and_changes_nothing(engagement, specialist, changes, field):
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2")
    before = snapshot(entry)
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, **changes)
    assert exc.value.field == field
    assert snapshot(entry) == before


def test_an_edit_cannot_move_time_onto_a_gated_phase(engagement, specialist):
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2")
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry,
                                   phase=engagement.phases.get(key="infrastructure"))
    assert exc.value.code == "gate_closed"
    assert snapshot(entry)[2] == "research"


def test_an_edit_cannot_take_a_phase_of_another_engagement(engagement, specialist, workspace, client_obj, owner):
    from cadence.engagements.models import ProcessTemplate

    other = services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, template=ProcessTemplate.objects.get(
            workspace=workspace, key="retainer"), name="Other", start_date=dt.date(2026, 9, 7),
        monthly_hours=Decimal(40), country="RO", time_zone="Europe/Bucharest", currency="EUR", language="ro")
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2")
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry,
                                   phase=other.phases.get(key="research"))
    assert exc.value.field == "phase"


def test_an_edit_is_checked_against_the_months_hours_without_counting_the_entry_twice(engagement, specialist):
    log(engagement, specialist, dt.date(2026, 11, 18), "20")
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "18")  # 38 of 40 h
    # 18 -> 20 h brings the month to exactly 40 h: allowed (the old 18 h do not count twice)
    services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, hours="20")
    assert snapshot(entry)[1] == Decimal(20)
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, hours="20.25")
    assert exc.value.code == "hours_exceeded" and "month 3" in exc.value.message
    assert snapshot(entry)[1] == Decimal(20)


def test_an_edit_that_lowers_the_hours_of_a_month_over_its_limit_is_allowed(engagement, specialist, manager):
    log(engagement, specialist, dt.date(2026, 11, 18), "20")
    services.add_override(actor=manager, engagement=engagement, month=3, extra_hours=Decimal(4), reason="Launch")
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "24")  # 44 of 40 + 4 h
    engagement.overrides.all().delete()  # the month is over its hours now
    services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, hours="22")
    assert snapshot(entry)[1] == Decimal(22)


def test_moving_an_entry_into_a_full_month_is_refused(engagement, specialist):
    log(engagement, specialist, dt.date(2026, 10, 20), "20")
    log(engagement, specialist, dt.date(2026, 10, 21), "20")  # month 2 is full
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2")
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry,
                                   date=dt.date(2026, 10, 22))
    assert exc.value.code == "hours_exceeded" and "month 2" in exc.value.message


def test_deleting_keeps_the_row_out_of_every_read_and_restoring_brings_it_back(engagement, specialist):
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "6")
    assert queries.month_hours(engagement)[2].logged == Decimal(6)
    services.delete_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    entry.refresh_from_db()
    assert entry.deleted_at is not None and entry.deleted_by == specialist
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()
    assert not engagement.time_entries.exists()
    assert TimeEntry.all_objects.filter(pk=entry.pk).exists()
    assert queries.month_hours(engagement)[2].logged == 0
    assert queries.logged_rows_for([engagement]) == {}
    assert queries.schedule_input(engagement).actuals == {}
    services.restore_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    assert snapshot(entry)[4] is None
    assert queries.month_hours(engagement)[2].logged == Decimal(6)
    assert list(AuditEntry.objects.filter(action__in=["time.deleted", "time.restored"])
                .order_by("id").values_list("action", flat=True)) == ["time.deleted", "time.restored"]


def test_restoring_rechecks_the_months_hours(engagement, specialist):
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "6")
    services.delete_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    log(engagement, specialist, dt.date(2026, 11, 21), "20")
    log(engagement, specialist, dt.date(2026, 11, 22), "16")  # 36 of 40 h: the 6 h no longer fit
    with pytest.raises(DomainError) as exc:
        services.restore_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    assert exc.value.code == "hours_exceeded"
    assert snapshot(entry)[4] is not None
    assert not AuditEntry.objects.filter(action="time.restored").exists()


def test_only_the_author_or_a_manager_restores_and_only_a_deleted_entry(engagement, specialist, manager):
    entry = log(engagement, manager, dt.date(2026, 11, 20), "2")
    with pytest.raises(DomainError) as exc:
        services.restore_time_entry(actor=manager, membership=member(manager), entry=entry)
    assert exc.value.code == "not_deleted"
    services.delete_time_entry(actor=manager, membership=member(manager), entry=entry)
    with pytest.raises(DomainError) as exc:
        services.restore_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=manager, membership=member(manager), entry=entry, hours="1")
    assert exc.value.code == "deleted"


def test_a_phase_whose_entries_were_all_deleted_can_be_removed(engagement, specialist, manager):
    log(engagement, specialist, dt.date(2026, 9, 8), "2")
    services.record_gate(actor=manager, gate=engagement.gates.get(key="plan_approved"), passed_on=dt.date(2026, 10, 1),
                         approved_by="Ion Popescu")
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2", phase="expansion")
    services.delete_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    rows = [{**p, "requires_gates": p["requires_gates"]} for p in engagement.phases.values()
            if p["key"] != "expansion"]
    services.update_phases(actor=manager, engagement=engagement, phases=rows)
    assert not engagement.phases.filter(key="expansion").exists()


def test_the_start_date_check_ignores_deleted_entries(engagement, specialist, owner):
    entry = log(engagement, specialist, dt.date(2026, 9, 8), "2")
    services.delete_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    services.update_engagement(actor=owner, engagement=engagement, start_date=dt.date(2026, 9, 14))
    with pytest.raises(DomainError) as exc:
        services.restore_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    assert exc.value.field == "date"


def test_the_note_of_an_entry_can_be_fixed_after_its_gate_was_reopened(engagement, specialist, manager):
    gate = engagement.gates.get(key="plan_approved")
    log(engagement, specialist, dt.date(2026, 9, 8), "2")
    services.record_gate(actor=manager, gate=gate, passed_on=dt.date(2026, 10, 1), approved_by="Ion Popescu")
    entry = log(engagement, specialist, dt.date(2026, 11, 20), "2", phase="infrastructure")
    services.record_gate(actor=manager, gate=gate, passed_on=None, reason="The client withdrew the approval")
    services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, note="typo fixed")
    assert snapshot(entry)[3] == "typo fixed"
    with pytest.raises(DomainError) as exc:
        services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, hours="3")
    assert exc.value.code == "gate_closed"
