"""The advertising rollover of seed 002's budget template, as plain arithmetic.

Each month the advertising budget available is what was planned for it plus what the previous month carried
forward. What a month carries forward:

* unspent money (available − actual, when positive) is added to the next month;
* an overspend (actual > available) is taken from the next month when ``overspend_reduces_next``, else
  forgotten (the month carries nothing);
* a month with no actual recorded yet (a future month) carries nothing: it shows what is planned.

``explain`` gives each month's available amount in parts a page renders as a sentence ("320 € planned +
80 € unspent in March = 400 € available"). Amounts are ``Decimal``; nothing here rounds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Month:
    """One month's advertising: ``actual`` is None while nothing has been recorded for it."""

    month: dt.date
    planned: Decimal
    actual: Decimal | None


@dataclass(frozen=True)
class Row:
    month: dt.date
    planned: Decimal
    carried_in: Decimal  # > 0: unspent in the previous month; < 0: the previous month's overspend taken here
    available: Decimal  # planned + carried_in
    actual: Decimal | None
    difference: Decimal | None  # available − actual (None without an actual): > 0 unspent, < 0 overspent
    carried_out: Decimal  # what the next month's carried_in is
    previous: dt.date | None  # the month carried_in comes from

    @property
    def has_actual(self) -> bool:
        return self.actual is not None

    @property
    def unspent(self) -> Decimal:
        return self.difference if self.difference is not None and self.difference > 0 else ZERO

    @property
    def overspent(self) -> Decimal:
        return -self.difference if self.difference is not None and self.difference < 0 else ZERO


def carried_out(available: Decimal, actual: Decimal | None, *, overspend_reduces_next: bool) -> Decimal:
    """What a month passes to the next one (the same rule the Excel export writes as a formula)."""
    if actual is None:
        return ZERO
    left = available - actual
    if left >= 0 or overspend_reduces_next:
        return left
    return ZERO


def rollover(months: Sequence[Month], *, overspend_reduces_next: bool) -> list[Row]:
    """One row per month, in the order given (consecutive calendar months)."""
    rows: list[Row] = []
    carried = ZERO
    previous: dt.date | None = None
    for m in months:
        available = m.planned + carried
        out = carried_out(available, m.actual, overspend_reduces_next=overspend_reduces_next)
        rows.append(Row(month=m.month, planned=m.planned, carried_in=carried, available=available, actual=m.actual,
                        difference=None if m.actual is None else available - m.actual, carried_out=out,
                        previous=previous))
        carried, previous = out, m.month
    return rows


@dataclass(frozen=True)
class Part:
    """One term of a month's explanation: ``kind`` is planned, unspent (carried from ``month``), overspent
    (taken because of ``month``) or available (the result)."""

    kind: str
    amount: Decimal
    month: dt.date | None = None


def explain(row: Row) -> list[Part]:
    parts = [Part("planned", row.planned)]
    if row.carried_in > 0:
        parts.append(Part("unspent", row.carried_in, row.previous))
    elif row.carried_in < 0:
        parts.append(Part("overspent", -row.carried_in, row.previous))
    parts.append(Part("available", row.available))
    return parts


def by_month(rows: Sequence[Row]) -> Mapping[dt.date, Row]:
    return {r.month: r for r in rows}
