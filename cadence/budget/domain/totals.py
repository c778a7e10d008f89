"""Totals and variances of a budget (no Django): per line, per category and month, per month and overall.

Input cells are ``(line, category, month) -> (planned, actual)``; a missing planned amount is 0, a missing
actual is None (nothing recorded). Variance = planned − actual (positive: under budget), over every month as
the spreadsheet does (a month without an actual counts as nothing spent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Cell:
    line: int
    category: str
    month: dt.date
    planned: Decimal
    actual: Decimal | None


@dataclass
class Sum:
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        return self.planned - self.actual

    def add(self, cell: Cell) -> None:
        self.planned += cell.planned
        self.actual += cell.actual if cell.actual is not None else ZERO


@dataclass
class Totals:
    months: list[dt.date]
    by_line: dict[int, Sum] = field(default_factory=dict)
    by_line_month: dict[tuple[int, dt.date], Sum] = field(default_factory=dict)
    by_category: dict[str, Sum] = field(default_factory=dict)
    by_category_month: dict[tuple[str, dt.date], Sum] = field(default_factory=dict)
    by_month: dict[dt.date, Sum] = field(default_factory=dict)
    total: Sum = field(default_factory=Sum)


def totals(cells: Iterable[Cell], months: Sequence[dt.date], categories: Sequence[str]) -> Totals:
    """Every total the grid shows; months outside ``months`` are left out."""
    out = Totals(months=list(months))
    for m in months:
        out.by_month[m] = Sum()
        for c in categories:
            out.by_category_month[(c, m)] = Sum()
    for c in categories:
        out.by_category[c] = Sum()
    inside = set(months)
    for cell in cells:
        if cell.month not in inside:
            continue
        out.by_line.setdefault(cell.line, Sum()).add(cell)
        out.by_line_month.setdefault((cell.line, cell.month), Sum()).add(cell)
        out.by_category.setdefault(cell.category, Sum()).add(cell)
        out.by_category_month.setdefault((cell.category, cell.month), Sum()).add(cell)
        out.by_month[cell.month].add(cell)
        out.total.add(cell)
    return out


def month_list(first: dt.date, count: int) -> list[dt.date]:
    """``count`` consecutive first days of months from ``first``'s month."""
    year, month = first.year, first.month
    out = []
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
