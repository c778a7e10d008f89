"""Two continuous phases in one template (pure engine, no Django).

Reporting (20 %) starts when setup ends, optimisation (50 %) when build ends. From its start, each keeps
its own guaranteed share of every month while one-off phases run; the one-off phases get the remainder
and still finish; a month never gets more than its hours; once the one-off phases are done, the two
continuous phases take every hour.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cadence.engagements.schedule import (
    PhaseKind,
    PhaseSpec,
    ScheduleInput,
    TemplateSpec,
    compute_schedule,
)

START = dt.date(2027, 1, 11)  # a Monday
HOURS = Decimal(40)
SHARES = {"reporting": Decimal("0.2"), "optimisation": Decimal("0.5")}
EFFORT = {"setup": Decimal(30), "build": Decimal(120), "expand": Decimal(60)}

TEMPLATE = TemplateSpec(key="two", name="Two continuous", phases=(
    PhaseSpec(key="setup", name="Setup", kind=PhaseKind.EFFORT, effort_hours=EFFORT["setup"]),
    PhaseSpec(key="reporting", name="Reporting", kind=PhaseKind.CONTINUOUS, share=SHARES["reporting"]),
    PhaseSpec(key="build", name="Build", kind=PhaseKind.EFFORT, effort_hours=EFFORT["build"]),
    PhaseSpec(key="optimisation", name="Optimisation", kind=PhaseKind.CONTINUOUS, share=SHARES["optimisation"]),
    PhaseSpec(key="expand", name="Expand", kind=PhaseKind.EFFORT, effort_hours=EFFORT["expand"]),
))


def schedule():
    return compute_schedule(ScheduleInput(start=START, monthly_hours=HOURS, country="RO", template=TEMPLATE))


def rounding(month) -> Decimal:
    """Shares are handed out in whole minutes each working day: at most a minute a day is lost to rounding."""
    return Decimal(month.working_days) / 60


def test_the_template_is_valid():
    assert TEMPLATE.validate() == []


def test_each_continuous_phase_starts_when_its_one_off_phase_ends_and_stays_on():
    s = schedule()
    assert s.phase("reporting").start == s.phase("setup").end
    assert s.phase("optimisation").start == s.phase("build").end
    assert s.phase("reporting").ongoing and s.phase("optimisation").ongoing
    assert s.phase("reporting").end == s.phase("optimisation").end == s.horizon_end


def test_a_month_never_gets_more_than_its_hours():
    s = schedule()
    for m in s.months:
        assert sum(m.hours_by_phase.values(), Decimal(0)) == m.planned_hours <= m.contracted_hours == HOURS, m


def test_both_take_their_guaranteed_share_of_every_month_from_their_starts():
    s = schedule()
    both_checked = 0
    for m in s.months:
        started = [k for k in SHARES if s.phase(k).start <= m.start]  # running for the whole month
        for key in started:
            assert m.hours_by_phase.get(key, Decimal(0)) >= SHARES[key] * m.contracted_hours - rounding(m), (key, m)
        both_checked += len(started) == 2 and any(k in m.hours_by_phase for k in EFFORT)
    assert both_checked >= 2  # months where both continuous phases and a one-off phase share the hours


def test_the_effort_phases_get_the_remainder_and_finish():
    s = schedule()
    for key, effort in EFFORT.items():
        assert s.phase(key).end is not None and s.phase(key).hours == effort
    full = [m for m in s.months if all(s.phase(k).start <= m.start for k in SHARES)
            and s.phase("expand").start <= m.start and s.phase("expand").end >= m.end - dt.timedelta(days=1)]
    assert full, "expand should run through at least one whole month beside both continuous phases"
    for m in full:
        continuous = m.hours_by_phase["reporting"] + m.hours_by_phase["optimisation"]
        assert m.hours_by_phase["expand"] == m.planned_hours - continuous
        assert m.hours_by_phase["expand"] >= (1 - sum(SHARES.values())) * HOURS - rounding(m)


def test_after_the_one_off_phases_the_continuous_phases_take_every_hour():
    s = schedule()
    last_one_off = max(s.phase(k).end for k in EFFORT)
    after = [m for m in s.months if m.start > last_one_off]
    assert after
    for m in after:
        assert set(m.hours_by_phase) == set(SHARES)
        assert m.planned_hours == m.contracted_hours
        for key, share in SHARES.items():
            assert m.hours_by_phase[key] >= share * m.contracted_hours - rounding(m)


def test_shares_adding_past_the_whole_day_never_pass_the_months_hours():
    greedy = TemplateSpec(key="g", name="G", phases=tuple(
        p if p.kind != PhaseKind.CONTINUOUS else PhaseSpec(key=p.key, name=p.name, kind=p.kind, share=Decimal("0.8"))
        for p in TEMPLATE.phases))
    s = compute_schedule(ScheduleInput(start=START, monthly_hours=HOURS, country="RO", template=greedy,
                                       horizon_months=24))
    for m in s.months:
        assert m.planned_hours <= m.contracted_hours
        both = all(s.phase(k).start <= m.start for k in SHARES)
        if both:  # equal shares: equal hours, within the rounding of each day
            assert abs(m.hours_by_phase["reporting"] - m.hours_by_phase["optimisation"]) <= rounding(m)
