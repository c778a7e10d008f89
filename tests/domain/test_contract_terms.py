"""Contract terms from a month on, one set of figures per month, changes checked through carry-over,
closed months and phases that do not fit into the contract (pure, no Django)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.engagements.builtin_templates import RETAINER
from cadence.engagements.domain.rollover import (
    RolloverMode,
    RolloverRule,
    UsageLevel,
    check_change,
    month_closed,
    month_figures,
)
from cadence.engagements.schedule import (
    PhaseActuals,
    ScheduleError,
    ScheduleInput,
    compute_schedule,
    contract_warnings,
    daily_allocation,
    month_bounds,
)

H = Decimal
START = dt.date(2027, 1, 11)


def inp(**kw) -> ScheduleInput:
    return ScheduleInput(start=START, monthly_hours=kw.pop("hours", H(40)), country="RO", template=RETAINER, **kw)


# --- the schedule takes the hours of each month ----------------------------------------------------

def test_an_upsell_from_month_5_plans_more_in_months_5_and_later_only():
    flat = compute_schedule(inp(horizon_months=8))
    upsell = compute_schedule(inp(horizon_months=8, hours_from_month={5: H(60)}))
    for a, b in zip(flat.months, upsell.months, strict=False):
        if a.index < 5:
            assert (a.contracted_hours, a.planned_hours) == (b.contracted_hours, b.planned_hours) == (H(40), a.planned_hours)
        else:
            assert (a.contracted_hours, b.contracted_hours) == (H(40), H(60))
            assert b.planned_hours > a.planned_hours
            assert b.planned_hours <= H(60)


def test_the_baseline_keeps_the_original_terms_and_the_change_is_a_reason():
    today = month_bounds(START, 2)[0]
    logged: dict[str, dict[dt.date, Decimal]] = {}
    for day, by_phase in daily_allocation(inp()).items():  # month 1 went exactly as planned
        if day < today:
            for key, hours in by_phase.items():
                logged.setdefault(key, {})[day] = hours
    actuals = {key: PhaseActuals(logged=days) for key, days in logged.items()}
    base = compute_schedule(inp(today=today, actuals=actuals))
    upsell = compute_schedule(inp(today=today, actuals=actuals, hours_from_month={3: H(80)}))
    exp_base, exp = base.phase("expansion"), upsell.phase("expansion")
    assert (exp.baseline_start, exp.baseline_end) == (exp_base.baseline_start, exp_base.baseline_end)  # not recomputed
    assert exp.end is not None and exp_base.end is not None and exp.end < exp_base.end
    reasons = [r for r in exp.reasons if r.code == "contract_changed"]
    assert reasons and dict(reasons[0].params) == {"month": 3, "hours": 80.0, "previous": 40.0,
                                                  "date": month_bounds(START, 3)[0].isoformat()}
    # research and infrastructure end before month 3: the change is not their reason
    for key in ("research", "infrastructure"):
        assert all(r.code != "contract_changed" for r in upsell.phase(key).reasons)


def test_no_change_means_the_same_schedule_as_before():
    logged = {"research": PhaseActuals(logged={dt.date(2027, 1, 12): H(3)})}
    a = compute_schedule(inp(today=dt.date(2027, 1, 20), actuals=logged))
    b = compute_schedule(inp(today=dt.date(2027, 1, 20), actuals=logged, hours_from_month={3: H(40)}))
    assert a == b


def test_bad_contract_changes_are_refused():
    with pytest.raises(ScheduleError):
        compute_schedule(inp(hours_from_month={3: H(0)}))
    with pytest.raises(ScheduleError):
        compute_schedule(inp(hours_from_month={0: H(10)}))


def test_phases_that_do_not_fit_into_the_contract_are_named():
    schedule = compute_schedule(inp(hours=H(5)))
    warnings = contract_warnings(schedule, inp(hours=H(5)), 3)
    by_phase = {w.phase: w.code for w in warnings}
    assert by_phase["campaigns"] == "starts_after"
    assert "optimisation" not in by_phase  # continuous: it runs as long as the contract does
    assert all(w.contract_end == dt.date(2027, 4, 10) and w.hours == H(5) for w in warnings)
    assert contract_warnings(schedule, inp(hours=H(5)), None) == ()
    assert contract_warnings(compute_schedule(inp(hours=H(80))), inp(hours=H(80)), 12) == ()


# --- one set of figures ---------------------------------------------------------------------------

def test_month_figures_add_the_extra_hours_to_the_available_hours_and_agree_on_level_and_percent():
    (m,) = month_figures([H(20)], [H(23)], RolloverRule(), closed_months=0, extra=[H(4)], planned=[H(2)])
    assert (m.contracted, m.extra, m.available, m.logged, m.planned) == (20, 4, 24, 23, 2)
    assert (m.percent, m.level, m.remaining) == (96, UsageLevel.WARNING, 1)
    (m,) = month_figures([H(30)], [H(20)], RolloverRule(), closed_months=0)
    assert (m.percent, m.level) == (67, UsageLevel.OK)  # 67 % is never "over 80 % used"


def test_month_figures_follow_the_terms_in_force_in_each_month():
    rules = [RolloverRule(RolloverMode.CARRY, H(5)), RolloverRule(RolloverMode.NONE), RolloverRule()]
    months = month_figures([H(40), H(60), H(60)], [H(30), H(10)], rules, closed_months=2)
    assert [m.contracted for m in months] == [40, 60, 60]
    assert [m.carried_in for m in months] == [0, 5, 0]  # month 2's terms let its hours expire
    assert [m.available for m in months] == [40, 65, 60]


def test_extra_hours_never_carry_over():
    rule = RolloverRule(RolloverMode.CARRY, H(10))
    m1, m2 = month_figures([H(40), H(40)], [H(40)], rule, closed_months=1, extra=[H(8)])
    assert (m1.available, m1.unused, m1.carried_out, m2.carried_in) == (48, 0, 0, 0)


# --- a change to an earlier month is checked in every month it affects -----------------------------

def test_back_dating_into_a_closed_month_cannot_push_the_next_month_over():
    rule = RolloverRule(RolloverMode.CARRY, H(10))
    contracted, logged = [H(20), H(20)], [H(10), H(25)]  # month 1 carried 10 h into month 2: 25 of 30 h
    check = check_change(contracted, logged, rule, closed_months=1, month=1, delta=H(10))
    assert (check.logged_after, check.available) == (20, 20)  # month 1 itself is fine
    assert (check.over_month, check.over_logged, check.over_available) == (2, 25, 20)
    ok = check_change(contracted, logged, rule, closed_months=1, month=1, delta=H(5))
    assert ok.over_month is None
    # with extra hours approved in month 2 it fits
    assert check_change(contracted, logged, rule, closed_months=1, extra=[H(0), H(5)], month=1,
                        delta=H(10)).over_month is None


def test_a_change_names_its_own_month_first():
    check = check_change([H(20)], [H(18)], RolloverRule(), closed_months=0, month=1, delta=H(3))
    assert (check.over_month, check.over_logged, check.over_available) == (1, 21, 20)


def test_a_month_already_over_is_not_blamed_on_a_change_that_does_not_touch_it():
    check = check_change([H(20), H(20)], [H(5), H(30)], RolloverRule(), closed_months=1, extra=[H(0), H(10)],
                         month=1, delta=H(2))
    assert check.over_month is None


# --- closed months --------------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "days", "explicit", "closed"), [
    (dt.date(2027, 2, 10), 5, None, False),  # month ended on 10 Feb: still open on its last day
    (dt.date(2027, 2, 15), 5, None, False),  # 5 days of grace
    (dt.date(2027, 2, 16), 5, None, True),
    (dt.date(2027, 2, 11), 0, None, True),
    (dt.date(2027, 2, 1), 5, True, True),  # closed by a manager
    (dt.date(2027, 5, 1), 5, False, False),  # reopened by a manager
])
def test_month_closed(today, days, explicit, closed):
    assert month_closed(dt.date(2027, 2, 10), today, days, explicit) is closed
