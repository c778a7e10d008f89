"""Monthly hours of an engagement: one set of figures per month (pure, no Django).

* Each month has the hours the contract terms in force give it ("contracted"), plus what the
  previous month carried over, plus the extra hours a manager approved (overrides): together its
  available hours.
* Unused contracted hours of a month carry over only once that month is over, and only under the
  ``CARRY`` rule of that month's terms, up to its cap; under ``NONE`` they expire. Extra hours never
  carry over.
* Usage is logged / available: a warning from 80 %, "full" at exactly 100 %, "over" past 100 %.
* ``month_figures`` is the one function that computes these figures; every screen, the API and the
  CLI show its output. ``check_change`` says whether adding hours to a month keeps every month it
  affects (through carry-over) within its available hours.
* A month is *closed* (no entries added, changed or deleted, except by a manager with a reason) a
  number of days after it ends, or when a manager closes it; a manager can reopen it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "WARNING_RATIO", "ChangeCheck", "EntryCheck", "MonthFigures", "MonthHours", "RolloverMode", "RolloverRule",
    "UsageLevel", "check_change", "check_entry", "month_closed", "month_figures", "month_hours", "percent",
    "usage_level",
]

WARNING_RATIO = Decimal("0.8")
ZERO = Decimal(0)


class RolloverMode(StrEnum):
    NONE = "none"
    CARRY = "carry"


@dataclass(frozen=True)
class RolloverRule:
    mode: RolloverMode = RolloverMode.NONE
    cap_hours: Decimal = Decimal(0)


class UsageLevel(StrEnum):
    OK = "ok"
    WARNING = "warning"
    FULL = "full"
    OVER = "over"


@dataclass(frozen=True)
class MonthFigures:
    """A month's hours: what the contract gives, what carried in, what was approved on top, what is used."""

    index: int
    contracted: Decimal
    carried_in: Decimal
    available: Decimal  # contracted + carried_in + extra
    logged: Decimal
    unused: Decimal  # contracted + carried_in not logged (extra hours never count as unused)
    carried_out: Decimal
    usage: Decimal
    level: UsageLevel
    extra: Decimal = ZERO  # extra hours approved by a manager (overrides)
    planned: Decimal = ZERO  # hours the schedule still plans in the month
    percent: int = 0  # logged as a whole percentage of available
    remaining: Decimal = ZERO  # available - logged, never below 0


MonthHours = MonthFigures  # the older name


def percent(part: Decimal, whole: Decimal) -> int:
    """``part`` as a whole percentage of ``whole`` (0 when ``whole`` is 0 or less)."""
    if whole <= 0:
        return 0
    return int((part / whole * 100).to_integral_value())


def usage_level(logged: Decimal, available: Decimal) -> UsageLevel:
    """OK below 80 %, WARNING from 80 %, FULL at exactly 100 %, OVER past it (any hours on nothing is over)."""
    if available <= 0:
        return UsageLevel.OVER if logged > 0 else UsageLevel.OK
    if logged > available:
        return UsageLevel.OVER
    if logged == available:
        return UsageLevel.FULL
    if logged >= available * WARNING_RATIO:
        return UsageLevel.WARNING
    return UsageLevel.OK


def _at(values: Sequence[Decimal], i: int) -> Decimal:
    return Decimal(values[i]) if i < len(values) else ZERO


def month_figures(
    contracted: Sequence[Decimal], logged: Sequence[Decimal], rule: RolloverRule | Sequence[RolloverRule], *,
    closed_months: int, extra: Sequence[Decimal] = (), planned: Sequence[Decimal] = (),
) -> list[MonthFigures]:
    """Months 1..len(contracted); month i carries into i+1 only when it is over (i <= closed_months).

    ``rule`` is one rollover rule for every month or one per month (the terms in force in each month);
    ``extra`` the hours approved on top of each month, ``planned`` what the schedule plans in it.
    """
    if len(logged) > len(contracted):
        raise ValueError("More logged months than contracted months.")
    rules: Sequence[RolloverRule] = [rule] * len(contracted) if isinstance(rule, RolloverRule) else rule
    if len(rules) < len(contracted):
        raise ValueError("A rollover rule is needed for every month.")
    out: list[MonthFigures] = []
    carried_in = ZERO
    for i, c in enumerate(contracted):
        index = i + 1
        c = Decimal(c)
        r = rules[i]
        used, approved = _at(logged, i), _at(extra, i)
        available = c + carried_in + approved
        unused = max(c + carried_in - used, ZERO)
        carried_out = ZERO
        if r.mode == RolloverMode.CARRY and index <= closed_months:
            carried_out = min(unused, max(Decimal(r.cap_hours), ZERO))
        usage = used / available if available > 0 else ZERO
        out.append(MonthFigures(
            index=index, contracted=c, carried_in=carried_in, available=available, logged=used, unused=unused,
            carried_out=carried_out, usage=usage, level=usage_level(used, available), extra=approved,
            planned=_at(planned, i), percent=percent(used, available), remaining=max(available - used, ZERO),
        ))
        carried_in = carried_out
    return out


