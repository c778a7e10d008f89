"""A person's open work per week against their weekly capacity (no Django).

The spreading rule:

* a card's remaining work is ``max(estimate - logged, 0)`` (hours already logged on it are spent; a card
  without an estimate adds nothing, and is counted in ``unestimated``);
* a card without a due date counts in "no due date"; a card due before today counts in "overdue";
* any other card's remaining work is spread evenly over the working days (of its engagement's country:
  Monday to Friday without public holidays) from today to its due date (both included), and each day's share counts in the week (Monday to Sunday) it falls in: this week first, then
  the next ones; a share after the last week shown counts in "later". When no working day lies between
  today and the due date (due on a weekend), the whole remaining work counts on the due date;
* a week is over capacity when its hours exceed the person's weekly capacity (a capacity of 0: any hour).

Shares are rounded to hundredths and the last day takes the rest, so a card's shares add up to its
remaining work exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")
WEEKS = 6


def weekday(day: dt.date) -> bool:
    """Monday to Friday are working days."""
    return day.weekday() < 5


@dataclass(frozen=True)
class Work:
    """An open card: its estimate in hours (None: not estimated), the hours logged on it, its due date."""

    estimate: Decimal | None
    logged: Decimal
    due: dt.date | None
    # Its engagement's working days (its country's public holidays); None: Monday to Friday.
    calendar: Callable[[dt.date], bool] | None = None


@dataclass(frozen=True)
class Load:
    """One person's open work: ``weeks[i]`` the hours of the week starting ``starts[i]``; ``later`` after the
    last week shown; ``no_due`` without a due date; ``overdue`` past their due date; ``unestimated`` the
    open cards without an estimate."""

    starts: tuple[dt.date, ...]
    weeks: tuple[Decimal, ...]
    later: Decimal = ZERO
    no_due: Decimal = ZERO
    overdue: Decimal = ZERO
    unestimated: int = 0
    cards: int = 0

    @property
    def total(self) -> Decimal:
        return sum(self.weeks, ZERO) + self.later + self.no_due + self.overdue


def remaining(work: Work) -> Decimal:
    if work.estimate is None:
        return ZERO
    return max(work.estimate - work.logged, ZERO)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_starts(today: dt.date, weeks: int = WEEKS) -> tuple[dt.date, ...]:
    """The Mondays of this week and the ``weeks - 1`` weeks after it."""
    first = week_start(today)
    return tuple(first + dt.timedelta(weeks=i) for i in range(weeks))


def spread(hours: Decimal, today: dt.date, due: dt.date,
           is_working_day: Callable[[dt.date], bool] = weekday) -> dict[dt.date, Decimal]:
    """``hours`` over the working days from ``today`` to ``due`` (both included): day -> hours. Nothing when
    ``due`` is before ``today`` or there are no hours; everything on ``due`` when no working day lies between."""
    if hours <= ZERO or due < today:
        return {}
    days = [today + dt.timedelta(days=i) for i in range((due - today).days + 1)]
    working = [d for d in days if is_working_day(d)] or [due]
    share = (hours / len(working)).quantize(CENT, rounding=ROUND_DOWN)
    out = {d: share for d in working[:-1]}
    out[working[-1]] = hours - share * (len(working) - 1)
    return out


def load(work: Iterable[Work], today: dt.date, *, weeks: int = WEEKS,
         is_working_day: Callable[[dt.date], bool] = weekday) -> Load:
    """One person's cards spread over this week and the next ``weeks - 1`` (see the module's rule)."""
    starts = week_starts(today, weeks)
    by_week = [ZERO] * weeks
    later = no_due = overdue = ZERO
    unestimated = cards = 0
    for item in work:
        cards += 1
        if item.estimate is None:
            unestimated += 1
        hours = remaining(item)
        if item.due is None:
            no_due += hours
            continue
        if item.due < today:
            overdue += hours
            continue
        for day, share in spread(hours, today, item.due, item.calendar or is_working_day).items():
            index = (week_start(day) - starts[0]).days // 7
            if index < weeks:
                by_week[index] += share
            else:
                later += share
    return Load(starts=starts, weeks=tuple(by_week), later=later, no_due=no_due, overdue=overdue,
                unestimated=unestimated, cards=cards)


def over_capacity(weeks: Sequence[Decimal], capacity: int) -> tuple[bool, ...]:
    """For each week: more hours than the weekly capacity."""
    return tuple(hours > Decimal(capacity) for hours in weeks)


@dataclass(frozen=True)
class WeekCell:
    start: dt.date
    hours: Decimal
    over: bool
    percent: int  # of the capacity (0 when the capacity is 0)


@dataclass(frozen=True)
class PersonLoad:
    capacity: int
    load: Load
    cells: tuple[WeekCell, ...] = field(default=())

    @property
    def warn_at(self) -> Decimal:
        """From 80 % of the capacity a week's meter turns to a warning."""
        return Decimal(self.capacity) * Decimal("0.8")

    @property
    def alarm_at(self) -> Decimal:
        """Past the capacity the meter turns to the alarm colour (as the hours meter does at 100 %)."""
        return max(Decimal(self.capacity) - Decimal("0.01"), ZERO)

    @property
    def over_weeks(self) -> int:
        return sum(1 for c in self.cells if c.over)


def person_load(capacity: int, load_: Load) -> PersonLoad:
    flags = over_capacity(load_.weeks, capacity)
    cells = tuple(WeekCell(start, hours, over, int((hours * 100 / capacity).to_integral_value(rounding=ROUND_HALF_UP)) if capacity else 0)
                  for start, hours, over in zip(load_.starts, load_.weeks, flags, strict=True))
    return PersonLoad(capacity=capacity, load=load_, cells=cells)
