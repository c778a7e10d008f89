"""The pure recurrence rule and the .ics builder (parsed back with icalendar)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.meetings.domain import ics
from cadence.meetings.domain import recurrence as r

BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


def test_every_second_tuesday():
    rule = r.Rule(r.Frequency.WEEKLY, interval=2, weekday=1)
    # Monday 30 Nov 2026: the first Tuesday on or after it is 1 Dec
    assert r.occurrences(rule, dt.date(2026, 11, 30), count=4) == [
        dt.date(2026, 12, 1), dt.date(2026, 12, 15), dt.date(2026, 12, 29), dt.date(2027, 1, 12)]


def test_monthly_day_clamped_to_the_months_end():
    rule = r.Rule(r.Frequency.MONTHLY, interval=1, month_day=31)
    assert r.occurrences(rule, dt.date(2027, 1, 1), count=5) == [
        dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31), dt.date(2027, 4, 30), dt.date(2027, 5, 31)]
    leap = r.Rule(r.Frequency.MONTHLY, interval=12, month_day=29)
    assert r.occurrences(leap, dt.date(2028, 2, 1), count=2) == [dt.date(2028, 2, 29), dt.date(2029, 2, 28)]


def test_start_after_the_day_goes_to_next_month():
    rule = r.Rule(r.Frequency.MONTHLY, interval=1, month_day=10)
    assert r.first_on_or_after(rule, dt.date(2026, 12, 11)) == dt.date(2027, 1, 10)
    assert r.first_on_or_after(rule, dt.date(2026, 12, 10)) == dt.date(2026, 12, 10)


def test_until_and_limits():
    rule = r.Rule(r.Frequency.WEEKLY, interval=1, weekday=0)
    assert r.occurrences(rule, dt.date(2026, 11, 30), until=dt.date(2026, 12, 14)) == [
        dt.date(2026, 11, 30), dt.date(2026, 12, 7), dt.date(2026, 12, 14)]
    assert len(r.occurrences(rule, dt.date(2026, 11, 30), count=500)) == r.MAX_OCCURRENCES
    assert r.next_occurrences([dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)],
                              dt.date(2026, 1, 15), 1) == [dt.date(2026, 2, 1)]
    with pytest.raises(ValueError):
        r.Rule(r.Frequency.WEEKLY, interval=0)
    with pytest.raises(ValueError):
        r.Rule(r.Frequency.MONTHLY, month_day=32)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # timing-free on a busy CI
@given(start=days, interval=st.integers(1, 12), weekday=st.integers(0, 6), count=st.integers(1, 30))
def test_weekly_properties(start, interval, weekday, count):
    dates = r.occurrences(r.Rule(r.Frequency.WEEKLY, interval=interval, weekday=weekday), start, count=count)
    assert len(dates) == count
    assert dates[0] >= start and (dates[0] - start).days < 7
    assert all(d.weekday() == weekday for d in dates)
    assert all((b - a).days == 7 * interval for a, b in zip(dates, dates[1:], strict=False))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # timing-free on a busy CI
@given(start=days, interval=st.integers(1, 12), day=st.integers(1, 31), count=st.integers(1, 30))
def test_monthly_properties(start, interval, day, count):
    dates = r.occurrences(r.Rule(r.Frequency.MONTHLY, interval=interval, month_day=day), start, count=count)
    assert len(dates) == count and dates[0] >= start
    for d in dates:
        last = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        assert d.day == min(day, last.day)
    months = [d.year * 12 + d.month for d in dates]
    assert all(b - a == interval for a, b in zip(months, months[1:], strict=False))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # timing-free on a busy CI
@given(start=days, interval=st.integers(1, 3), day=st.integers(1, 31))
def test_rrule_expands_to_the_same_dates(start, interval, day):
    """What calendars compute from the RRULE is what Cadence stored (dateutil reads RFC 5545 rules)."""
    from dateutil.rrule import rrulestr

    rule = r.Rule(r.Frequency.MONTHLY, interval=interval, month_day=day)
    dates = r.occurrences(rule, start, count=6)
    text = icalendar.vRecur(r.rrule(rule, 6)).to_ical().decode()
    first = dt.datetime.combine(dates[0], dt.time(10))
    expanded = [d.date() for d in rrulestr(text, dtstart=first)]
    assert expanded == dates


def _event(**kw):
    base = dict(uid="abc@cadence", sequence=0, start=dt.datetime(2026, 12, 1, 10, tzinfo=BUCHAREST), minutes=45,
                summary="Status", organizer=ics.Person("org@example.com", "Agency"),
                attendees=[ics.Person("ana@example.com", "Ana Pop")])
    base.update(kw)
    return ics.IcsEvent(**base)


def test_request_with_series_and_vtimezone():
    rule = r.Rule(r.Frequency.WEEKLY, interval=2, weekday=1)
    data = ics.build(method=ics.Method.REQUEST, time_zone="Europe/Bucharest",
                     events=[_event(rrule=r.rrule(rule, 6), exdates=[dt.datetime(2026, 12, 15, 10, tzinfo=BUCHAREST)])],
                     now=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["METHOD"]) == "REQUEST"
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Bucharest"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "abc@cadence" and int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Bucharest"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 1, 10, tzinfo=BUCHAREST)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=6;INTERVAL=2;BYDAY=TU"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "mailto:ana@example.com" in [str(a) for a in ([event["ATTENDEE"]] if not isinstance(event["ATTENDEE"], list) else event["ATTENDEE"])]


def test_cancel_of_one_occurrence():
    data = ics.build(method=ics.Method.CANCEL, time_zone="Europe/Bucharest",
                     events=[_event(sequence=3, recurrence_id=dt.datetime(2026, 12, 15, 8, tzinfo=dt.UTC),
                                    cancelled=True)], now=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["METHOD"]) == "CANCEL"
    (event,) = cal.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 3
    assert event["RECURRENCE-ID"].params["TZID"] == "Europe/Bucharest"
    assert event.decoded("RECURRENCE-ID") == dt.datetime(2026, 12, 15, 10, tzinfo=BUCHAREST)
