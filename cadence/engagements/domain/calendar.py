"""Engagement months and working days (Monday to Friday less the country's public holidays)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from cadence.engagements.domain.spec import ScheduleError, ScheduleInput


@lru_cache(maxsize=65536)
def month_bounds(start: dt.date, k: int) -> tuple[dt.date, dt.date]:
    """Engagement month ``k`` (1-based) as ``[first day, first day of the next month)``."""
    return start + relativedelta(months=k - 1), start + relativedelta(months=k)


@lru_cache(maxsize=65536)
def month_index(start: dt.date, day: dt.date) -> int:
    """The engagement month that contains ``day`` (0 or less before the start)."""
    k = (day.year - start.year) * 12 + day.month - start.month + 1
    while True:
        first, end = month_bounds(start, k)
        if day < first:
            k -= 1
        elif day >= end:
            k += 1
        else:
            return k


@lru_cache(maxsize=1024)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    try:
        hol = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except (NotImplementedError, KeyError) as exc:
        where = f"{country}/{subdivision}" if subdivision else country
        raise ScheduleError(f"Public holidays are not known for '{where}'.") from exc
    return frozenset(hol.keys())


def working_days(country: str, first: dt.date, end_exclusive: dt.date,
                 subdivision: str | None = None) -> list[dt.date]:
    """Monday to Friday in ``[first, end_exclusive)`` that are not public holidays of the country."""
    return list(_working_days(country, subdivision, first, end_exclusive))


@lru_cache(maxsize=8192)
def _working_days(country: str, subdivision: str | None, first: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    out: list[dt.date] = []
    day = first
    one = dt.timedelta(days=1)
    while day < end:
        if day.weekday() < 5 and day not in _holiday_dates(country, subdivision, day.year):
            out.append(day)
        day += one
    return tuple(out)


class _Calendar:
    """Engagement months and their working days, built lazily."""

    def __init__(self, inp: ScheduleInput) -> None:
        self.start = inp.start
        self.country = inp.country
        self.subdivision = inp.subdivision
        self._months: dict[int, tuple[dt.date, dt.date, tuple[dt.date, ...]]] = {}
        self._days: list[dt.date] = []
        self._index: dict[dt.date, int] = {}
        self._upto = 0

    def month(self, k: int) -> tuple[dt.date, dt.date, tuple[dt.date, ...]]:
        m = self._months.get(k)
        if m is None:
            first, end = month_bounds(self.start, k)
            m = (first, end, _working_days(self.country, self.subdivision, first, end))
            self._months[k] = m
        return m

    def _extend(self) -> None:
        self._upto += 1
        for d in self.month(self._upto)[2]:
            self._index[d] = len(self._days)
            self._days.append(d)

    def nth_day(self, first: dt.date, n: int) -> dt.date | None:
        """The n-th working day counting ``first`` (a working day on or after the start) as the first."""
        if n < 1:
            n = 1
        while first not in self._index:
            if self._upto > 1200:
                return None
            self._extend()
        i = self._index[first] + n - 1
        while i >= len(self._days):
            if self._upto > 1200:
                return None
            self._extend()
        return self._days[i]

    def next_day_on_or_after(self, day: dt.date) -> dt.date | None:
        k = max(month_index(self.start, day), 1)
        for kk in range(k, k + 3):
            for d in self.month(kk)[2]:
                if d >= day:
                    return d
        return None

    def shift(self, old: dt.date | None, new: dt.date | None) -> int:
        """Working days from ``old`` to ``new`` (positive when ``new`` is later); 0 when either is unknown."""
        if old is None or new is None or old == new:
            return 0
        one = dt.timedelta(days=1)
        if new > old:
            return self.count_between(old + one, new + one)
        return -self.count_between(new + one, old + one)

    def count_between(self, first: dt.date, end_exclusive: dt.date) -> int:
        n = 0
        k = max(month_index(self.start, first), 1)
        while True:
            m_first, m_end, days = self.month(k)
            if m_first >= end_exclusive:
                return n
            n += sum(1 for d in days if first <= d < end_exclusive)
            k += 1
