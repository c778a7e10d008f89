"""When a recurring meeting happens (pure: no Django, no database).

A rule is "every ``interval`` weeks on ``weekday``" (``WEEKLY``; every second Tuesday is interval 2, weekday 1)
or "every ``interval`` months on day ``month_day``" (``MONTHLY``). A monthly day past the month's end is
clamped to the month's last day (the 31st is 28 or 29 February, 30 April), which the iCalendar rule says as
``BYMONTHDAY=28,29,30,31;BYSETPOS=-1`` (the last of those days that exists in the month) -- a plain
``BYMONTHDAY=31`` would skip the shorter months in every calendar.

Occurrences are local dates: the time of day stays the same wall-clock time in the engagement's zone on
either side of a daylight-saving change (the services combine date, time and zone).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

MAX_OCCURRENCES = 52
MAX_INTERVAL = 12
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class Rule:
    frequency: Frequency
    interval: int = 1
    weekday: int = 0  # WEEKLY: Monday 0 .. Sunday 6
    month_day: int = 1  # MONTHLY: 1 .. 31, clamped to the month's last day

    def __post_init__(self) -> None:
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise ValueError("interval")
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday")
        if not 1 <= self.month_day <= 31:
            raise ValueError("month_day")


def clamp_day(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, or the month's last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def first_on_or_after(rule: Rule, start: dt.date) -> dt.date:
    """The rule's first date on or after ``start`` (the series' anchor)."""
    if rule.frequency is Frequency.WEEKLY:
        return start + dt.timedelta(days=(rule.weekday - start.weekday()) % 7)
    day = clamp_day(start.year, start.month, rule.month_day)
    if day >= start:
        return day
    year, month = _add_months(start.year, start.month, 1)
    return clamp_day(year, month, rule.month_day)


def occurrences(rule: Rule, start: dt.date, *, count: int | None = None, until: dt.date | None = None) -> list[dt.date]:
    """The dates of the series that begins on the rule's first date on or after ``start``: ``count`` of them,
    or those up to ``until`` (inclusive); never more than ``MAX_OCCURRENCES``."""
    limit = MAX_OCCURRENCES if count is None else max(0, min(count, MAX_OCCURRENCES))
    first = first_on_or_after(rule, start)
    dates: list[dt.date] = []
    step = 0
    while len(dates) < limit:
        if rule.frequency is Frequency.WEEKLY:
            day = first + dt.timedelta(weeks=rule.interval * step)
        else:
            year, month = _add_months(first.year, first.month, rule.interval * step)
            day = clamp_day(year, month, rule.month_day)
        if until is not None and day > until:
            break
        dates.append(day)
        step += 1
    return dates


def next_occurrences(dates: list[dt.date], today: dt.date, n: int = 1) -> list[dt.date]:
    """The first ``n`` of ``dates`` (sorted) on or after ``today``."""
    return [d for d in dates if d >= today][:n]


def rrule(rule: Rule, count: int) -> dict[str, object]:
    """The iCalendar RRULE (as the ``icalendar`` library's ``vRecur`` mapping) of ``count`` occurrences."""
    if rule.frequency is Frequency.WEEKLY:
        return {"FREQ": "WEEKLY", "INTERVAL": rule.interval, "BYDAY": ICAL_DAYS[rule.weekday], "COUNT": count}
    if rule.month_day <= 28:
        return {"FREQ": "MONTHLY", "INTERVAL": rule.interval, "BYMONTHDAY": rule.month_day, "COUNT": count}
    return {"FREQ": "MONTHLY", "INTERVAL": rule.interval, "BYMONTHDAY": list(range(28, rule.month_day + 1)),
            "BYSETPOS": -1, "COUNT": count}
