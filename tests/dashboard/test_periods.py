"""The period picker's rules (pure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.dashboard.domain import periods
from cadence.dashboard.domain.periods import Period, PeriodError, choose

D = dt.date


def test_this_month_runs_to_today_against_the_same_days_of_the_last_month():
    c = choose("month", today=D(2027, 3, 31))
    assert (c.current.first, c.current.last) == (D(2027, 3, 1), D(2027, 3, 31))
    assert (c.previous.first, c.previous.last) == (D(2027, 2, 1), D(2027, 2, 28))  # February is shorter
    c = choose("month", today=D(2027, 3, 10))
    assert (c.previous.first, c.previous.last) == (D(2027, 2, 1), D(2027, 2, 10))


def test_last_month_is_the_whole_month_against_the_one_before():
    c = choose("last_month", today=D(2027, 1, 15))
    assert (c.current.first, c.current.last) == (D(2026, 12, 1), D(2026, 12, 31))
    assert (c.previous.first, c.previous.last) == (D(2026, 11, 1), D(2026, 11, 30))


def test_the_quarter_runs_to_today_against_as_many_days_of_the_previous_quarter():
    c = choose("quarter", today=D(2027, 5, 15))
    assert (c.current.first, c.current.last) == (D(2027, 4, 1), D(2027, 5, 15))
    assert (c.previous.first, c.previous.last) == (D(2027, 1, 1), D(2027, 2, 14))
    c = choose("quarter", today=D(2027, 1, 2))
    assert (c.previous.first, c.previous.last) == (D(2026, 10, 1), D(2026, 10, 2))
    c = choose("quarter", today=D(2027, 3, 31))  # 90 days of the first quarter against 90 of the fourth
    assert c.previous == Period("previous", D(2026, 10, 1), D(2026, 12, 29))
    c = choose("quarter", today=D(2027, 9, 30))  # 92 days against a second quarter of 91: cut at its end
    assert c.previous == Period("previous", D(2027, 4, 1), D(2027, 6, 30))


def test_a_custom_period_is_compared_with_the_same_number_of_days_before_it():
    c = choose("custom", today=D(2027, 5, 15), start="2027-03-10", end=" 2027-03-19 ")
    assert c.current == Period("custom", D(2027, 3, 10), D(2027, 3, 19))
    assert c.previous == Period("previous", D(2027, 2, 28), D(2027, 3, 9))
    assert c.current.days == c.previous.days == 10


@pytest.mark.parametrize(("start", "end", "code", "field"), [
    ("", "2027-03-01", "missing_date", "from"),
    ("2027-03-01", "", "missing_date", "to"),
    ("1.3.2027", "2027-03-01", "bad_date", "from"),
    ("2027-02-30", "2027-03-01", "bad_date", "from"),
    ("2027-03-01", "2027-13-01", "bad_date", "to"),
    ("2027-03-01", "'; drop table", "bad_date", "to"),
    ("1999-12-31", "2027-03-01", "out_of_range", "from"),
    ("2027-03-01", "9999-01-01", "out_of_range", "to"),
    ("2027-03-02", "2027-03-01", "reversed", "to"),
    ("2024-01-01", "2027-03-01", "too_long", "to"),
])
def test_a_bad_custom_period_is_an_error_with_a_code(start, end, code, field):
    with pytest.raises(PeriodError) as caught:
        choose("custom", today=D(2027, 5, 15), start=start, end=end)
    assert caught.value.code == code
    assert caught.value.params["field"] == field


def test_an_unknown_choice_is_an_error():
    with pytest.raises(PeriodError) as caught:
        choose("decade", today=D(2027, 5, 15))
    assert caught.value.code == "unknown_kind"
    assert choose("", today=D(2027, 5, 15)).current.kind == "last_month"


def test_change_in_percent():
    assert periods.change(Decimal(150), Decimal(100)) == Decimal("50.0")
    assert periods.change(Decimal(50), Decimal(-100)) == Decimal("150.0")
    assert periods.change(Decimal(1), Decimal(3)) == Decimal("-66.7")
    assert periods.change(Decimal(1), Decimal(0)) is None
    assert periods.change(Decimal(1), None) is None
