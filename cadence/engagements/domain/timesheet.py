"""The weekly timesheet's grid: weeks, cells, and what saving a grid changes (pure, no Django).

A grid has rows (an engagement and one of its phases) and a cell per day of an ISO week (Monday to
Sunday). Saving replaces the hours a person has on that phase that day by the cell's value: the
entries already there are kept, lowered, raised or deleted so that they add up to the cell, with as
few changes as possible (notes stay on the entries that remain). Changes that free hours come first,
so that moving hours from one day to another inside a full month is not refused halfway.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

__all__ = [
    "MAX_DAY_HOURS", "Existing", "Op", "OpKind", "PlannedOp", "RowKey", "day_totals", "iso_week", "parse_cell",
    "parse_week", "plan_cell", "plan_week", "row_totals", "week_days", "week_start",
]

MAX_DAY_HOURS = Decimal(24)
ZERO = Decimal(0)
_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str | None, today: dt.date) -> dt.date:
    """The Monday of an ISO week written ``2026-W48`` (or ``2026W48``); this week when ``text`` is empty.

    Raises ``ValueError`` for anything else (week 54, letters, an empty year).
    """
    if not text or not text.strip():
        return week_start(today)
    match = _WEEK_RE.match(text)
    if not match:
        raise ValueError(f"not an ISO week: {text!r}")
    year, week = int(match[1]), int(match[2])
    if year < 1900:
        raise ValueError(f"year out of range: {year}")
    return dt.date.fromisocalendar(year, week, 1)  # raises ValueError for week 0 or 54 in a 52-week year


def iso_week(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(7)]


def parse_cell(text: object) -> Decimal:
    """A cell's hours: blank is 0, ``1,5`` and ``1.5`` are 1.5. Raises ``ValueError`` for anything that is not
    a number of hours (letters, negative numbers, infinity); the service applies the logging rules
    (at most 24, quarters of an hour)."""
    if text is None:
        return ZERO
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            return ZERO
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a number of hours: {text!r}")
    return value


@dataclass(frozen=True, order=True)
class RowKey:
    """A row of the grid: an engagement and one of its phases (by their public ids)."""

    engagement: str
    phase: str


@dataclass(frozen=True)
class Existing:
    """An entry already on a cell (oldest first)."""

    id: int
    hours: Decimal


class OpKind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Op:
    kind: OpKind
    hours: Decimal  # the entry's hours after the change (0 for a deletion)
    entry_id: int | None = None
    before: Decimal = ZERO  # the entry's hours before

    @property
    def adds_hours(self) -> bool:
        return self.hours > self.before


def plan_cell(existing: Sequence[Existing], value: Decimal) -> list[Op]:
    """The changes that make the entries of one cell add up to ``value``."""
    total = sum((e.hours for e in existing), ZERO)
    if value == total:
        return []
    if not existing:
        return [Op(OpKind.CREATE, value)]
    if value == 0:
        return [Op(OpKind.DELETE, ZERO, e.id, e.hours) for e in existing]
    if value > total:
        last = existing[-1]
        return [Op(OpKind.UPDATE, last.hours + value - total, last.id, last.hours)]
    ops = []
    remove = total - value
    for e in reversed(existing):
        if remove <= 0:
            break
        if e.hours <= remove:
            ops.append(Op(OpKind.DELETE, ZERO, e.id, e.hours))
            remove -= e.hours
        else:
            ops.append(Op(OpKind.UPDATE, e.hours - remove, e.id, e.hours))
            remove = ZERO
    return ops


@dataclass(frozen=True)
class PlannedOp:
    row: RowKey
    day: dt.date
    op: Op


def plan_week(
    cells: Mapping[tuple[RowKey, dt.date], Decimal], existing: Mapping[tuple[RowKey, dt.date], Sequence[Existing]],
) -> list[PlannedOp]:
    """Every change that saving ``cells`` makes; the ones that free hours first, then in row and day order.

    Cells not in ``cells`` are left alone (rows that are not on the page keep their hours).
    """
    planned = [
        PlannedOp(row, day, op)
        for (row, day), value in sorted(cells.items())
        for op in plan_cell(existing.get((row, day), ()), value)
    ]
    return sorted(planned, key=lambda p: p.op.adds_hours)  # stable: frees first, the order kept otherwise


def day_totals(cells: Mapping[tuple[RowKey, dt.date], Decimal]) -> dict[dt.date, Decimal]:
    totals: dict[dt.date, Decimal] = defaultdict(Decimal)
    for (_row, day), value in cells.items():
        totals[day] += value
    return dict(totals)


def row_totals(cells: Mapping[tuple[RowKey, dt.date], Decimal]) -> dict[RowKey, Decimal]:
    totals: dict[RowKey, Decimal] = defaultdict(Decimal)
    for (row, _day), value in cells.items():
        totals[row] += value
    return dict(totals)
