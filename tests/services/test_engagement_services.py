"""The engagement service functions: rules refuse with a translated message and change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry, Membership
from cadence.engagements import queries, services
from cadence.engagements.domain.rollover import UsageLevel
from cadence.engagements.models import Engagement, EngagementPhase, ProcessTemplate, TimeEntry

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_today(clock):
    clock.set(TODAY)


def phase(engagement, key) -> EngagementPhase:
    return engagement.phases.get(key=key)


def test_it_copies_the_template_into_the_engagement(engagement):
    keys = list(engagement.phases.values_list("key", flat=True))
    assert keys == ["research", "infrastructure", "campaigns", "optimisation", "expansion"]
    assert set(engagement.gates.values_list("key", flat=True)) == {"plan_approved", "materials_ready"}
    assert AuditEntry.objects.filter(thread=engagement.uuid, action="engagement.created").count() == 1


def test_it_refuses_an_unknown_country_and_writes_nothing(workspace, client_obj, owner):
    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    before = Engagement.objects.count()
    with pytest.raises(DomainError) as exc:
        services.create_engagement(actor=owner, workspace=workspace, client=client_obj, template=template,
                                   name="X", start_date=dt.date(2026, 1, 5), monthly_hours=Decimal(40),
                                   country="ZZ", time_zone="Europe/Bucharest", currency="EUR", language="ro")
    assert exc.value.code == "unknown_country"
    assert Engagement.objects.count() == before


def test_it_logs_time_and_records_an_audit_entry(engagement, specialist, workspace):
    membership = Membership.objects.get(user=specialist, workspace=workspace)
    entry, level = services.log_time(actor=specialist, membership=membership, engagement=engagement,
                                     phase=phase(engagement, "research"), date=dt.date(2026, 9, 8), hours="3.5")
    assert entry.hours == Decimal("3.5")
    assert level == UsageLevel.OK
    assert AuditEntry.objects.filter(action="time.logged", thread=engagement.uuid).exists()


def test_it_refuses_time_on_a_gated_phase_before_the_gate_is_recorded(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    with pytest.raises(DomainError) as exc:
        services.log_time(actor=manager, membership=membership, engagement=engagement,
                          phase=phase(engagement, "campaigns"), date=dt.date(2026, 10, 1), hours=2)
    assert exc.value.code == "gate_closed"
    assert TimeEntry.objects.count() == 0


def test_it_refuses_future_dates_and_dates_before_the_start(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    for day in (TODAY + dt.timedelta(days=1), dt.date(2026, 9, 4)):
        with pytest.raises(DomainError):
            services.log_time(actor=manager, membership=membership, engagement=engagement,
                              phase=phase(engagement, "research"), date=day, hours=1)
    assert TimeEntry.objects.count() == 0


@pytest.mark.parametrize("hours", ["0", "-1", "25", "abc", "1.1", "NaN"])
def test_it_refuses_bad_hours(engagement, manager, workspace, hours):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    with pytest.raises(DomainError):
        services.log_time(actor=manager, membership=membership, engagement=engagement,
                          phase=phase(engagement, "research"), date=dt.date(2026, 9, 8), hours=hours)
    assert TimeEntry.objects.count() == 0


def test_it_warns_at_80_percent_and_refuses_past_100_until_an_override(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    research = phase(engagement, "research")
    # Month 1 is 2026-09-07 .. 2026-10-06 with 40 h.
    days = [dt.date(2026, 9, d) for d in (7, 8, 9, 10, 11, 14, 15, 16)]
    levels = [services.log_time(actor=manager, membership=membership, engagement=engagement, phase=research,
                                date=d, hours=4)[1] for d in days]
    assert levels[-1] == UsageLevel.WARNING  # 32 of 40 h = 80 %
    assert levels[-2] == UsageLevel.OK
    services.log_time(actor=manager, membership=membership, engagement=engagement, phase=research,
                      date=dt.date(2026, 9, 17), hours=8)  # exactly 40 h: allowed
    with translation.override("ro"), pytest.raises(DomainError) as exc:
        services.log_time(actor=manager, membership=membership, engagement=engagement, phase=research,
                          date=dt.date(2026, 9, 18), hours=1)
    assert exc.value.code == "hours_exceeded"
    assert TimeEntry.objects.filter(engagement=engagement).count() == 9
    services.add_override(actor=manager, engagement=engagement, month=1, extra_hours=2, reason="Launch week")
    entry, level = services.log_time(actor=manager, membership=membership, engagement=engagement, phase=research,
                                     date=dt.date(2026, 9, 18), hours=2)
    assert level == UsageLevel.FULL  # 42 of the 40 + 2 h now available: the extra hours count as available
    with pytest.raises(DomainError):
        services.log_time(actor=manager, membership=membership, engagement=engagement, phase=research,
                          date=dt.date(2026, 9, 18), hours="0.25")


def test_it_needs_a_reason_for_an_override(engagement, manager):
    with pytest.raises(DomainError):
        services.add_override(actor=manager, engagement=engagement, month=1, extra_hours=2, reason="  ")


def test_a_specialist_cannot_log_for_someone_else(engagement, specialist, manager, workspace):
    membership = Membership.objects.get(user=specialist, workspace=workspace)
    with pytest.raises(DomainError):
        services.log_time(actor=specialist, membership=membership, engagement=engagement,
                          phase=phase(engagement, "research"), date=dt.date(2026, 9, 8), hours=1, user=manager)


def test_recording_the_gate_lets_the_gated_phase_take_time(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    services.log_time(actor=manager, membership=membership, engagement=engagement,
                      phase=phase(engagement, "research"), date=dt.date(2026, 9, 8), hours=3)
    gate = engagement.gates.get(key="plan_approved")
    services.record_gate(actor=manager, gate=gate, passed_on=dt.date(2026, 10, 2), note="Signed by the client",
                         approved_by="Ion Popescu, director")
    services.log_time(actor=manager, membership=membership, engagement=engagement,
                      phase=phase(engagement, "infrastructure"), date=dt.date(2026, 10, 5), hours=3)
    with pytest.raises(DomainError):  # before the recorded date it is still closed
        services.log_time(actor=manager, membership=membership, engagement=engagement,
                          phase=phase(engagement, "infrastructure"), date=dt.date(2026, 10, 1), hours=3)


def test_a_gate_cannot_be_recorded_in_the_future(engagement, manager):
    gate = engagement.gates.get(key="plan_approved")
    with pytest.raises(DomainError):
        services.record_gate(actor=manager, gate=gate, passed_on=TODAY + dt.timedelta(days=3))
    gate.refresh_from_db()
    assert gate.passed_on is None


def test_rollover_carries_unused_hours_up_to_the_cap(engagement, manager, workspace):
    engagement.contract_terms.update(rollover_mode="carry", rollover_cap=Decimal(10))  # as if agreed at the start
    months = queries.month_hours(engagement)
    assert months[0].contracted == Decimal(40)
    assert months[1].carried_in == Decimal(10)  # nothing logged in month 1, capped at 10
    assert months[1].available == Decimal(50)


def test_the_schedule_moves_when_research_takes_longer(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    research = phase(engagement, "research")
    for d in range(7, 12):
        services.log_time(actor=manager, membership=membership, engagement=engagement, phase=research,
                          date=dt.date(2026, 9, d), hours=8)
    services.set_phase_completed(actor=manager, phase=research, completed_on=dt.date(2026, 9, 11))
    schedule = queries.schedule_for(engagement)
    res = schedule.phase("research")
    assert res.end == dt.date(2026, 9, 11)
    assert res.logged_hours == Decimal(40)
    # The plan gate is still open long after research ended: infrastructure waits for it.
    infra = schedule.phase("infrastructure")
    assert infra.waiting_for == "plan_approved"
    assert infra.start is not None and infra.start >= TODAY
    assert any(r.code == "gate_open" for r in infra.reasons)


def test_a_builtin_template_cannot_be_edited_but_a_copy_can(workspace, manager):
    builtin = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    with pytest.raises(DomainError):
        services.update_template(actor=manager, template=builtin, name="x", description="", phases=[], gates=[])
    copy = services.copy_template(actor=manager, template=builtin, name="Our retainer")
    phases = [{**p, "effort_hours": "50" if p["key"] == "research" else p["effort_hours"]}
              for p in copy.phases.values()]
    gates = list(copy.gates.values())
    services.update_template(actor=manager, template=copy, name="Our retainer", description="", phases=phases,
                             gates=gates)
    assert copy.phases.get(key="research").effort_hours == Decimal(50)


def _template_copy(workspace, manager):
    return services.copy_template(actor=manager, template=ProcessTemplate.objects.get(workspace=workspace,
                                                                                      key="retainer"), name="Ours")


def test_a_template_gate_edit_is_audited(workspace, manager):
    copy = _template_copy(workspace, manager)
    gates = list(copy.gates.values())
    g_desc = copy.gates.get(key="plan_approved").description
    for g in gates:
        if g["key"] == "plan_approved":
            g["name"] = "Plan signed"
            g["description"] = "Signed by the owner."
    gates.append({"key": "launch_ok", "name": "Launch approved", "after_phase": "campaigns", "description": ""})
    services.update_template(actor=manager, template=copy, name="Ours", description=copy.description,
                             phases=list(copy.phases.values()), gates=gates)
    entry = AuditEntry.objects.get(action="template.updated", object_id=str(copy.uuid))
    assert entry.actor == manager
    assert entry.changes == {"gates": {
        "plan_approved": {"name": ["Marketing plan approved", "Plan signed"],
                          "description": [g_desc, "Signed by the owner."]},
        "launch_ok": "added",
    }}


def test_a_template_phase_edit_and_a_removed_gate_are_audited(workspace, manager):
    copy = _template_copy(workspace, manager)
    phases = [{**p, "effort_hours": Decimal(50) if p["key"] == "research" else p["effort_hours"]}
              for p in copy.phases.values()]
    gates = [g for g in copy.gates.values() if g["key"] != "materials_ready"]
    for p in phases:
        p["requires_gates"] = [g for g in p["requires_gates"] if g != "materials_ready"]
    services.update_template(actor=manager, template=copy, name="Ours", description=copy.description, phases=phases,
                             gates=gates)
    changes = AuditEntry.objects.get(action="template.updated", object_id=str(copy.uuid)).changes
    assert changes["phases"]["research"] == {"effort_hours": ["32.00", "50.00"]}
    assert changes["gates"] == {"materials_ready": "removed"}


def test_saving_a_template_unchanged_records_nothing(workspace, manager):
    copy = _template_copy(workspace, manager)
    services.update_template(actor=manager, template=copy, name="Ours", description=copy.description,
                             phases=list(copy.phases.values()), gates=list(copy.gates.values()))
    assert not AuditEntry.objects.filter(action="template.updated").exists()


def test_an_invalid_template_edit_changes_nothing(workspace, manager):
    copy = services.copy_template(actor=manager, template=ProcessTemplate.objects.get(workspace=workspace,
                                                                                      key="retainer"), name="")
    phases = list(copy.phases.values())
    phases[1]["alongside"] = "nope"
    with pytest.raises(DomainError):
        services.update_template(actor=manager, template=copy, name="Broken", description="", phases=phases,
                                 gates=list(copy.gates.values()))
    copy.refresh_from_db()
    assert copy.phases.get(key="infrastructure").alongside == ""
    assert copy.name != "Broken"


def test_a_template_refusal_is_translated(workspace, manager):
    copy = services.copy_template(actor=manager, template=ProcessTemplate.objects.get(workspace=workspace,
                                                                                      key="retainer"), name="")
    phases = list(copy.phases.values())
    phases[1]["alongside"] = "nope"
    with translation.override("ru"), pytest.raises(DomainError) as exc:
        services.update_template(actor=manager, template=copy, name="X", description="", phases=phases,
                                 gates=list(copy.gates.values()))
    assert "«infrastructure»" in exc.value.message and "«nope»" in exc.value.message
    assert "runs alongside" not in exc.value.message


def test_reopening_a_gate_needs_a_reason_kept_in_the_audit_trail(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    services.log_time(actor=manager, membership=membership, engagement=engagement,
                      phase=phase(engagement, "research"), date=dt.date(2026, 9, 8), hours=3)
    gate = engagement.gates.get(key="plan_approved")
    services.record_gate(actor=manager, gate=gate, passed_on=dt.date(2026, 10, 2), approved_by="Ion Popescu")
    with pytest.raises(DomainError) as exc:
        services.record_gate(actor=manager, gate=gate, passed_on=None, reason="   ")
    assert exc.value.field == "reason"
    gate.refresh_from_db()
    assert gate.passed_on == dt.date(2026, 10, 2)
    services.record_gate(actor=manager, gate=gate, passed_on=None, reason="The client withdrew the approval")
    gate.refresh_from_db()
    assert (gate.passed_on, gate.approved_by, gate.recorded_by) == (None, "", None)
    entry = AuditEntry.objects.filter(action="gate.reopened").latest("id")
    assert entry.changes["reason"] == "The client withdrew the approval"
    assert entry.changes["approved_by"] == "Ion Popescu"
    with pytest.raises(DomainError):  # a gate that is not passed cannot be reopened
        services.reopen_gate(actor=manager, gate=gate, reason="again")


def test_a_gate_the_agency_records_needs_no_client_approver(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    services.log_time(actor=manager, membership=membership, engagement=engagement,
                      phase=phase(engagement, "research"), date=dt.date(2026, 9, 8), hours=3)
    services.record_gate(actor=manager, gate=engagement.gates.get(key="plan_approved"),
                         passed_on=dt.date(2026, 9, 9), approved_by="Ion Popescu")
    services.log_time(actor=manager, membership=membership, engagement=engagement,
                      phase=phase(engagement, "infrastructure"), date=dt.date(2026, 9, 10), hours=3)
    gate = services.record_gate(actor=manager, gate=engagement.gates.get(key="materials_ready"),
                                passed_on=dt.date(2026, 9, 11), note="All assets delivered")
    assert gate.passed_on == dt.date(2026, 9, 11) and not gate.client_approvable and gate.approved_by == ""


def test_the_builtin_plan_approval_is_the_clients_and_template_edits_keep_it(engagement, manager, workspace):
    assert engagement.gates.get(key="plan_approved").client_approvable
    assert not engagement.gates.get(key="materials_ready").client_approvable
    copy = services.copy_template(actor=manager, template=ProcessTemplate.objects.get(workspace=workspace,
                                                                                      key="retainer"), name="Mine")
    assert copy.gates.get(key="plan_approved").client_approvable
    phases = [{f: getattr(p, f) for f in services.PHASE_FIELDS} for p in copy.phases.all()]
    gates = [{"key": g.key, "name": g.name, "after_phase": g.after_phase, "description": g.description}
             for g in copy.gates.all()]
    services.update_template(actor=manager, template=copy, name="Mine", description="", phases=phases, gates=gates)
    assert copy.gates.get(key="plan_approved").client_approvable


def test_keeping_a_phase_open_is_audited_once_and_refused_for_a_completed_phase(engagement, manager, workspace):
    membership = Membership.objects.get(user=manager, workspace=workspace)
    research = phase(engagement, "research")
    services.log_time(actor=manager, membership=membership, engagement=engagement, phase=research,
                      date=dt.date(2026, 9, 8), hours=3)
    services.keep_phase_open(actor=manager, phase=research)
    services.keep_phase_open(actor=manager, phase=research)
    entries = AuditEntry.objects.filter(action="phase.kept_open")
    assert entries.count() == 1 and entries[0].changes["keep_open_since"] == TODAY.isoformat()
    done = services.complete_phase_at_last_logged_day(actor=manager, phase=research)
    assert done.completed_on == dt.date(2026, 9, 8)
    with pytest.raises(DomainError):
        services.keep_phase_open(actor=manager, phase=research)
    with pytest.raises(DomainError):  # not before its work began
        services.set_phase_completed(actor=manager, phase=research, completed_on=dt.date(2026, 9, 7))
