"""The meetings' .ics documents and emails, from the database (the iCalendar shapes are the pure
``domain/ics.py``'s):

* ``request`` -- a one-off meeting's invitation or update (its UID, its SEQUENCE), or one occurrence of a series
  changed on its own (the series' UID, ``RECURRENCE-ID`` = its original start, its SEQUENCE);
* ``series_request`` -- a series' invitation: the RRULE event (``COUNT`` meetings), the cancelled occurrences as
  ``EXDATE`` and each occurrence changed on its own as a ``RECURRENCE-ID`` event, all with the series' UID;
* ``cancel`` -- METHOD:CANCEL of a one-off meeting or of one occurrence (``RECURRENCE-ID``), STATUS:CANCELLED
  and a higher SEQUENCE (also sent to a participant removed from a meeting);
* ``series_cancel`` -- METHOD:CANCEL of the series' UID (every occurrence);
* ``minutes`` -- the closed meeting's minutes, decisions and action items (no calendar change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence.accounts.models import User
from cadence.core import clock
from cadence.core import markdown as md
from cadence.core.models import Membership, Role
from cadence.meetings import queries
from cadence.meetings.domain import ics
from cadence.meetings.domain import recurrence as rules
from cadence.meetings.models import Meeting, MeetingSeries, Status


@dataclass(frozen=True)
class Message:
    to: str
    language: str
    subject: str
    text: str
    html: str
    ics: bytes | None
    method: str


def organizer(meeting: Meeting | MeetingSeries) -> ics.Person:
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.Person(email or "cadence@localhost", str(meeting.engagement.workspace.name) or name)


def _attendees(users: Iterable[User]) -> list[ics.Person]:
    return [ics.Person(u.email, u.display_name) for u in users if u.email]


def page_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "meetings:meeting", args=[meeting.engagement.workspace.slug, meeting.engagement.uuid, meeting.uuid])


def _description(meeting: Meeting) -> str:
    lines = [meeting.video_url] if meeting.video_url else []
    lines += [f"- {a.text or a.ref_title}" for a in meeting.agenda.all()]
    return "\n".join(lines)


def _event(meeting: Meeting, *, cancelled: bool = False, also: Iterable[User] = ()) -> ics.IcsEvent:
    """``also``: attendees beyond the participants (a person removed from the meeting, whose calendar acts on
    a CANCEL only when it names them)."""
    series = meeting.series
    return ics.IcsEvent(
        uid=ics.uid_of(series.uuid if series is not None else meeting.uuid), sequence=meeting.sequence,
        start=meeting.starts_at, minutes=meeting.duration_minutes, summary=meeting.title,
        organizer=organizer(meeting), attendees=_attendees([*meeting.participants.all(), *also]),
        description=_description(meeting), location=meeting.place or meeting.video_url, url=page_url(meeting),
        recurrence_id=meeting.original_start if series is not None else None, cancelled=cancelled)


def rule_of(series: MeetingSeries) -> rules.Rule:
    return rules.Rule(rules.Frequency(series.frequency), interval=series.interval, weekday=series.weekday,
                      month_day=series.month_day)


def _held_any(series: MeetingSeries) -> bool:
    """Whether a meeting of the series is not cancelled (one held before the rest of the series was cancelled):
    then a cancellation names the cancelled occurrences, never the whole series' UID (which would take the
    held meetings out of the calendars too)."""
    return Meeting.objects.filter(workspace_id=series.workspace_id, series=series).exclude(
        status=Status.CANCELLED).exists()


def series_events(series: MeetingSeries, first: Meeting) -> list[ics.IcsEvent]:
    """The series' RRULE event (what the series says, its cancelled occurrences as EXDATE) and its occurrences
    changed on their own."""
    occurrences = list(Meeting.objects.filter(workspace_id=series.workspace_id, series=series)
                       .select_related("series").prefetch_related("participants", "agenda").order_by("original_start"))
    master = ics.IcsEvent(
        uid=ics.uid_of(series.uuid), sequence=series.sequence, start=series.first_start,
        minutes=series.duration_minutes, summary=series.title, organizer=organizer(first),
        attendees=_attendees(first.participants.all()), description=series.video_url,
        location=series.place or series.video_url, url=page_url(first),
        rrule=rules.rrule(rule_of(series), series.count),
        exdates=[m.original_start for m in occurrences if m.status == Status.CANCELLED and m.original_start],
        cancelled=series.cancelled_at is not None and not _held_any(series))
    for m in occurrences:
        m.engagement = first.engagement
    changed = [_event(m) for m in occurrences if m.status != Status.CANCELLED and m.sequence > 0]
    return [master, *changed]


def document(kind: str, meeting: Meeting, *, also: Iterable[User] = (),
             publish: bool = False) -> tuple[ics.Method, bytes] | None:
    """The .ics of an email of ``kind`` (None for the minutes); ``also``: attendees beyond the participants;
    ``publish``: METHOD:PUBLISH (a download) instead of an iTIP invitation."""
    engagement = meeting.engagement
    now = clock.now()
    if kind == "minutes":
        return None

    def build(method: ics.Method, events: list[ics.IcsEvent]) -> tuple[ics.Method, bytes]:
        method = ics.Method.PUBLISH if publish else method
        return method, ics.build(method=method, time_zone=engagement.time_zone, events=events, now=now)

    if kind == "series_request" and meeting.series is not None:
        events = series_events(meeting.series, meeting)
        return build(ics.Method.REQUEST, events)
    if kind == "series_cancel" and meeting.series is not None and _held_any(meeting.series):
        cancelled = list(Meeting.objects.filter(workspace_id=meeting.workspace_id, series=meeting.series,
                                                status=Status.CANCELLED, original_start__isnull=False)
                         .select_related("series").prefetch_related("participants", "agenda")
                         .order_by("original_start"))
        for m in cancelled:
            m.engagement = engagement
        return build(ics.Method.CANCEL, [_event(m, cancelled=True) for m in cancelled])
    if kind == "series_cancel" and meeting.series is not None:
        series = meeting.series
        event = ics.IcsEvent(uid=ics.uid_of(series.uuid), sequence=series.sequence, start=series.first_start,
                             minutes=series.duration_minutes, summary=series.title, organizer=organizer(meeting),
                             attendees=_attendees(meeting.participants.all()),
                             rrule=rules.rrule(rule_of(series), series.count), cancelled=True)
        return build(ics.Method.CANCEL, [event])
    if kind == "cancel":
        return build(ics.Method.CANCEL, [_event(meeting, cancelled=True, also=also)])
    return build(ics.Method.REQUEST, [_event(meeting)])


def download(meeting: Meeting) -> bytes:
    """The .ics a participant downloads from the meeting's page: the whole series for an occurrence."""
    if meeting.series is not None:
        first = (Meeting.objects.filter(series=meeting.series).select_related("series").order_by("original_start")
                 .first()) or meeting
        first.engagement = meeting.engagement
        # A series cancelled after some of its meetings were held is still the series, without the rest.
        whole = meeting.series.cancelled_at is not None and not _held_any(meeting.series)
        built = document("series_cancel" if whole else "series_request", first, publish=True)
    else:
        built = document("cancel" if meeting.status == Status.CANCELLED else "request", meeting, publish=True)
    assert built is not None
    return built[1]