def month_hours(contracted: Sequence[Decimal], logged: Sequence[Decimal], rule: RolloverRule | Sequence[RolloverRule],
                *, closed_months: int, extra: Sequence[Decimal] = ()) -> list[MonthFigures]:
    """``month_figures`` without the planned hours (kept for callers of the older name)."""
    return month_figures(contracted, logged, rule, closed_months=closed_months, extra=extra)


@dataclass(frozen=True)
class EntryCheck:
    level: UsageLevel
    logged_after: Decimal
    available: Decimal
    needs_override: bool


def check_entry(month: MonthFigures, hours: Decimal) -> EntryCheck:
    """What logging ``hours`` more in ``month`` would do; past the available hours needs an override."""
    after = month.logged + Decimal(hours)
    return EntryCheck(level=usage_level(after, month.available), logged_after=after, available=month.available,
                      needs_override=after > month.available)


@dataclass(frozen=True)
class ChangeCheck:
    """What changing a month's logged hours by ``delta`` does to it and to every month after it."""

    level: UsageLevel  # the changed month's level after the change
    logged_after: Decimal  # in the changed month
    available: Decimal  # of the changed month, after the change
    over_month: int | None  # the first month pushed past its available hours, if any
    over_logged: Decimal  # that month's logged hours after the change
    over_available: Decimal  # and its available hours after the change


def check_change(
    contracted: Sequence[Decimal], logged: Sequence[Decimal], rule: RolloverRule | Sequence[RolloverRule], *,
    closed_months: int, extra: Sequence[Decimal] = (), month: int, delta: Decimal,
    freed: tuple[int, Decimal] | None = None,
) -> ChangeCheck:
    """Add ``delta`` hours to ``month`` (1-based) and check every month whose available hours it affects.

    Less unused time in an earlier month carries less into the next one, so a back-dated entry can push a
    later month over; a month counts as pushed over when it ends past its available hours and the change
    made it worse (a month already over stays the manager's earlier decision). ``freed`` (month, hours)
    takes an edited entry's old hours out of their month in the same change.
    """
    if not 1 <= month <= len(contracted):
        raise ValueError("The month is outside the contracted months.")
    before = month_figures(contracted, logged, rule, closed_months=closed_months, extra=extra)
    changed = [Decimal(x) for x in logged] + [ZERO] * (len(contracted) - len(logged))
    changed[month - 1] += Decimal(delta)
    first = month
    if freed is not None:  # an edit: the entry's old hours stop counting in their month
        changed[freed[0] - 1] -= Decimal(freed[1])
        first = min(month, freed[0])
    after = month_figures(contracted, changed, rule, closed_months=closed_months, extra=extra)
    target = after[month - 1]
    for b, a in zip(before[first - 1:], after[first - 1:], strict=True):
        worse = a.logged > b.logged or a.available < b.available
        if a.logged > a.available and worse:
            return ChangeCheck(level=target.level, logged_after=target.logged, available=target.available,
                               over_month=a.index, over_logged=a.logged, over_available=a.available)
    return ChangeCheck(level=target.level, logged_after=target.logged, available=target.available,
                       over_month=None, over_logged=ZERO, over_available=ZERO)


def month_closed(month_end: dt.date, today: dt.date, close_after_days: int, explicit: bool | None = None) -> bool:
    """Whether a month (its last day ``month_end``, inclusive) is closed for time entries on ``today``.

    A manager's explicit decision (``True`` closed, ``False`` reopened) wins; otherwise the month closes
    ``close_after_days`` days after it ends (0: the day after its last day).
    """
    if explicit is not None:
        return explicit
    return today > month_end + dt.timedelta(days=max(close_after_days, 0))
