"""Why a phase moved, in sentences for the team and for the client."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from cadence.engagements.builtin_templates import RETAINER
from cadence.engagements.reasons import explain, explain_all, moved_phases, shift_sentence
from cadence.engagements.schedule import PhaseActuals, Reason, ScheduleInput, compute_schedule, working_days


def working_days_ro(first, end):
    return working_days("RO", first, end)

PHASES = {"research": "Research", "campaigns": "Campaign launch"}
GATES = {"plan_approved": "Marketing plan approved"}

CASES = [
    (Reason("over_estimate", {"phase": "research", "logged": 40.0, "estimate": 32.0}),
     "Scope change: “Research” has taken 40 h, more than its estimate of 32 h.",
     "The scope of “Research” grew: it needs 40 h of work, not the 32 h first estimated."),
    (Reason("behind_plan", {"phase": "research", "logged": 5.5, "planned": 12.25}),
     "5.5 h logged on “Research” by now, where the plan expected 12.25 h.",
     "Work on “Research” is going at a slower pace than first planned: 5.5 h so far, where the plan expected "
     "12.25 h by now."),
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
    (Reason("gate_recorded", {"gate": "plan_approved", "date": "2027-02-10", "assumed": "2027-02-01", "days": 7}),
     "The gate “Marketing plan approved” was recorded on Feb. 10, 2027, 7 working days later than the plan assumed "
     "(Feb. 1, 2027).",
     "“Marketing plan approved” was confirmed on Feb. 10, 2027, 7 working days after the plan expected it."),
    (Reason("gate_recorded", {"gate": "plan_approved", "date": "2027-02-02", "assumed": "2027-02-01", "days": 1}),
     "The gate “Marketing plan approved” was recorded on Feb. 2, 2027, 1 working day later than the plan assumed "
     "(Feb. 1, 2027).",
     "“Marketing plan approved” was confirmed on Feb. 2, 2027, 1 working day after the plan expected it."),
    (Reason("gate_recorded", {"gate": "plan_approved", "date": "2027-01-28", "assumed": "2027-02-01", "days": -2}),
     "The gate “Marketing plan approved” was recorded on Jan. 28, 2027, 2 working days earlier than the plan "
     "assumed (Feb. 1, 2027).",
     "“Marketing plan approved” was confirmed on Jan. 28, 2027, 2 working days earlier than the plan expected."),
    (Reason("awaiting_confirmation", {"phase": "research", "logged": 30.5, "estimate": 32.0, "date": "2027-02-02"}),
     "“Research” stopped at 30.5 h of its 32 h on Feb. 2, 2027 while later work began: it ends on that day until "
     "you mark it completed or keep it open.",
     "Work on “Research” stopped on Feb. 2, 2027, when the next steps began; we will confirm that it is finished."),
    (Reason("completed_early", {"phase": "research", "date": "2027-01-20", "baseline": "2027-02-01"}),
     "“Research” was completed on Jan. 20, 2027, earlier than planned (Feb. 1, 2027).", None),
    (Reason("completed_late", {"phase": "research", "date": "2027-02-20", "baseline": "2027-02-01"}),
     "“Research” was completed on Feb. 20, 2027, later than planned (Feb. 1, 2027).", None),
    (Reason("behind_plan", {"phase": "research", "logged": 20.0, "planned": 32.0, "date": "2027-02-04"}),
     "By Feb. 4, 2027, 20 h were logged on “Research”, where the plan expected 32 h.",
     "Work on “Research” was spread over more days than first planned: by Feb. 4, 2027, 20 h of the 32 h planned "
     "by then had been done."),
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
    assert research.main == ("Scope change: “Research, marketing plan and first implementation” has taken 40 h, "
                             "more than its estimate of 32 h.")
    assert research.days == research.phase.end_shift == -15  # 40 h in four days: it ended early all the same
    assert research.headline == "Ends 15 working days earlier than first planned."
    assert all(m.old_start != m.new_start or m.old_end != m.new_end for m in moved)


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


ALL_REASONS = [case[0] for case in CASES] + [
    Reason("behind_plan", {"phase": "research", "logged": 1.0, "planned": 2.0, "date": "2027-02-04"}),
    Reason("started_late", {"phase": "research", "date": "2027-02-04", "baseline": "2027-02-01"}),
]


@pytest.mark.parametrize("language", ["en", "ro", "ru"])
def test_no_sentence_has_a_double_full_stop_or_blames_less_work(language):
    # Russian dates end with "г.": a sentence ending in a date must not end with "г..".
    for reason in ALL_REASONS:
        for audience in ("team", "client"):
            with translation.override(language):
                text = explain(reason, phase_names=PHASES, gate_names=GATES, audience=audience)
            assert ".." not in text, (language, reason.code, audience, text)
            assert not text.endswith(" ."), text
            with translation.override("en"):
                english = explain(reason, phase_names=PHASES, gate_names=GATES, audience=audience)
            assert "less time" not in english.lower() and "so it finished later" not in english, english


def test_the_main_cause_comes_first_the_client_s_approval_before_knock_on_effects():
    reasons = [Reason("predecessor_moved", {"phase": "research"}), Reason("behind_plan", {"phase": "research",
               "logged": 1.0, "planned": 2.0}), Reason("over_estimate", {"phase": "research", "logged": 72.0,
               "estimate": 32.0}), Reason("gate_recorded", {"gate": "plan_approved", "date": "2027-02-10",
               "assumed": "2027-02-01", "days": 7})]
    with translation.override("en"):
        sentences = explain_all(reasons, phase_names=PHASES, gate_names=GATES, audience="client")
    assert sentences[0].startswith("“Marketing plan approved” was confirmed on")
    assert sentences[1].startswith("The scope of “Research” grew")
    assert sentences[2].startswith("It follows “Research”")


def test_a_phase_left_below_its_estimate_is_not_said_to_have_finished_later_because_of_less_work():
    days = working_days_ro(dt.date(2027, 1, 11), dt.date(2027, 2, 3))
    logs = {d: Decimal(2) for d in days[:15]}
    logs[days[15]] = Decimal("0.5")
    infra = {d: Decimal(2) for d in working_days_ro(dt.date(2027, 2, 8), dt.date(2027, 3, 1))}
    schedule = compute_schedule(ScheduleInput(
        start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO", template=RETAINER,
        today=dt.date(2027, 3, 15), actuals={"research": PhaseActuals(logged=logs),
                                             "infrastructure": PhaseActuals(logged=infra)},
        gates_passed={"plan_approved": dt.date(2027, 2, 5)}))
    names = {p.key: p.name for p in schedule.phases}
    gates = {g.key: g.name for g in schedule.gates}
    with translation.override("en"):
        for audience in ("team", "client"):
            moved = moved_phases(schedule, phase_names=names, gate_names=gates, audience=audience)
            text = " ".join(s for m in moved for s in (m.headline, *m.sentences))
            assert "less time" not in text.lower() and "finished later" not in text
            research = next((m for m in moved if m.phase.key == "research"), None)
            if research is not None:
                assert research.main.startswith(("“Research, marketing plan and first implementation” stopped",
                                                 "Work on “Research, marketing plan and first implementation” "
                                                 "stopped"))


@pytest.mark.parametrize(("days", "text"), [(1, "Ends 1 working day later than first planned."),
                                            (3, "Ends 3 working days later than first planned."),
                                            (-2, "Ends 2 working days earlier than first planned.")])
def test_it_says_how_many_working_days_a_phase_moved(days, text):
    schedule = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                              template=RETAINER))
    phase = replace(schedule.phases[0], end_shift=days)
    with translation.override("en"):
        assert shift_sentence(phase) == text
    assert shift_sentence(replace(phase, end_shift=0, start_shift=4)).startswith("Starts 4 working days later")


def test_working_days_are_counted_in_romanian_and_russian():
    schedule = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                              template=RETAINER))
    phase = schedule.phases[0]
    with translation.override("ru"):
        assert shift_sentence(replace(phase, end_shift=1)).startswith("Заканчивается на 1 рабочий день позже")
        assert "2 рабочих дня" in shift_sentence(replace(phase, end_shift=2))
        assert "5 рабочих дней" in shift_sentence(replace(phase, end_shift=5))
    with translation.override("ro"):
        assert "20 de zile lucrătoare" in shift_sentence(replace(phase, end_shift=20))
        assert "o zi lucrătoare" in shift_sentence(replace(phase, end_shift=1)) or \
            "1 zi lucrătoare" in shift_sentence(replace(phase, end_shift=1))
