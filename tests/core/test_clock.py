"""The app's clock (cadence/core/clock.py): one place says what day it is, and tests stop it there."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from cadence.core import clock as app_clock
from cadence.core.clock import FrozenClock, frozen_clock
from cadence.engagements import queries

ROOT = Path(__file__).resolve().parents[2] / "cadence"


def test_a_frozen_day_is_today_in_every_time_zone():
    with frozen_clock(dt.date(2026, 12, 31)):
        for tz in ("Pacific/Kiritimati", "Europe/Bucharest", "UTC", "Pacific/Pago_Pago"):
            assert app_clock.today_in(tz) == dt.date(2026, 12, 31)
        assert app_clock.localdate() == dt.date(2026, 12, 31)
        assert app_clock.now().date() == dt.date(2026, 12, 31) and timezone.is_aware(app_clock.now())


def test_a_frozen_instant_is_seen_from_each_time_zone():
    instant = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    with frozen_clock(instant) as c:
        assert app_clock.now() == instant
        assert app_clock.today_in("UTC") == dt.date(2026, 12, 31)
        assert app_clock.today_in("Europe/Bucharest") == dt.date(2027, 1, 1)  # already past midnight there
        c.advance(dt.timedelta(hours=1))
        assert app_clock.today_in("UTC") == dt.date(2027, 1, 1)


def test_advancing_a_day_keeps_it_a_day_and_the_system_clock_comes_back():
    with frozen_clock(dt.date(2026, 2, 28)) as c:
        c.advance(dt.timedelta(days=1))
        assert app_clock.today_in("Asia/Tokyo") == dt.date(2026, 3, 1)
    assert app_clock.current() is app_clock.SYSTEM
    before = timezone.now()
    assert before <= app_clock.now() <= timezone.now()  # the real time again


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        FrozenClock(dt.datetime(2026, 1, 1, 12))


def test_the_clock_fixture_moves_an_engagements_today(clock, engagement):
    clock.set(dt.date(2026, 10, 20))
    assert queries.engagement_today(engagement) == dt.date(2026, 10, 20)
    assert queries.current_month(engagement, queries.engagement_today(engagement)) == 2  # started 7 September
    clock.set(dt.date(2026, 11, 23))
    assert queries.engagement_today(engagement) == dt.date(2026, 11, 23)


# Reading the system clock for a date anywhere but the clock module would escape the tests' frozen day.
DIRECT = re.compile(r"timezone\.localdate\(|date\.today\(|datetime\.now\(|now\(\)\.date\(\)|now\(\)\.astimezone\(")


def test_production_code_asks_the_clock_for_today():
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{n}: {line.strip()}"
        for path in sorted(ROOT.rglob("*.py")) if path.name != "clock.py" and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if DIRECT.search(line)
    ]
    assert offenders == []
