"""The one place that says what time it is.

Production code asks this module for "now" and "today" (``now()``, ``today_in(tz)``, ``localdate()``),
never ``timezone.now()`` / ``date.today()`` directly, so that a test can move the whole app to another
day by swapping the clock (``frozen_clock(...)`` or the ``clock`` pytest fixture) instead of
monkeypatching module attributes.

A clock frozen on a *date* means "today is that day everywhere": ``today_in`` answers that date in
every time zone, and ``now()`` is noon of that day in the project's time zone. A clock frozen on an
aware *datetime* answers exactly that instant.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator

from django.utils import timezone


class Clock:
    """The system clock."""

    def now(self) -> dt.datetime:
        moment: dt.datetime = timezone.now()
        return moment

    def today_in(self, tz: str) -> dt.date:
        return self.now().astimezone(zoneinfo.ZoneInfo(tz)).date()

    def localdate(self) -> dt.date:
        local: dt.datetime = timezone.localtime(self.now())
        return local.date()


class FrozenClock(Clock):
    """A clock that stays where it is put (for tests, demos and the benchmark)."""

    def __init__(self, when: dt.date | dt.datetime) -> None:
        self.set(when)

    def set(self, when: dt.date | dt.datetime) -> None:
        if isinstance(when, dt.datetime):
            if timezone.is_naive(when):
                raise ValueError("a frozen clock needs an aware datetime (or a date)")
            self._moment, self._day = when, None
        else:
            noon = dt.datetime.combine(when, dt.time(12))
            self._moment, self._day = timezone.make_aware(noon), when

    def advance(self, delta: dt.timedelta) -> None:
        """Move the clock on (a date stays a date when the step is whole days)."""
        if self._day is not None and delta % dt.timedelta(days=1) == dt.timedelta(0):
            self.set(self._day + delta)
        else:
            self.set(self._moment + delta)

    def now(self) -> dt.datetime:
        return self._moment

    def today_in(self, tz: str) -> dt.date:
        return self._day if self._day is not None else super().today_in(tz)

    def localdate(self) -> dt.date:
        return self._day if self._day is not None else super().localdate()


SYSTEM = Clock()
_current: Clock = SYSTEM


def current() -> Clock:
    return _current


def now() -> dt.datetime:
    """The current instant (aware)."""
    return _current.now()


def today_in(tz: str) -> dt.date:
    """Today's date in the IANA time zone ``tz`` (an engagement's "today")."""
    return _current.today_in(tz)


def localdate() -> dt.date:
    """Today's date in the project's time zone (for pages not tied to one engagement)."""
    return _current.localdate()


@contextlib.contextmanager
def frozen_clock(when: dt.date | dt.datetime) -> Iterator[FrozenClock]:
    """Run the block with the clock stopped at ``when``; yields the clock (``.set`` / ``.advance`` move it)."""
    global _current
    previous, frozen = _current, FrozenClock(when)
    _current = frozen
    try:
        yield frozen
    finally:
        _current = previous
