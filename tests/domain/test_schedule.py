"""Example tests of the pure schedule engine (no Django)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pytest

from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES, RETAINER, SOSTAC
from cadence.engagements.schedule import (
    GateSpec,
    PhaseActuals,
    PhaseKind,
    PhaseSpec,
    PhaseStatus,
    ScheduleError,
    ScheduleInput,
    TemplateSpec,
    blocking_gate,
    compute_schedule,
    daily_allocation,
    month_bounds,
    month_index,
    working_days,
)

START = dt.date(2027, 1, 11)  # a Monday
D = dt.date


def inp(hours: int | str = 40, template: TemplateSpec = RETAINER, **kw) -> ScheduleInput:
    return ScheduleInput(start=kw.pop("start", START), monthly_hours=Decimal(hours), country=kw.pop("country", "RO"),
                         template=template, **kw)


def wd(first: dt.date, end: dt.date) -> list[dt.date]:
    return working_days("RO", first, end)


def codes(phase) -> list[str]:
    return [r.code for r in phase.reasons]


# --- calendar ---------------------------------------------------------------------------------

def test_month_bounds_from_the_31st_clamps_to_month_length():
    start = D(2027, 1, 31)
    assert month_bounds(start, 1) == (D(2027, 1, 31), D(2027, 2, 28))
    assert month_bounds(start, 2) == (D(2027, 2, 28), D(2027, 3, 31))
    assert month_bounds(start, 3) == (D(2027, 3, 31), D(2027, 4, 30))
    assert month_bounds(D(2028, 1, 31), 2) == (D(2028, 2, 29), D(2028, 3, 31))  # leap year


def test_month_index():
    start = D(2027, 1, 31)
    assert month_index(start, D(2027, 1, 31)) == 1
    assert month_index(start, D(2027, 2, 27)) == 1
    assert month_index(start, D(2027, 2, 28)) == 2
    assert month_index(start, D(2027, 3, 30)) == 2
    assert month_index(start, D(2027, 3, 31)) == 3
    assert month_index(start, D(2028, 1, 31)) == 13
    assert month_index(start, D(2027, 1, 30)) == 0


def test_working_days_skip_weekends_and_public_holidays():
    days = wd(D(2027, 1, 1), D(2027, 1, 16))
    # Jan 1-2 New Year, Jan 6-7 Epiphany and St John (RO); 2-3 and 9-10 are weekends
    assert days == [D(2027, 1, 4), D(2027, 1, 5), D(2027, 1, 8), D(2027, 1, 11), D(2027, 1, 12),
                    D(2027, 1, 13), D(2027, 1, 14), D(2027, 1, 15)]
    assert D(2027, 12, 1) not in wd(D(2027, 11, 29), D(2027, 12, 3))  # national day


# --- retainer, preview ------------------------------------------------------------------------

def test_retainer_40h_research_takes_15_to_20_working_days_as_the_seed_says():
    s = compute_schedule(inp(40))
    research = s.phase("research")
    assert research.start == START
    n = len(wd(research.start, research.end + dt.timedelta(days=1)))
    assert 15 <= n <= 20
    # infrastructure: towards the end of the first month and/or in the second month
    infra = s.phase("infrastructure")
    assert month_index(START, infra.start) == 1
    assert month_index(START, infra.end) == 2
    # campaigns usually in the second month (or right after the materials)
    assert month_index(START, s.phase("campaigns").start) in (2, 3)


def test_fewer_hours_make_research_longer_but_keep_the_order():
    s20, s40, s80 = (compute_schedule(inp(h)) for h in (20, 40, 80))
    assert s20.phase("research").end > s40.phase("research").end > s80.phase("research").end
    for s in (s20, s40, s80):
        ends = [s.phase(k).end for k in ("research", "infrastructure", "campaigns")]
        assert ends == sorted(ends)


def test_preview_statuses_baseline_and_no_reasons():
    s = compute_schedule(inp(40))
    for p in s.phases:
        assert p.status == PhaseStatus.PLANNED
        assert p.reasons == ()
        assert (p.baseline_start, p.baseline_end) == (p.start, p.end)
        assert p.logged_hours == 0
    assert s.phase("research").hours == Decimal("32.00")
    assert s.gate("plan_approved").date == s.phase("research").end
    assert s.gate("plan_approved").status == "expected"
    assert s.gate("materials_ready").date == s.phase("infrastructure").end


def test_every_month_gets_exactly_its_hours_and_never_more():
    s = compute_schedule(inp(40))
    assert len(s.months) == 12
    for m in s.months:
        assert m.contracted_hours == 40
        assert m.planned_hours == Decimal("40.00")  # optimisation takes whatever the one-off phases leave
        assert sum(m.hours_by_phase.values()) == Decimal("40.00")
    assert s.months[0].hours_by_phase == {"research": Decimal("32.00"), "infrastructure": Decimal("8.00")}


def test_daily_spread_is_even_in_minutes():
    alloc = daily_allocation(inp(40))
    first, end = month_bounds(START, 1)
    days = wd(first, end)
    per_day = [sum(alloc[d].values()) for d in days]
    assert abs(sum(per_day) - 40) <= Decimal("0.005") * len(days)  # each day is rounded to the cent
    assert max(per_day) - min(per_day) <= Decimal("0.02")  # one minute apart at most
    assert set(alloc) <= set(wd(START, month_bounds(START, 12)[1]))


def test_continuous_phase_is_ongoing_and_keeps_its_share():
    s = compute_schedule(inp(40))
    opt = s.phase("optimisation")
    assert opt.ongoing and opt.end == s.horizon_end
    assert opt.start in (s.phase("campaigns").end, s.phase("campaigns").end + dt.timedelta(days=1),
                         wd(s.phase("campaigns").end + dt.timedelta(days=1), START + dt.timedelta(days=400))[0])
    # in month 3 expansion runs: optimisation keeps about half
    m3 = s.months[2].hours_by_phase
    assert Decimal(19) <= m3["optimisation"] <= Decimal(21)


def test_not_before_month_waits_and_optimisation_takes_the_gap():
    s = compute_schedule(inp(80))
    assert s.phase("campaigns").end < month_bounds(START, 3)[0]
    assert s.phase("expansion").start == month_bounds(START, 3)[0]  # 2027-03-11, a Thursday
    assert s.months[1].hours_by_phase == {"optimisation": Decimal("80.00")}


def test_horizon_extends_until_every_one_off_phase_ends():
    s = compute_schedule(inp(3))
    assert all(p.end is not None for p in s.phases)
    last = max(p.end for p in s.phases if p.kind != PhaseKind.CONTINUOUS)
    assert len(s.months) == month_index(START, last) > 12
    assert s.horizon_end == month_bounds(START, len(s.months))[1] - dt.timedelta(days=1)


def test_horizon_stops_at_60_months():
    s = compute_schedule(inp("0.5"))
    assert len(s.months) == 60
    assert s.phase("expansion").end is None


# --- actuals, gates and reasons --------------------------------------------------------------

def _research_logs(hours_per_day: int, n: int) -> dict[dt.date, Decimal]:
    return {d: Decimal(hours_per_day) for d in wd(START, D(2027, 3, 1))[:n]}


def test_over_estimate_pushes_later_phases_and_says_why():
    logs = _research_logs(2, 20)  # 40 h on a 32 h estimate, last log on 2027-02-05
    today = D(2027, 2, 15)
    s = compute_schedule(inp(40, today=today, actuals={"research": PhaseActuals(logged=logs)},
                             gates_passed={"plan_approved": max(logs)}))
    research = s.phase("research")
    assert research.end == max(logs) == D(2027, 2, 5)
    assert research.status == PhaseStatus.DONE
    assert research.logged_hours == Decimal("40.00") and research.planned_hours == 0
    assert research.reasons[0].code == "over_estimate"
    assert dict(research.reasons[0].params) == {"phase": "research", "logged": 40.0, "estimate": 32.0}
    infra = s.phase("infrastructure")
    assert infra.start == today  # history is not re-planned
    assert infra.end > infra.baseline_end
    assert codes(infra) == ["predecessor_moved"]
    assert dict(infra.reasons[0].params) == {"phase": "research"}
    assert s.phase("campaigns").end > s.phase("campaigns").baseline_end
    assert codes(s.phase("campaigns")) == ["predecessor_moved"]
    assert s.gate("plan_approved").status == "passed"
    # month 1 (until 2027-02-10) was fully logged on research: nothing more planned there
    assert s.months[0].logged_hours == Decimal("40.00") and s.months[0].planned_hours == 0


def test_over_estimate_inside_the_month_takes_capacity_from_the_next_phase():
    logs = _research_logs(2, 18)  # 36 h, last on 2027-02-03
    today = D(2027, 2, 8)  # still in month 1 (until 2027-02-10)
    s = compute_schedule(inp(40, today=today, actuals={"research": PhaseActuals(logged=logs)},
                             gates_passed={"plan_approved": max(logs)}))
    m1 = s.months[0]
    assert m1.logged_hours == Decimal("36.00")
    assert m1.planned_hours == Decimal("4.00")  # only what is left of the month's 40 h
    assert m1.hours_by_phase == {"research": Decimal("36.00"), "infrastructure": Decimal("4.00")}
    assert s.phase("infrastructure").start == today


def test_gate_holding_when_phase_ended_but_plan_not_approved():
    today = D(2027, 2, 15)
    logs = _research_logs(2, 16)  # exactly 32 h, last on 2027-02-01
    s = compute_schedule(inp(40, today=today, actuals={"research": PhaseActuals(logged=logs)}))
    gate = s.gate("plan_approved")
    assert gate.status == "holding" and gate.date == today
    infra = s.phase("infrastructure")
    assert infra.status == PhaseStatus.WAITING
    assert infra.waiting_for == "plan_approved"
    assert infra.start == today
    assert "gate_open" in codes(infra)
    assert infra.reasons[0].code == "gate_open"
    assert dict(infra.reasons[0].params) == {"gate": "plan_approved", "since": "2027-02-01"}
    assert s.phase("campaigns").waiting_for == "plan_approved"
    assert s.phase("research").status == PhaseStatus.DONE
    # once recorded, nothing is holding
    s2 = compute_schedule(inp(40, today=today, actuals={"research": PhaseActuals(logged=logs)},
                              gates_passed={"plan_approved": D(2027, 2, 12)}))
    assert s2.gate("plan_approved").status == "passed"
    assert s2.phase("infrastructure").waiting_for is None
    assert s2.phase("infrastructure").status == PhaseStatus.PLANNED
    assert "gate_recorded" in codes(s2.phase("infrastructure"))


def test_completed_phase_ends_on_its_completion_date():
    today = D(2027, 1, 25)
    logs = _research_logs(3, 8)  # 24 h, less than estimated
    done_on = max(logs)
    s = compute_schedule(inp(40, today=today, gates_passed={"plan_approved": done_on},
                             actuals={"research": PhaseActuals(logged=logs, completed_on=done_on)}))
    research = s.phase("research")
    assert research.status == PhaseStatus.DONE
    assert research.end == research.end_min == research.end_max == done_on
    assert research.hours == research.logged_hours == Decimal("24.00")
    assert codes(research) == ["completed_early"]
    infra = s.phase("infrastructure")
    assert infra.start == today
    assert infra.end < infra.baseline_end
    assert codes(infra) == ["predecessor_moved"]


def test_behind_plan_when_less_logged_than_the_baseline_by_today():
    today = D(2027, 1, 25)
    s = compute_schedule(inp(40, today=today, actuals={"research": PhaseActuals(logged=_research_logs(1, 8))}))
    research = s.phase("research")
    assert research.status == PhaseStatus.IN_PROGRESS
    assert research.end > research.baseline_end
    assert codes(research) == ["behind_plan"]
    assert research.reasons[0].params["logged"] == 8.0
    assert research.logged_hours + research.planned_hours == Decimal("32.00")


def test_not_before_month_reason_when_earlier_phases_finish_early():
    today = D(2027, 2, 1)
    actuals = {
        "research": PhaseActuals(logged={D(2027, 1, 12): Decimal(5)}, completed_on=D(2027, 1, 15)),
        "infrastructure": PhaseActuals(logged={D(2027, 1, 20): Decimal(5)}, completed_on=D(2027, 1, 26)),
        "campaigns": PhaseActuals(logged={D(2027, 1, 28): Decimal(2)}, completed_on=D(2027, 1, 29)),
    }
    s = compute_schedule(inp(20, today=today, actuals=actuals,
                             gates_passed={"plan_approved": D(2027, 1, 15), "materials_ready": D(2027, 1, 26)}))
    exp = s.phase("expansion")
    assert exp.start == month_bounds(START, 3)[0]
    assert exp.start < exp.baseline_start
    assert codes(exp) == ["not_before_month", "predecessor_moved"]
    assert exp.reasons[0].params["month"] == 3
    assert s.phase("optimisation").start == today
    assert s.phase("campaigns").status == PhaseStatus.DONE


def test_hours_logged_on_a_later_phase_start_it():
    today = D(2027, 1, 20)
    actuals = {"research": PhaseActuals(logged={D(2027, 1, 11): Decimal(2)}),
               "infrastructure": PhaseActuals(logged={D(2027, 1, 13): Decimal(1)})}
    s = compute_schedule(inp(40, today=today, actuals=actuals))
    assert s.phase("infrastructure").start == D(2027, 1, 13)
    assert s.phase("infrastructure").status == PhaseStatus.IN_PROGRESS
    assert s.phase("infrastructure").end > s.phase("research").end


# --- SOSTAC --------------------------------------------------------------------------------

def test_sostac_stages_take_their_working_days():
    s = compute_schedule(inp(40, SOSTAC))
    days = wd(START, START + dt.timedelta(days=400))
    sit = s.phase("situation")
    assert sit.start == START
    assert sit.end == days[14] and sit.end_min == days[9] and sit.end_max == days[20]
    obj = s.phase("objectives")
    assert obj.start == days[15] and obj.end == days[19]
    # each stage starts the next working day after the previous one ends
    keys = ["situation", "objectives", "strategy", "tactics", "action"]
    for a, b in zip(keys, keys[1:], strict=False):
        assert days.index(s.phase(b).start) == days.index(s.phase(a).end) + 1
    action = s.phase("action")
    assert days.index(action.end) - days.index(action.start) + 1 == 63
    assert s.gate("plan_approved").date == s.phase("tactics").end


def test_sostac_control_runs_alongside_action_sharing_hours():
    s = compute_schedule(inp(40, SOSTAC))
    action, control = s.phase("action"), s.phase("control")
    assert (control.start, control.end, control.end_min, control.end_max) == (
        action.start, action.end, action.end_min, action.end_max)
    assert abs(action.hours - control.hours) < 2
    for m in s.months:
        assert sum(m.hours_by_phase.values()) <= m.contracted_hours


def test_sostac_action_waits_for_plan_approval():
    days = wd(START, START + dt.timedelta(days=400))
    actuals = {k: PhaseActuals(logged={days[i]: Decimal(1)}, completed_on=days[i + 2])
               for k, i in (("situation", 0), ("objectives", 4), ("strategy", 8), ("tactics", 12))}
    today = days[20]
    s = compute_schedule(inp(40, SOSTAC, today=today, actuals=actuals))
    assert s.gate("plan_approved").status == "holding"
    for key in ("action", "control"):
        p = s.phase(key)
        assert p.status == PhaseStatus.WAITING and p.waiting_for == "plan_approved"
        assert p.start == today
        assert "gate_open" in codes(p)


def test_duration_phase_started_in_history_counts_elapsed_days():
    days = wd(START, START + dt.timedelta(days=400))
    today = days[5]
    s = compute_schedule(inp(40, SOSTAC, today=today,
                             actuals={"situation": PhaseActuals(logged={days[0]: Decimal(2)})}))
    sit = s.phase("situation")
    assert sit.start == START and sit.end == days[14]
    assert sit.status == PhaseStatus.IN_PROGRESS
    assert sit.reasons == ()


# --- validation and errors -----------------------------------------------------------------

def _p(key: str, kind: PhaseKind = PhaseKind.EFFORT, **kw) -> PhaseSpec:
    return PhaseSpec(key=key, name=key.title(), kind=kind, **kw)


def test_builtin_templates_are_valid():
    assert set(BUILTIN_TEMPLATES) == {"retainer", "sostac"}
    for t in BUILTIN_TEMPLATES.values():
        assert t.validate() == []
        assert all(p.description for p in t.phases) and all(g.description for g in t.gates)
    assert [p.key for p in RETAINER.phases] == ["research", "infrastructure", "campaigns", "optimisation",
                                                "expansion"]
    assert [p.category for p in SOSTAC.phases] == ["situation", "objectives", "strategy", "tactics",
                                                   "action", "control"]


@pytest.mark.parametrize(("phases", "gates", "needle"), [
    ((), (), "no phases"),
    ((_p("a"), _p("a")), (), "used twice"),
    ((_p("a"), _p("b", alongside="zz")), (), "unknown phase 'zz'"),
    ((_p("a", alongside="b"), _p("b")), (), "must come before"),
    ((_p("a", requires_gates=("g",)),), (), "unknown gate 'g'"),
    ((_p("a"),), (GateSpec("g", "G", "nope"),), "unknown phase 'nope'"),
    ((_p("a", effort_hours=Decimal(-1)),), (), "negative effort"),
    ((_p("a", PhaseKind.DURATION, min_days=5, expected_days=3, max_days=9),), (), "minimum <= expected"),
    ((_p("a", PhaseKind.DURATION, min_days=1, expected_days=3, max_days=2),), (), "minimum <= expected"),
    ((_p("a"), _p("c", PhaseKind.CONTINUOUS, share=Decimal("1.5"))), (), "share outside"),
    ((_p("c", PhaseKind.CONTINUOUS), _p("a")), (), "cannot be continuous"),
    ((_p("a", requires_gates=("g",)),), (GateSpec("g", "G", "a"),), "wait forever"),
    ((_p("a"),), (GateSpec("g", "G", "a"), GateSpec("g", "G", "a")), "Gate key 'g' is used twice"),
    ((_p("a", not_before_month=0),), (), "below 1"),
])
def test_template_validation(phases, gates, needle):
    problems = TemplateSpec(key="t", name="T", phases=phases, gates=gates).validate()
    assert any(needle in p for p in problems), problems


def test_bad_input_raises_schedule_error():
    with pytest.raises(ScheduleError, match="more than 0"):
        compute_schedule(inp(0))
    with pytest.raises(ScheduleError, match="not known"):
        compute_schedule(inp(40, country="XX"))
    bad = TemplateSpec(key="t", name="T", phases=(_p("a"), _p("a")))
    with pytest.raises(ScheduleError, match="used twice"):
        compute_schedule(inp(40, bad))
    assert issubclass(ScheduleError, ValueError)


def test_blocking_gate():
    approved = D(2027, 2, 4)
    assert blocking_gate(RETAINER, {}, on=approved, phase_key="research") is None
    assert blocking_gate(RETAINER, {}, on=approved, phase_key="campaigns").key == "plan_approved"
    assert blocking_gate(RETAINER, {}, on=approved, category="infrastructure").key == "plan_approved"
    passed = {"plan_approved": approved}
    assert blocking_gate(RETAINER, passed, on=approved - dt.timedelta(days=1), phase_key="infrastructure").key \
        == "plan_approved"
    assert blocking_gate(RETAINER, passed, on=approved, phase_key="infrastructure") is None
    assert blocking_gate(RETAINER, passed, on=approved, category="campaigns").key == "materials_ready"
    passed["materials_ready"] = D(2027, 3, 1)
    assert blocking_gate(RETAINER, passed, on=D(2027, 3, 1), category="campaigns") is None
    assert blocking_gate(RETAINER, {}, on=approved, phase_key="nope") is None
    assert blocking_gate(SOSTAC, {}, on=approved, category="action").key == "plan_approved"


# --- other shapes of templates ---------------------------------------------------------------

def test_effort_alongside_shares_capacity_until_one_finishes():
    t = TemplateSpec(key="t", name="T", phases=(
        _p("a", effort_hours=Decimal(10)), _p("b", effort_hours=Decimal(20)),
        _p("c", effort_hours=Decimal(10), alongside="b"), _p("d", effort_hours=Decimal(5)),
    ))
    s = compute_schedule(inp(40, t))
    assert s.phase("c").start == s.phase("b").start
    assert s.phase("c").end < s.phase("b").end
    b_end = s.phase("b").end
    assert s.phase("d").start in (b_end, wd(b_end + dt.timedelta(days=1), b_end + dt.timedelta(days=10))[0])


def test_zero_effort_phase_is_a_milestone():
    t = TemplateSpec(key="t", name="T", phases=(_p("a", effort_hours=Decimal(8)), _p("m"),
                                                _p("b", effort_hours=Decimal(8))))
    s = compute_schedule(inp(40, t))
    assert s.phase("m").start == s.phase("m").end == s.phase("a").end
    assert s.phase("m").hours == 0


def test_to_json_is_serialisable_with_iso_dates():
    s = compute_schedule(inp(40))
    data = json.loads(json.dumps(s.to_json()))
    first = data[0]
    assert set(first) >= {"key", "name", "kind", "start", "end", "hours", "logged_hours", "status", "ongoing",
                          "end_min", "end_max", "waiting_for"}
    assert first["key"] == "research" and first["start"] == "2027-01-11" and first["hours"] == 32.0
    opt = next(d for d in data if d["key"] == "optimisation")
    assert opt["ongoing"] is True and opt["end"] == s.horizon_end.isoformat()


def test_schedule_lookup_errors():
    s = compute_schedule(inp(40))
    with pytest.raises(KeyError):
        s.phase("nope")
    with pytest.raises(KeyError):
        s.gate("nope")


def test_subdivision_holidays():
    t = replace(RETAINER)
    s = compute_schedule(inp(40, t, country="DE", subdivision="BY"))
    assert s.phase("research").end is not None
    with pytest.raises(ScheduleError):
        compute_schedule(inp(40, t, country="DE", subdivision="ZZ"))


def test_a_phase_that_finished_late_in_the_past_compares_logs_at_its_planned_end():
    # 32 h of research logged 1 h a day from the start: it ends long after its planned end.
    days = working_days("RO", START, D(2027, 3, 31))[:32]
    logs = {d: Decimal(1) for d in days}
    today = days[-1] + dt.timedelta(days=14)
    s = compute_schedule(inp(40, today=today, actuals={"research": PhaseActuals(logged=logs)}))
    research = s.phase("research")
    assert research.end == days[-1] > research.baseline_end
    reason = research.reasons[0]
    assert reason.code == "behind_plan"
    assert reason.params["date"] == research.baseline_end.isoformat()
    logged_by_then = sum(1 for d in days if d <= research.baseline_end)
    assert reason.params["logged"] == float(logged_by_then) < reason.params["planned"] == 32.0


def test_a_phase_whose_work_began_a_day_late_says_so():
    # Nothing on the start date, then on the next day exactly what the plan had for both days.
    plan = daily_allocation(inp(40))
    logs = {D(2027, 1, 12): plan[D(2027, 1, 11)]["research"] + plan[D(2027, 1, 12)]["research"]}
    s = compute_schedule(inp(40, today=D(2027, 1, 13), actuals={"research": PhaseActuals(logged=logs)}))
    research = s.phase("research")
    assert research.start == D(2027, 1, 12) != research.baseline_start
    assert [r.code for r in research.reasons] == ["started_late"]
    assert research.reasons[0].params == {"phase": "research", "date": "2027-01-12", "baseline": "2027-01-11"}


# --- phases that finish below their estimate ---------------------------------------------------

def _moved_on(**research_kw):
    """Research got 30.5 of its 32 h by 2 February; the plan was approved and infrastructure went on."""
    days = wd(START, D(2027, 2, 3))  # 16 working days, the last on 2 February
    logs = {d: Decimal(2) for d in days[:15]}
    logs[days[15]] = Decimal("0.5")
    infra = {d: Decimal(2) for d in wd(D(2027, 2, 8), D(2027, 3, 1))}
    actuals = {"research": PhaseActuals(logged=logs, **research_kw), "infrastructure": PhaseActuals(logged=infra)}
    return inp(40, today=D(2027, 3, 15), actuals=actuals, gates_passed={"plan_approved": D(2027, 2, 5)}), days[15]


def test_a_phase_left_below_its_estimate_awaits_confirmation_instead_of_stretching_to_today():
    s = compute_schedule(_moved_on()[0])
    last = _moved_on()[1]
    research = s.phase("research")
    assert research.awaiting_confirmation and research.status == PhaseStatus.AWAITING
    assert research.end == research.end_min == research.end_max == last  # not today, 15 March
    assert research.planned_hours == 0 and research.hours == research.logged_hours == Decimal("30.50")
    assert research.unused_hours == Decimal("1.50")
    assert codes(research) == ["awaiting_confirmation"]
    assert dict(research.reasons[0].params) == {"phase": "research", "logged": 30.5, "estimate": 32.0,
                                                "date": last.isoformat()}
    assert [p.key for p in s.awaiting_confirmation] == ["research"]
    # the team's later work is not pushed behind the 1.5 h that nobody plans to do
    assert s.phase("infrastructure").status == PhaseStatus.IN_PROGRESS
    assert not any(p.awaiting_confirmation for p in s.phases if p.key != "research")


def test_keeping_the_phase_open_plans_its_remaining_hours_from_today():
    s = compute_schedule(_moved_on(keep_open=True)[0])
    research = s.phase("research")
    assert not research.awaiting_confirmation and research.status == PhaseStatus.IN_PROGRESS
    assert research.planned_hours == Decimal("1.50") and research.end >= D(2027, 3, 15)
    assert research.unused_hours == 0
    assert s.awaiting_confirmation == ()


def test_marking_it_completed_ends_it_on_its_last_logged_day_and_keeps_the_unused_estimate():
    first, last = _moved_on()
    s = compute_schedule(_moved_on(completed_on=last)[0])
    research = s.phase("research")
    assert research.status == PhaseStatus.DONE and not research.awaiting_confirmation
    assert research.end == last and research.unused_hours == Decimal("1.50")
    assert "behind_plan" not in codes(research)


def test_a_phase_still_being_worked_on_does_not_await_confirmation():
    # infrastructure got hours, but research was worked on later than that: the team has not moved on
    actuals = {"research": PhaseActuals(logged={D(2027, 1, 11): Decimal(2), D(2027, 1, 14): Decimal(2)}),
               "infrastructure": PhaseActuals(logged={D(2027, 1, 13): Decimal(1)})}
    s = compute_schedule(inp(40, today=D(2027, 1, 20), actuals=actuals))
    assert not s.phase("research").awaiting_confirmation
    assert s.phase("research").status == PhaseStatus.IN_PROGRESS
    # a phase with no hours, a continuous phase and a phase running alongside never await confirmation
    t = TemplateSpec(key="t", name="T", phases=(
        _p("a", effort_hours=Decimal(10)), _p("b", effort_hours=Decimal(10), alongside="a"),
        _p("c", effort_hours=Decimal(10)), _p("o", PhaseKind.CONTINUOUS)))
    s = compute_schedule(inp(40, t, today=D(2027, 1, 25), actuals={
        "a": PhaseActuals(logged={D(2027, 1, 11): Decimal(2), D(2027, 1, 18): Decimal(1)}),
        "b": PhaseActuals(logged={D(2027, 1, 12): Decimal(1)}),
    }))
    assert s.awaiting_confirmation == ()


def test_phases_report_how_many_working_days_they_moved():
    logs = _research_logs(2, 20)  # 40 h on 32: ends on 5 February instead of the planned date
    s = compute_schedule(inp(40, today=D(2027, 2, 15), actuals={"research": PhaseActuals(logged=logs)},
                             gates_passed={"plan_approved": D(2027, 2, 10)}))
    research = s.phase("research")
    assert research.end_shift == len(wd(research.baseline_end + dt.timedelta(days=1), research.end + dt.timedelta(days=1)))
    assert research.end_shift > 0 and research.start_shift == 0
    gate = next(r for r in s.phase("infrastructure").reasons if r.code == "gate_recorded")
    assert gate.params["days"] == 3  # 5 February (Friday) -> 10 February (Wednesday)
    opt = s.phase("optimisation")
    assert opt.end_shift == 0 and opt.start_shift == len(wd(opt.baseline_start + dt.timedelta(days=1),
                                                            opt.start + dt.timedelta(days=1)))
