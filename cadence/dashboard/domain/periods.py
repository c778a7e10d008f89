"""The dashboard's periods (pure: no Django): which days a choice of the period picker covers, and the
period it is compared with.

* ``month``: this month up to today; compared with the same days of the previous month (1st .. the same day
  number, the month's last day when it is shorter: 1–31 March against 1–28 February);
* ``last_month``: the whole previous month; compared with the month before it;
* ``quarter``: this calendar quarter up to today; compared with the previous quarter's first days of the same
  length (cut at its end);
* ``custom``: ``from`` .. ``to`` as typed (ISO dates, at most ``MAX_DAYS`` days, years 2000–2100); compared with
  the days of the same length right before it.

A bad choice or date raises ``PeriodError`` with a code and its parameters; the app words them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

KINDS: tuple[str, ...] = ("month", "last_month", "quarter", "custom")
DEFAULT = "last_month"  # a whole month: what the imports have (this month fills as exports arrive)
MAX_DAYS = 732  # two years and a leap day
FIRST_YEAR, LAST_YEAR = 2000, 2100
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class PeriodError(ValueError):
    """Why a period cannot be shown: ``code`` (``unknown_kind``, ``missing_date``, ``bad_date``,
    ``out_of_range``, ``reversed``, ``too_long``) and ``params`` for the sentence (``field``, ``value``,
    ``max_days``, ``first_year``, ``last_year``)."""

    def __init__(self, code: str, **params: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date
    last: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Choice:
    """A period and the one it is compared with."""

    current: Period
    previous: Period


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(day: dt.date) -> dt.date:
    """The first day of the month before ``day``'s."""
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def parse_day(text: str, *, field: str) -> dt.date:
    """An ISO date (``2027-03-01``) typed in the picker; anything else is a ``PeriodError``."""
    value = (text or "").strip()
    if not value:
        raise PeriodError("missing_date", field=field)
    match = _ISO.match(value)
    if match is None:
        raise PeriodError("bad_date", field=field, value=value[:40])
    year, month, day = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError("out_of_range", field=field, value=value[:40], first_year=FIRST_YEAR, last_year=LAST_YEAR)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PeriodError("bad_date", field=field, value=value[:40]) from None


def _same_span(start: dt.date, days: int, end: dt.date) -> Period:
    return Period("previous", start, min(start + dt.timedelta(days=days - 1), end))


def choose(kind: str, *, today: dt.date, start: str = "", end: str = "") -> Choice:
    """The period of a picker's choice on ``today`` and the period it is compared with."""
    kind = kind or DEFAULT
    if kind == "month":
        first = today.replace(day=1)
        current = Period(kind, first, today)
        before = previous_month(today)
        return Choice(current, _same_span(before, current.days, month_end(before)))
    if kind == "last_month":
        first = previous_month(today)
        before = previous_month(first)
        return Choice(Period(kind, first, month_end(first)), Period("previous", before, month_end(before)))
    if kind == "quarter":
        first = quarter_start(today)
        current = Period(kind, first, today)
        before = quarter_start(first - dt.timedelta(days=1))
        return Choice(current, _same_span(before, current.days, first - dt.timedelta(days=1)))
    if kind == "custom":
        first = parse_day(start, field="from")
        last = parse_day(end, field="to")
        if last < first:
            raise PeriodError("reversed", field="to")
        current = Period(kind, first, last)
        if current.days > MAX_DAYS:
            raise PeriodError("too_long", field="to", max_days=MAX_DAYS)
        before_last = first - dt.timedelta(days=1)
        return Choice(current, Period("previous", before_last - dt.timedelta(days=current.days - 1), before_last))
    raise PeriodError("unknown_kind", value=str(kind)[:40])


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The relative change from ``previous`` to ``current`` in percent, one decimal (None when there is
    nothing to compare with: no previous value, or 0)."""
    if current is None or previous is None or previous == 0:
        return None
    return ((current - previous) / abs(previous) * 100).quantize(Decimal("0.1"))