def language_of(user: User, membership: Membership | None, engagement: Any) -> str:
    """A client user's language is their client's; a team member's their own (else the site's)."""
    known = {code for code, _name in settings.LANGUAGES}
    if membership is not None and membership.role == Role.CLIENT and engagement.client.language in known:
        return str(engagement.client.language)
    return user.language if user.language in known else settings.LANGUAGE_CODE


def when_text(meeting: Meeting) -> str:
    zone = queries.zone_of(meeting.engagement)
    local = meeting.starts_at.astimezone(zone)
    return _("%(date)s, %(time)s (%(zone)s)") % {"date": date_format(local.date(), "DATE_FORMAT"),
                                                 "time": date_format(local, "TIME_FORMAT"),
                                                 "zone": meeting.engagement.time_zone}


def _subject(kind: str, meeting: Meeting, when: str) -> str:
    title = meeting.series.title if kind.startswith("series") and meeting.series else meeting.title
    if kind == "series_request":
        text = _("Invitation to a recurring meeting: %(title)s, from %(when)s") % {"title": title, "when": when}
    elif kind == "series_cancel":
        text = _("Cancelled: every meeting of the series %(title)s") % {"title": title}
    elif kind == "cancel":
        text = _("Cancelled: %(title)s, %(when)s") % {"title": title, "when": when}
    elif kind == "minutes":
        text = _("Minutes: %(title)s, %(when)s") % {"title": title, "when": when}
    elif meeting.sequence > 0:
        text = _("Updated invitation: %(title)s, %(when)s") % {"title": title, "when": when}
    else:
        text = _("Invitation: %(title)s, %(when)s") % {"title": title, "when": when}
    return " ".join(text.split())


def messages(kind: str, meeting: Meeting, user_ids: Iterable[int]) -> list[Message]:
    """One message per user (with an email address), in the user's language."""
    engagement = meeting.engagement
    detail = queries.detail(meeting)
    detail.engagement = engagement
    built = document(kind, detail)
    users = list(User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(email=""))
    participants = {u.pk for u in detail.participants.all()}
    memberships = {m.user_id: m for m in Membership.objects.filter(workspace_id=meeting.workspace_id,
                                                                   user__in=users)}
    out: list[Message] = []
    for user in users:
        language = language_of(user, memberships.get(user.pk), engagement)
        with translation.override(language):
            when = when_text(detail)
            context = {"meeting": detail, "engagement": engagement, "kind": kind, "when": when,
                       "link": page_url(detail), "agenda": list(detail.agenda.all()),
                       "decisions": list(detail.decisions.all()), "actions": list(detail.actions.all()),
                       "series": detail.series, "minutes_html": md.render(detail.minutes)}
            text = render_to_string("meetings/email/meeting_body.txt", context)
            html = render_to_string("meetings/email/minutes_body.html", context) if kind == "minutes" else ""
            own = built
            if kind == "cancel" and user.pk not in participants:  # removed from the meeting: named in the CANCEL
                own = document(kind, detail, also=[user])
            out.append(Message(to=user.email, language=language, subject=_subject(kind, detail, when), text=text,
                               html=html, ics=own[1] if own else None,
                               method=own[0].value if own else ""))
    return out


def local_parts(meeting: Meeting) -> tuple[dt.date, dt.time]:
    local = meeting.starts_at.astimezone(queries.zone_of(meeting.engagement))
    return local.date(), local.time().replace(tzinfo=None)
