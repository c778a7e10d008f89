"""Hours-aware capacity: do the open cards' estimates fit in the hours the engagement still has? (no Django)

The rule, for the current and the next contract month:

* a card's remaining work is ``max(estimate - logged, 0)`` (hours already logged on it are spent);
* it counts in the month its due date falls in; a card without a due date, or overdue, counts in the
  current month (it is due now); a card due after the next month is not counted;
* cards without an estimate count in ``unestimated`` of the month they would fall in (their work is unknown);
* a month's hours left are its available hours (bought + rolled over + approved extra) minus those logged;
* ``fits`` when the planned hours are at most the hours left; ``shortfall`` is how many hours are missing.

The page says it in words: "46 h of estimates, 28 h left in January".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class OpenWork:
    """An open card: its estimate (None: not estimated), the hours logged on it and its due date."""

    estimate: Decimal | None
    logged: Decimal
    due: dt.date | None


@dataclass(frozen=True)
class MonthHours:
    """A contract month: its days (``last`` inclusive), its available hours and the hours logged in it."""

    month: int
    first: dt.date
    last: dt.date
    available: Decimal
    logged: Decimal

    @property
    def left(self) -> Decimal:
        return self.available - self.logged


@dataclass(frozen=True)
class MonthCapacity:
    month: int
    first: dt.date
    last: dt.date
    planned: Decimal
    left: Decimal
    fits: bool
    shortfall: Decimal
    unestimated: int


def remaining(work: OpenWork) -> Decimal:
    if work.estimate is None:
        return ZERO
    return max(work.estimate - work.logged, ZERO)


def capacity(work: Sequence[OpenWork], months: Sequence[MonthHours], today: dt.date) -> list[MonthCapacity]:
    """The current and the next contract month (those of ``months`` that contain ``today`` or follow that
    month directly), each with the remaining estimates that fall in it. Nothing before the contract starts."""
    ordered = sorted(months, key=lambda m: m.month)
    current = next((i for i, m in enumerate(ordered) if m.first <= today <= m.last), None)
    if current is None:
        return []
    shown = ordered[current:current + 2]
    planned = [ZERO for _ in shown]
    unestimated = [0 for _ in shown]
    for item in work:
        index = 0
        if item.due is not None and item.due > shown[0].last:
            index = next((i for i, m in enumerate(shown) if m.first <= item.due <= m.last), -1)
            if index < 0:
                continue  # due after the next month: not counted yet
        if item.estimate is None:
            unestimated[index] += 1
        else:
            planned[index] += remaining(item)
    out = []
    for m, hours, unknown in zip(shown, planned, unestimated, strict=True):
        left = m.left
        shortfall = max(hours - max(left, ZERO), ZERO)
        out.append(MonthCapacity(month=m.month, first=m.first, last=m.last, planned=hours, left=left,
                                 fits=shortfall == ZERO, shortfall=shortfall, unestimated=unknown))
    return out
