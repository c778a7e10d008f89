"""The spreading rule of the team's capacity (``cadence/overview/domain/capacity.py``): remaining = estimate −
logged (never negative), spread over the working days from today to the due date, counted per week."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cadence.overview.domain import capacity as rules

D = Decimal
WED = dt.date(2026, 11, 18)  # a Wednesday; its week starts on Monday 16 November


def work(estimate, logged="0", due=None, calendar=None):
    return rules.Work(D(estimate) if estimate is not None else None, D(logged), due, calendar)


def test_remaining_is_the_estimate_less_the_hours_logged_never_negative():
    assert rules.remaining(work("10", "4")) == D(6)
    assert rules.remaining(work("10", "14")) == D(0)
    assert rules.remaining(work(None, "3")) == D(0)


def test_the_weeks_start_on_this_weeks_monday():
    assert rules.week_starts(WED, 3) == (dt.date(2026, 11, 16), dt.date(2026, 11, 23), dt.date(2026, 11, 30))


def test_spread_evenly_over_the_working_days_to_the_due_date():
    # Wednesday to the next Tuesday: Wed Thu Fri Mon Tue = 5 working days
    days = rules.spread(D(10), WED, dt.date(2026, 11, 24))
    assert days == {dt.date(2026, 11, 18): D(2), dt.date(2026, 11, 19): D(2), dt.date(2026, 11, 20): D(2),
                    dt.date(2026, 11, 23): D(2), dt.date(2026, 11, 24): D(2)}


def test_shares_add_up_exactly_the_last_day_takes_the_rest():
    days = rules.spread(D(10), WED, dt.date(2026, 11, 20))  # three days
    assert list(days.values()) == [D("3.33"), D("3.33"), D("3.34")]
    assert sum(days.values()) == D(10)


def test_due_on_a_weekend_with_no_working_day_between_counts_on_the_due_date():
    sat = dt.date(2026, 11, 21)
    assert rules.spread(D(4), sat, sat + dt.timedelta(days=1)) == {sat + dt.timedelta(days=1): D(4)}


def test_a_holiday_is_not_a_working_day():
    holiday = dt.date(2026, 11, 19)
    days = rules.spread(D(6), WED, dt.date(2026, 11, 20), lambda d: d.weekday() < 5 and d != holiday)
    assert days == {WED: D(3), dt.date(2026, 11, 20): D(3)}


def test_load_by_week_with_no_due_date_overdue_and_later():
    items = [
        work("10", "0", dt.date(2026, 11, 24)),   # 6 h this week (3 days), 4 h next week (2 days)
        work("8", "2", None),                     # 6 h without a due date
        work("5", "1", dt.date(2026, 11, 10)),    # 4 h overdue
        work(None, "0", dt.date(2026, 11, 20)),   # no estimate: counted, no hours
    ]
    result = rules.load(items, WED)
    assert result.weeks[0] == D(6) and result.weeks[1] == D(4)
    assert result.no_due == D(6) and result.overdue == D(4)
    assert result.later == 0 and sum(result.weeks[2:]) == 0
    assert result.unestimated == 1 and result.cards == 4
    assert result.total == D(10) + D(6) + D(4)


def test_what_falls_after_the_weeks_shown_counts_as_later():
    result = rules.load([work("30", "0", dt.date(2027, 2, 26))], WED)  # 71 working days to 26 February
    assert all(w > 0 for w in result.weeks) and result.later > 0
    assert sum(result.weeks) + result.later == D(30)


def test_weeks_over_capacity_are_marked():
    result = rules.load([work("45", "0", dt.date(2026, 11, 20))], WED)  # 45 h in three days
    person = rules.person_load(40, result)
    assert [c.over for c in person.cells] == [True, False, False, False, False, False]
    assert person.cells[0].percent == 113 and person.over_weeks == 1
    assert rules.over_capacity([D(1), D(0)], 0) == (True, False)
    assert [c.percent for c in rules.person_load(0, result).cells][0] == 0
