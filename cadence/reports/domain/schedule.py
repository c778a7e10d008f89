"""When the monthly report goes out.

The report of a month is sent on the N-th working day of the NEXT month (``send_on_working_day``, default the
3rd), working days being the engagement's country's (Monday to Friday without its public holidays: the
caller passes the predicate, fed by ``engagements.queries``). A run on a day answers which month is due:
the previous month, once its send day has come (on that day or any later day of the month, so a run that was
missed is caught up the next day); before the send day nothing is due yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

WorkingDay = Callable[[dt.date], bool]
SEND_DAY_MIN, SEND_DAY_MAX = 1, 15


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    """The first day of the month before ``month``'s."""
    first = month.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    first = month.replace(day=1)
    return (first + dt.timedelta(days=32)).replace(day=1)


def nth_working_day(month: dt.date, n: int, is_working_day: WorkingDay) -> dt.date:
    """The ``n``-th working day (1-based) of ``month``; when the month has fewer, its last working day (and
    its last day when it has none at all)."""
    if n < 1:
        raise ValueError("n starts at 1")
    day = month.replace(day=1)
    end = next_month(day)
    found: dt.date | None = None
    count = 0
    while day < end:
        if is_working_day(day):
            count += 1
            found = day
            if count == n:
                return day
        day += dt.timedelta(days=1)
    return found if found is not None else end - dt.timedelta(days=1)


def send_day(report_month: dt.date, n: int, is_working_day: WorkingDay) -> dt.date:
    """The day the report of ``report_month`` goes out: the n-th working day of the month after it."""
    return nth_working_day(next_month(report_month), n, is_working_day)


def due_month(today: dt.date, n: int, is_working_day: WorkingDay) -> dt.date | None:
    """The month whose report is due on ``today`` (the previous month, from its send day to the end of
    this month), or None before the send day."""
    month = previous_month(today)
    return month if today >= send_day(month, n, is_working_day) else None


def covered(month: dt.date, engagement_start: dt.date, engagement_end: dt.date | None) -> bool:
    """Whether an engagement ran during ``month`` (started by its last day and not ended before its first)."""
    last = next_month(month) - dt.timedelta(days=1)
    return engagement_start <= last and (engagement_end is None or engagement_end >= month.replace(day=1))
