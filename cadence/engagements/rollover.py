"""Monthly hours of an engagement: what is available, what is used, and what rolls over (pure, no Django).

* Each month has its contracted hours, plus what the previous month carried over.
* Unused hours of a month carry over only once that month is closed, and only under the ``CARRY``
  rule, up to its cap; under ``NONE`` they expire.
* Usage is logged / available: a warning from 80 %, "full" at exactly 100 %, "over" past 100 % (which
  needs a manager's recorded override).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "WARNING_RATIO", "EntryCheck", "MonthHours", "RolloverMode", "RolloverRule", "UsageLevel", "check_entry",
    "month_hours", "usage_level",
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
class MonthHours:
    index: int
    contracted: Decimal
    carried_in: Decimal
    available: Decimal
    logged: Decimal
    unused: Decimal
    carried_out: Decimal
    usage: Decimal
    level: UsageLevel


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


def month_hours(contracted: Sequence[Decimal], logged: Sequence[Decimal], rule: RolloverRule, *,
                closed_months: int) -> list[MonthHours]:
    """Months 1..len(contracted); month i carries into i+1 only when it is closed (i <= closed_months)."""
    if len(logged) > len(contracted):
        raise ValueError("More logged months than contracted months.")
    out: list[MonthHours] = []
    carried_in = ZERO
    cap = max(Decimal(rule.cap_hours), ZERO)
    for i, c in enumerate(contracted):
        index = i + 1
        c = Decimal(c)
        used = Decimal(logged[i]) if i < len(logged) else ZERO
        available = c + carried_in
        unused = max(available - used, ZERO)
        carried_out = ZERO
        if rule.mode == RolloverMode.CARRY and index <= closed_months:
            carried_out = min(unused, cap)
        usage = used / available if available > 0 else ZERO
        out.append(MonthHours(index=index, contracted=c, carried_in=carried_in, available=available, logged=used,
                              unused=unused, carried_out=carried_out, usage=usage,
                              level=usage_level(used, available)))
        carried_in = carried_out
    return out


@dataclass(frozen=True)
class EntryCheck:
    level: UsageLevel
    logged_after: Decimal
    available: Decimal
    needs_override: bool


def check_entry(month: MonthHours, hours: Decimal) -> EntryCheck:
    """What logging ``hours`` more in ``month`` would do; past the available hours needs an override."""
    after = month.logged + Decimal(hours)
    return EntryCheck(level=usage_level(after, month.available), logged_after=after, available=month.available,
                      needs_override=after > month.available)
