"""Why a phase moved, in sentences for the team and for the client."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from cadence.engagements.builtin_templates import RETAINER
from cadence.engagements.reasons import explain, explain_all, moved_phases
from cadence.engagements.schedule import PhaseActuals, Reason, ScheduleInput, compute_schedule

PHASES = {"research": "Research", "campaigns": "Campaign launch"}
GATES = {"plan_approved": "Marketing plan approved"}

CASES = [
    (Reason("over_estimate", {"phase": "research", "logged": 40.0, "estimate": 32.0}),
     "“Research” has taken 40 h, more than its estimate of 32 h.",
     "“Research” needed more work than estimated (40 h instead of 32 h), so the steps after it start later."),
    (Reason("behind_plan", {"phase": "research", "logged": 5.5, "planned": 12.25}),
     "5.5 h logged on “Research” by now, where the plan expected 12.25 h.",
     "Less time has gone into “Research” so far than planned (5.5 h of 12.25 h), so it finishes later."),
    (Reason("ahead_of_plan", {"phase": "research", "logged": 20.0, "planned": 10.0}),
     "20 h logged on “Research” by now, more than the 10 h planned.",
     "Work on “Research” went faster than planned, so it finishes earlier."),
    (Reason("gate_open", {"gate": "plan_approved", "since": "2027-02-01"}),
     "Waiting for the gate “Marketing plan approved”: the work before it ended on Feb. 1, 2027, "
     "but the gate has not been recorded as passed.",
     "This step can only start once “Marketing plan approved” is confirmed. Until then it waits, "
     "and the dates after it move with it."),
    (Reason("gate_recorded", {"gate": "plan_approved", "date": "2027-02-10", "assumed": "2027-02-01"}),
     "The gate “Marketing plan approved” was recorded on Feb. 10, 2027; the plan had assumed Feb. 1, 2027.",
     "“Marketing plan approved” was confirmed on Feb. 10, 2027; the plan had expected Feb. 1, 2027."),
    (Reason("completed_early", {"phase": "research", "date": "2027-01-20", "baseline": "2027-02-01"}),
     "“Research” was completed on Jan. 20, 2027, earlier than planned (Feb. 1, 2027).", None),
    (Reason("completed_late", {"phase": "research", "date": "2027-02-20", "baseline": "2027-02-01"}),
     "“Research” was completed on Feb. 20, 2027, later than planned (Feb. 1, 2027).", None),
    (Reason("behind_plan", {"phase": "research", "logged": 20.0, "planned": 32.0, "date": "2027-02-04"}),
     "By Feb. 4, 2027, 20 h were logged on “Research”, where the plan expected 32 h.",
     "By Feb. 4, 2027 less time had gone into “Research” than planned (20 h of 32 h), so it finished later."),
    (Reason("ahead_of_plan", {"phase": "research", "logged": 32.0, "planned": 25.0, "date": "2027-01-28"}),
     "By Jan. 28, 2027, 32 h were logged on “Research”, where the plan expected only 25 h.",
     "Work on “Research” went faster than planned, so it finishes earlier."),
    (Reason("started_late", {"phase": "research", "date": "2027-01-12", "baseline": "2027-01-11"}),
     "Work on “Research” began on Jan. 12, 2027 instead of Jan. 11, 2027.", None),
    (Reason("started_early", {"phase": "research", "date": "2027-01-08", "baseline": "2027-01-11"}),
     "Work on “Research” began on Jan. 8, 2027, earlier than the planned Jan. 11, 2027.", None),
    (Reason("predecessor_moved", {"phase": "research"}),
     "The phase before it, “Research”, moved.", "It follows “Research”, whose dates changed."),
    (Reason("not_before_month", {"month": 3, "date": "2027-03-11"}),
     "It cannot start before month 3 (March 11, 2027).",
     "It is planned to begin no earlier than month 3 of our work together (March 11, 2027)."),
]


@pytest.mark.parametrize(("reason", "team", "client"), CASES)
def test_it_explains_each_reason(reason, team, client):
    with translation.override("en"):
        assert explain(reason, phase_names=PHASES, gate_names=GATES) == team
        assert explain(reason, phase_names=PHASES, gate_names=GATES, audience="client") == (client or team)


def test_it_explains_an_open_gate_without_a_date():
    with translation.override("en"):
        text = explain(Reason("gate_open", {"gate": "plan_approved", "since": ""}), phase_names=PHASES,
                       gate_names=GATES)
    assert text == "Waiting for the gate “Marketing plan approved”, which has not been recorded as passed."


def test_it_falls_back_for_unknown_codes_and_keys():
    with translation.override("en"):
        assert explain(Reason("new_code", {}), phase_names={}, gate_names={}) == "The plan changed."
        assert "“mystery”" in explain(Reason("predecessor_moved", {"phase": "mystery"}), phase_names={}, gate_names={})


def test_it_formats_numbers_for_the_language():
    with translation.override("ro"):
        text = explain(Reason("behind_plan", {"phase": "research", "logged": 5.5, "planned": 12.25}),
                       phase_names=PHASES, gate_names=GATES)
    assert "5,5" in text and "12,25" in text


def test_it_drops_repeated_sentences():
    r = Reason("predecessor_moved", {"phase": "research"})
    assert len(explain_all([r, r], phase_names=PHASES, gate_names=GATES)) == 1


def test_it_lists_the_phases_that_moved_with_their_reasons():
    start = dt.date(2027, 1, 11)
    logged = {start + dt.timedelta(days=i): Decimal(10) for i in range(4)}  # 40 h on a 32 h phase
    schedule = compute_schedule(ScheduleInput(
        start=start, monthly_hours=Decimal(40), country="RO", template=RETAINER, today=dt.date(2027, 1, 18),
        actuals={"research": PhaseActuals(logged=logged)}, gates_passed={"plan_approved": dt.date(2027, 1, 14)}))
    names = {p.key: p.name for p in schedule.phases}
    with translation.override("en"):
        moved = moved_phases(schedule, phase_names=names, gate_names={g.key: g.name for g in schedule.gates})
    keys = [m.phase.key for m in moved]
    assert "research" in keys
    research = next(m for m in moved if m.phase.key == "research")
    assert any("more than its estimate of 32 h" in s for s in research.sentences)
    assert all(m.old_start != m.new_start or m.old_end != m.new_end or m.sentences for m in moved)


def test_it_lists_nothing_when_the_plan_holds():
    start = dt.date(2027, 1, 11)
    schedule = compute_schedule(ScheduleInput(start=start, monthly_hours=Decimal(40), country="RO", template=RETAINER,
                                              today=start))
    assert moved_phases(schedule, phase_names={}, gate_names={}) == []


def test_a_contract_change_is_its_own_reason():
    from cadence.engagements.reasons import explain
    from cadence.engagements.schedule import Reason

    r = Reason("contract_changed", {"month": 5, "hours": 60.0, "previous": 40.0, "date": "2027-05-11"})
    assert explain(r, phase_names={}, gate_names={}) == "From month 5 the contract is 60 h a month (it was 40 h)."
    assert "From month 5 our contract is 60 h a month" in explain(r, phase_names={}, gate_names={}, audience="client")
