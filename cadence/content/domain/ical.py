"""An engagement's content calendar as an iCalendar feed (RFC 5545) that Google Calendar, Outlook and Apple
Calendar subscribe to (pure: no database, no request; the ``icalendar`` library writes the text).

One VEVENT per post with a publish time; its UID is stable per post (``<post uuid>@cadence``), so a
subscribed calendar updates the event instead of adding another when a post changes. DTSTART carries the
engagement's time zone (TZID) and the calendar its VTIMEZONE (``add_missing_timezones``), so the time is
right on either side of a daylight-saving change; DTSTAMP and LAST-MODIFIED are UTC. METHOD:PUBLISH,
X-WR-CALNAME / X-WR-TIMEZONE and REFRESH-INTERVAL / X-PUBLISHED-TTL (how often to fetch it again) are what
Google and Outlook read for a subscription.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

PRODID = "-//Cadence//Content calendar//EN"
REFRESH = dt.timedelta(hours=1)
DURATION = dt.timedelta(minutes=30)  # a post is a moment; a short event shows in day views
TEXT_MAX = 8000  # characters of a description (a calendar is not the place for a whole article)


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    start: dt.datetime  # aware
    summary: str
    description: str
    url: str
    status: str  # the post's status, as a CATEGORY; approved/scheduled/published are CONFIRMED
    updated: dt.datetime  # aware


CONFIRMED = {"approved", "scheduled", "published"}


def build(*, name: str, time_zone: str, events: Iterable[FeedEvent], now: dt.datetime) -> bytes:
    """The feed's bytes (CRLF lines, folded at 75 octets, UTF-8)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", time_zone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    first: dt.date | None = None
    last: dt.date | None = None
    for item in events:
        start = item.start.astimezone(zone)
        first = start.date() if first is None else min(first, start.date())
        last = start.date() if last is None else max(last, start.date())
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("last-modified", item.updated.astimezone(dt.UTC))
        event.add("dtstart", start)
        event.add("duration", DURATION)
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description[:TEXT_MAX])
        if item.url:
            event.add("url", item.url)
        event.add("categories", [item.status])
        event.add("status", "CONFIRMED" if item.status in CONFIRMED else "TENTATIVE")
        event.add("transp", "TRANSPARENT")  # a post does not make anyone busy
        cal.add_component(event)
    if first is not None and last is not None:
        cal.add_missing_timezones(first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366))
    data: bytes = cal.to_ical()
    return data
