"""Meeting invitations as iCalendar (RFC 5545) messages that calendars act on (iTIP, RFC 5546); pure: no
database, no request (the ``icalendar`` library writes the text).

The shapes (README, "Design"):

* a one-off meeting is one VEVENT, ``UID`` = ``<meeting uuid>@cadence``;
* a recurring meeting is one series: ``UID`` = ``<series uuid>@cadence``, the first occurrence's DTSTART and an
  ``RRULE`` with ``COUNT`` (every N weeks: ``FREQ=WEEKLY;INTERVAL=N;BYDAY=TU``; monthly on the 31st:
  ``FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1``, the month's last day when it is shorter);
  an occurrence changed on its own is a VEVENT with the series' UID and ``RECURRENCE-ID`` = the occurrence's
  original start; a cancelled occurrence is an ``EXDATE`` of the series (in a full REQUEST) or a CANCEL with
  its ``RECURRENCE-ID``;
* ``METHOD:REQUEST`` invites and updates (same UID, ``SEQUENCE`` one higher at each change the attendees must
  see), ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` and a higher SEQUENCE cancels;
* DTSTART and RECURRENCE-ID carry the engagement's zone (TZID) and the calendar its ``VTIMEZONE``
  (``add_missing_timezones``, as the content calendar's feed does), so a series keeps its wall-clock time
  across a daylight-saving change; DTSTAMP is UTC.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import icalendar

PRODID = "-//Cadence//Meetings//EN"
TEXT_MAX = 8000


class Method(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"
    PUBLISH = "PUBLISH"  # a file downloaded to add to one's calendar: no invitation to answer


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    sequence: int
    start: dt.datetime  # aware
    minutes: int
    summary: str
    organizer: Person
    attendees: Sequence[Person] = ()
    description: str = ""
    location: str = ""
    url: str = ""
    rrule: Mapping[str, object] | None = None
    recurrence_id: dt.datetime | None = None  # aware: the occurrence's original start
    exdates: Sequence[dt.datetime] = ()
    cancelled: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)


def uid_of(value: object) -> str:
    return f"{value}@cadence"


def _vevent(item: IcsEvent, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", item.start.astimezone(zone))
    event.add("duration", dt.timedelta(minutes=item.minutes))
    if item.recurrence_id is not None:
        event.add("recurrence-id", item.recurrence_id.astimezone(zone))
    if item.rrule:
        event.add("rrule", dict(item.rrule))
    for day in item.exdates:
        event.add("exdate", day.astimezone(zone))
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description[:TEXT_MAX])
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    organizer = icalendar.vCalAddress(f"mailto:{item.organizer.email}")
    if item.organizer.name:
        organizer.params["CN"] = item.organizer.name
    event.add("organizer", organizer)
    for person in item.attendees:
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        if person.name:
            attendee.params["CN"] = person.name
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "FALSE"
        event.add("attendee", attendee, encode=False)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def build(*, method: Method, time_zone: str, events: Iterable[IcsEvent], now: dt.datetime) -> bytes:
    """One iTIP message (CRLF lines, folded, UTF-8) with every event and the zone's VTIMEZONE."""
    zone = zoneinfo.ZoneInfo(time_zone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method.value)
    days: list[dt.date] = []
    for item in events:
        cal.add_component(_vevent(item, zone, now))
        days.append(item.start.astimezone(zone).date())
        if item.recurrence_id is not None:
            days.append(item.recurrence_id.astimezone(zone).date())
    if days:
        cal.add_missing_timezones(first_date=min(days) - dt.timedelta(days=366),
                                  last_date=max(days) + dt.timedelta(days=2 * 366))
    data: bytes = cal.to_ical()
    return data
