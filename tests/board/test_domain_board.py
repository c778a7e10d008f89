"""The board's pure rules: moves, work-in-progress limits, the order of cards, capacity, recurrence."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.board.domain.capacity import MonthHours, OpenWork, capacity
from cadence.board.domain.ordering import GAP, position_between, renumber
from cadence.board.domain.recurrence import Rule, RuleError, occurrences, period_key, validate
from cadence.board.domain.workflow import COLUMNS, Column, MoveRefused, check_move, wip_exceeded

# --- workflow ---------------------------------------------------------------------------------------

def test_review_needs_a_reviewer():
    with pytest.raises(MoveRefused) as e:
        check_move(Column.IN_PROGRESS, Column.REVIEW, has_reviewer=False)
    assert e.value.code == "reviewer_required"
    check_move(Column.IN_PROGRESS, Column.REVIEW, has_reviewer=True)
    check_move(Column.REVIEW, Column.REVIEW, has_reviewer=False)  # reordering within Review


@pytest.mark.parametrize("src", COLUMNS)
@pytest.mark.parametrize("dst", [c for c in COLUMNS if c is not Column.REVIEW])
def test_every_other_move_is_allowed(src, dst):
    check_move(src, dst, has_reviewer=False)


def test_wip_limit_is_exceeded_only_above_it():
    assert not wip_exceeded(3, None)
    assert not wip_exceeded(3, 3)
    assert wip_exceeded(4, 3)
    assert not wip_exceeded(9, 0)  # 0: no limit


# --- ordering ---------------------------------------------------------------------------------------

def test_positions_between_neighbours_and_at_the_ends():
    assert position_between(None, None) == GAP
    assert position_between(GAP, None) == 2 * GAP
    assert position_between(None, 2 * GAP) == GAP
    assert position_between(None, 3) == 1
    assert position_between(None, 0) is None
    assert position_between(10, 20) == 15
    assert position_between(10, 11) is None
    assert renumber(3) == [GAP, 2 * GAP, 3 * GAP]


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=40))
def test_inserting_keeps_the_order(moves):
    """Insert cards at arbitrary slots; renumber when there is no room; the positions stay strictly
    increasing in the order the inserts asked for."""
    order: list[str] = []
    pos: dict[str, int] = {}
    for n, slot in enumerate(moves):
        name = f"c{n}"
        i = min(slot, len(order))
        before = pos[order[i - 1]] if i > 0 else None
        after = pos[order[i]] if i < len(order) else None
        p = position_between(before, after)
        if p is None:
            for card, value in zip(order, renumber(len(order)), strict=True):
                pos[card] = value
            before = pos[order[i - 1]] if i > 0 else None
            after = pos[order[i]] if i < len(order) else None
            p = position_between(before, after)
        assert p is not None
        assert p >= 0
        order.insert(i, name)
        pos[name] = p
        values = [pos[c] for c in order]
        assert values == sorted(values) and len(set(values)) == len(values)


# --- capacity ---------------------------------------------------------------------------------------

JAN = MonthHours(month=5, first=dt.date(2027, 1, 7), last=dt.date(2027, 2, 6), available=Decimal(40),
                 logged=Decimal(12))
FEB = MonthHours(month=6, first=dt.date(2027, 2, 7), last=dt.date(2027, 3, 6), available=Decimal(40),
                 logged=Decimal(0))
MAR = MonthHours(month=7, first=dt.date(2027, 3, 7), last=dt.date(2027, 4, 6), available=Decimal(40),
                 logged=Decimal(0))
TODAY = dt.date(2027, 1, 20)


def test_46_hours_of_estimates_against_28_left():
    work = [OpenWork(Decimal(30), Decimal(0), None),  # no due date: now
            OpenWork(Decimal(10), Decimal(4), dt.date(2027, 1, 2)),  # overdue: now, 6 h remain
            OpenWork(Decimal(10), Decimal(0), dt.date(2027, 2, 1)),
            OpenWork(Decimal(8), Decimal(0), dt.date(2027, 2, 20)),  # next month
            OpenWork(Decimal(5), Decimal(9), dt.date(2027, 2, 2)),  # more logged than estimated: 0 left
            OpenWork(None, Decimal(0), dt.date(2027, 2, 2)),
            OpenWork(None, Decimal(0), dt.date(2027, 2, 10)),
            OpenWork(Decimal(99), Decimal(0), dt.date(2027, 3, 20))]  # after next month: not counted
    now, nxt = capacity(work, [MAR, FEB, JAN], TODAY)
    assert (now.month, now.planned, now.left, now.fits, now.shortfall, now.unestimated) == \
        (5, Decimal(46), Decimal(28), False, Decimal(18), 1)
    assert (nxt.month, nxt.planned, nxt.left, nxt.fits, nxt.shortfall, nxt.unestimated) == \
        (6, Decimal(8), Decimal(40), True, Decimal(0), 1)


def test_no_capacity_outside_the_contract_months():
    assert capacity([OpenWork(Decimal(1), Decimal(0), None)], [JAN], dt.date(2026, 12, 1)) == []
    only = capacity([], [JAN], TODAY)
    assert len(only) == 1 and only[0].fits


def test_overspent_month_shortfall_is_the_whole_plan():
    over = MonthHours(month=1, first=dt.date(2027, 1, 1), last=dt.date(2027, 1, 31), available=Decimal(10),
                      logged=Decimal(12))
    (m,) = capacity([OpenWork(Decimal(3), Decimal(0), None)], [over], dt.date(2027, 1, 5))
    assert m.left == Decimal(-2) and m.shortfall == Decimal(3) and not m.fits


# --- recurrence -------------------------------------------------------------------------------------

def rule(kind="weekly", weekdays=(0,), month_day=None, interval=1, starts_on=dt.date(2026, 1, 1), ends_on=None):
    return Rule(kind, tuple(weekdays), month_day, interval, starts_on, ends_on)


@pytest.mark.parametrize(("r", "code"), [
    (rule(kind="daily"), "unknown_kind"),
    (rule(weekdays=()), "weekdays_required"),
    (rule(weekdays=(7,)), "bad_weekday"),
    (rule(weekdays=(1, 1)), "bad_weekday"),
    (rule(kind="monthly", month_day=None), "month_day_required"),
    (rule(kind="monthly", month_day=32), "bad_month_day"),
    (rule(kind="every_n_weeks", interval=0), "bad_interval"),
    (rule(kind="every_n_weeks", interval=53), "bad_interval"),
    (rule(ends_on=dt.date(2025, 12, 31)), "ends_before_start"),
])
def test_invalid_rules_are_refused(r, code):
    with pytest.raises(RuleError) as e:
        validate(r)
    assert e.value.code == code


def test_monthly_on_day_31_falls_on_each_months_last_day():
    r = rule(kind="monthly", month_day=31, weekdays=())
    assert occurrences(r, dt.date(2026, 1, 1), dt.date(2026, 4, 30)) == [
        dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31), dt.date(2026, 4, 30)]
    leap = occurrences(r, dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert leap == [dt.date(2028, 2, 29)]


def test_every_two_weeks_counts_from_the_starting_week():
    r = rule(kind="every_n_weeks", weekdays=(0, 3), interval=2, starts_on=dt.date(2026, 1, 7))  # a Wednesday
    assert occurrences(r, dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == [
        dt.date(2026, 1, 8), dt.date(2026, 1, 19), dt.date(2026, 1, 22)]


def test_weekly_within_start_and_end():
    r = rule(weekdays=(4,), starts_on=dt.date(2026, 3, 4), ends_on=dt.date(2026, 3, 20))
    assert occurrences(r, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == [
        dt.date(2026, 3, 6), dt.date(2026, 3, 13), dt.date(2026, 3, 20)]
    assert period_key(r, dt.date(2026, 3, 6)) == dt.date(2026, 3, 6)


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
rules = st.one_of(
    st.builds(rule, kind=st.sampled_from(["weekly", "every_n_weeks"]),
              weekdays=st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))),
              interval=st.integers(1, 6), starts_on=dates),
    st.builds(rule, kind=st.just("monthly"), weekdays=st.just(()), month_day=st.integers(1, 31), starts_on=dates),
)


@given(rules, dates, st.integers(0, 400))
def test_occurrences_are_sorted_unique_within_the_range_and_on_the_rules_days(r, first, span):
    last = first + dt.timedelta(days=span)
    days = occurrences(r, first, last)
    assert days == sorted(set(days))
    assert all(max(first, r.starts_on) <= d <= last for d in days)
    for d in days:
        if r.kind == "monthly":
            assert d.day == min(r.month_day, calendar.monthrange(d.year, d.month)[1])
        else:
            assert d.weekday() in r.weekdays
    if r.kind == "weekly" and span >= 6 and first >= r.starts_on:
        assert len(days) >= len(r.weekdays)  # every chosen day of a whole week
    # a range split in two gives the same dates (idempotent per period)
    mid = first + dt.timedelta(days=span // 2)
    assert occurrences(r, first, mid) + occurrences(r, mid + dt.timedelta(days=1), last) == days
