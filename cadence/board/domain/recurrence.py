"""When a recurring task falls due (no Django import).

A rule repeats weekly on chosen days, monthly on a day (day 31 falls on the month's last day, so "the
last day of the month" is day 31), or every N weeks on chosen days (weeks counted from the week of
``starts_on``). Each occurrence's date is its own key: the board creates the card of an occurrence once
(``Task(recurrence, occurrence)`` is unique), so running the creation twice adds nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

Kind = Literal["weekly", "monthly", "every_n_weeks"]
KINDS: tuple[str, ...] = ("weekly", "monthly", "every_n_weeks")
MAX_INTERVAL = 52


class RuleError(Exception):
    """A rule that cannot repeat; ``code`` is stable (``unknown_kind``, ``weekdays_required``,
    ``bad_weekday``, ``month_day_required``, ``bad_month_day``, ``bad_interval``, ``ends_before_start``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Rule:
    kind: str
    weekdays: tuple[int, ...]  # Monday = 0 (weekly, every N weeks)
    month_day: int | None  # 1..31 (monthly)
    interval: int  # every N weeks (1 for the others)
    starts_on: dt.date
    ends_on: dt.date | None


def validate(rule: Rule) -> None:
    if rule.kind not in KINDS:
        raise RuleError("unknown_kind")
    if rule.kind in ("weekly", "every_n_weeks"):
        if not rule.weekdays:
            raise RuleError("weekdays_required")
        if any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in rule.weekdays) \
                or len(set(rule.weekdays)) != len(rule.weekdays):
            raise RuleError("bad_weekday")
    if rule.kind == "monthly":
        if rule.month_day is None:
            raise RuleError("month_day_required")
        if not 1 <= rule.month_day <= 31:
            raise RuleError("bad_month_day")
    if not 1 <= rule.interval <= MAX_INTERVAL:
        raise RuleError("bad_interval")
    if rule.ends_on is not None and rule.ends_on < rule.starts_on:
        raise RuleError("ends_before_start")


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _monthly(day_of_month: int, first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = dt.date(year, month, min(day_of_month, calendar.monthrange(year, month)[1]))
        if first <= day <= last:
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def occurrences(rule: Rule, first: dt.date, last: dt.date) -> list[dt.date]:
    """The rule's dates within [first, last] (and within its own start and end), sorted, each once."""
    validate(rule)
    start = max(first, rule.starts_on)
    end = last if rule.ends_on is None else min(last, rule.ends_on)
    if end < start:
        return []
    if rule.kind == "monthly":
        assert rule.month_day is not None
        return _monthly(rule.month_day, start, end)
    days = set(rule.weekdays)
    origin = _monday(rule.starts_on)
    out = []
    day = start
    while day <= end:
        if day.weekday() in days and (rule.kind == "weekly"
                                      or ((_monday(day) - origin).days // 7) % rule.interval == 0):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def period_key(rule: Rule, day: dt.date) -> dt.date:
    """The key of the occurrence on ``day``: the date itself (one card per occurrence)."""
    return day
