"""Writes of the meetings: plan a meeting (one-off, or a series every N weeks on a weekday or monthly on a day),
change, cancel (one meeting or the rest of a series), the agenda, the minutes (Markdown), decisions, action items
and turning them into board cards in one step, and closing a meeting (its minutes emailed to the participants).

Keyword-only ``actor`` and ``membership``; one transaction each; ``DomainError`` / ``InvalidInput`` with a
translated message; an audit entry (``meetings.*``) in the engagement's history. ``meetings.manage`` (the team)
writes; the client's approver and viewer only read (``meetings.view``).

Every invitation, update, cancellation and the minutes are emailed by the task worker after the commit
(``tasks.send_meeting_email``), each recipient in their language, the .ics built by ``domain/ics.py``: see its
docstring for the calendar shapes (UID, SEQUENCE, RRULE, RECURRENCE-ID).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.accounts.models import User
from cadence.board import services as board_services
from cadence.core import audit, clock, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership
from cadence.meetings import queries
from cadence.meetings.domain import recurrence
from cadence.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Frequency,
    Meeting,
    MeetingSeries,
    RefKind,
    Status,
)

log = logging.getLogger(__name__)
Engagement = Any

TITLE_MAX = 200
PLACE_MAX = 200
URL_MAX = 500
MINUTES_MAX = 50000
AGENDA_MAX = 500
DECISION_MAX = 1000
ACTION_MAX = 200
DURATION_MIN, DURATION_MAX = 5, 720
AGENDA_ITEMS_MAX = 50
SERIES_MIN = 2
# what attendees must see again when it changes (a new SEQUENCE and an update)
CALENDAR_FIELDS = ("title", "starts_at", "duration_minutes", "place", "video_url")
MEETING_FIELDS = (*CALENDAR_FIELDS, "minutes")


# --- checks -----------------------------------------------------------------------------------------------

def _require(membership: Membership | None, engagement: Engagement, capability: str = "meetings.manage") -> None:
    if membership is None:
        return
    if engagement.workspace_id != membership.workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    tenancy.require(membership, capability)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _clean_day(value: Any, *, field: str) -> dt.date:
    if value is None or value == "":
        raise InvalidInput(_("This field cannot be empty."), code="required", field=field)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(_("Enter a valid date."), code="invalid_date", field=field) from None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInput(_("Enter a valid date."), code="invalid_date", field=field)
    return validation.clean_date(value, field=field)


def _clean_time(value: Any, *, field: str = "time") -> dt.time:
    if value is None or value == "":
        raise InvalidInput(_("This field cannot be empty."), code="required", field=field)
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(_("Enter a valid time, for example 10:30."), code="invalid_time",
                               field=field) from None
    if not isinstance(value, dt.time):
        raise InvalidInput(_("Enter a valid time, for example 10:30."), code="invalid_time", field=field)
    return value.replace(second=0, microsecond=0, tzinfo=None)


def local_start(engagement: Engagement, day: dt.date, time: dt.time) -> dt.datetime:
    """The aware moment (UTC) of ``day`` at ``time`` on the engagement's wall clock."""
    return dt.datetime.combine(day, time, queries.zone_of(engagement)).astimezone(dt.UTC)


def _small_int(value: Any, *, field: str, minimum: int, maximum: int, message: str) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not minimum <= number <= maximum:
        raise InvalidInput(message, code="out_of_range", field=field)
    return number


def _clean_duration(value: Any) -> int:
    return _small_int(value, field="duration_minutes", minimum=DURATION_MIN, maximum=DURATION_MAX,
                      message=_("A meeting lasts between %(min)s and %(max)s minutes.")
                      % {"min": DURATION_MIN, "max": DURATION_MAX})


def _clean_url(value: Any) -> str:
    text = validation.clean_text(value or "", field="video_url", max_length=URL_MAX, multiline=False)
    if not text:
        return ""
    try:
        URLValidator(schemes=["https", "http"])(text)
    except ValidationError:
        raise InvalidInput(_("Enter a web address that starts with https://."), code="invalid_url",
                           field="video_url") from None
    return text


def _clean_details(fields: Mapping[str, Any], current: Meeting | MeetingSeries | None = None) -> dict[str, Any]:
    def given(name: str, default: Any = "") -> Any:
        if name in fields:
            return fields[name]
        return getattr(current, name) if current is not None else default

    return {
        "title": validation.clean_name(given("title"), field="title", max_length=TITLE_MAX),
        "duration_minutes": _clean_duration(given("duration_minutes", 60)),
        "place": validation.clean_text(given("place") or "", field="place", max_length=PLACE_MAX, multiline=False),
        "video_url": _clean_url(given("video_url")),
    }


def _clean_participants(engagement: Engagement, participants: Iterable[Any]) -> list[User]:
    """Team members and the client's users who may see the engagement (users or their ids)."""
    allowed = {u.pk: u for u, _client in queries.participant_choices(engagement)}
    chosen: list[User] = []
    for value in participants:
        pk = value.pk if isinstance(value, User) else value
        try:
            user = allowed[int(pk)]
        except (KeyError, TypeError, ValueError):
            raise DomainError(_("Only the team and the client's people who may see this engagement can take part."),
                              code="not_participant", field="participants") from None
        if user not in chosen:
            chosen.append(user)
    return chosen


def _clean_rule(engagement: Engagement, start_day: dt.date, fields: Mapping[str, Any]) -> tuple[recurrence.Rule, int] | None:
    frequency = str(fields.get("frequency") or "")
    if not frequency:
        return None
    validation.clean_choice(frequency, field="frequency", choices=Frequency.choices)
    interval = _small_int(fields.get("interval") or 1, field="interval", minimum=1, maximum=recurrence.MAX_INTERVAL,
                          message=_("Repeat every 1 to %(max)s weeks or months.") % {"max": recurrence.MAX_INTERVAL})
    if fields.get("count") in (None, ""):
        raise DomainError(_("Say how many meetings the series has."), code="required", field="count")
    count = _small_int(fields.get("count"), field="count", minimum=SERIES_MIN, maximum=recurrence.MAX_OCCURRENCES,
                       message=_("A series has between %(min)s and %(max)s meetings.")
                       % {"min": SERIES_MIN, "max": recurrence.MAX_OCCURRENCES})
    weekday_value = fields.get("weekday")
    weekday = start_day.weekday() if weekday_value in (None, "") else _small_int(
        weekday_value, field="weekday", minimum=0, maximum=6, message=_("Choose a day of the week."))
    day_value = fields.get("month_day")
    month_day = start_day.day if day_value in (None, "") else _small_int(
        day_value, field="month_day", minimum=1, maximum=31, message=_("Choose a day of the month from 1 to 31."))
    rule = recurrence.Rule(recurrence.Frequency(frequency), interval=interval, weekday=weekday, month_day=month_day)
    return rule, count


def _record(actor: Any, action: str, engagement: Engagement, obj: Any, changes: Mapping[str, Any]) -> None:
    audit.record(workspace=engagement.workspace, actor=actor, action=action, obj=obj, changes=changes,
                 thread=engagement)


def _emails(kind: str, meeting_id: int, user_ids: Iterable[int]) -> None:
    """Queue one email task after the commit (kinds: see ``tasks.send_meeting_email``)."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    from cadence.meetings import tasks

    transaction.on_commit(lambda: tasks.enqueue_meeting_email(kind, meeting_id, ids))


def _participant_ids(meeting: Meeting) -> set[int]:
    return set(meeting.participants.values_list("pk", flat=True))


# --- meetings ---------------------------------------------------------------------------------------------

def create_meeting(*, actor: Any, membership: Membership | None, engagement: Engagement, day: Any, time: Any,
                   participants: Iterable[Any] = (), invite: bool = True, **fields: Any) -> Meeting:
    """A meeting on ``day`` at ``time`` (the engagement's wall clock); with ``frequency`` ("weekly" every
    ``interval`` weeks on ``weekday``, "monthly" every ``interval`` months on ``month_day``) and ``count``, a
    series of that many meetings (the first one on or after ``day``). Returns the (first) meeting; the
    participants get the invitation (the series' one for a series)."""
    _require(membership, engagement)
    details = _clean_details(fields)
    start_day = _clean_day(day, field="day")
    at = _clean_time(time)
    people = _clean_participants(engagement, participants)
    rule = _clean_rule(engagement, start_day, fields)
    with transaction.atomic():
        series = None
        days = [start_day]
        if rule is not None:
            days = recurrence.occurrences(rule[0], start_day, count=rule[1])
            series = MeetingSeries.objects.create(
                workspace_id=engagement.workspace_id, engagement=engagement, frequency=rule[0].frequency.value,
                interval=rule[0].interval, weekday=rule[0].weekday, month_day=rule[0].month_day, count=len(days),
                first_start=local_start(engagement, days[0], at), **details)
        meetings = []
        for d in days:
            start = local_start(engagement, d, at)
            meeting = Meeting.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                             series=series, original_start=start if series else None,
                                             starts_at=start, created_by=_user(actor), **details)
            meeting.participants.set(people)
            meetings.append(meeting)
        first = meetings[0]
        first.engagement = engagement
        changes: dict[str, Any] = {**audit.snapshot(first, CALENDAR_FIELDS),
                                   "participants": [u.display_name for u in people]}
        if series is not None:
            changes.update({"frequency": series.frequency, "interval": series.interval, "count": series.count})
            _record(actor, "meetings.series_created", engagement, first, changes)
        else:
            _record(actor, "meetings.meeting_created", engagement, first, changes)
        if invite:
            _emails("series_request" if series else "request", first.pk, (u.pk for u in people))
    return first


def update_meeting(*, actor: Any, membership: Membership | None, meeting: Meeting, revision: int | None = None,
                   **fields: Any) -> Meeting:
    """Change one meeting (an occurrence of a series changes alone: its RECURRENCE-ID update). ``day``/``time``
    move it; ``participants`` replaces them (whoever left gets a cancellation)."""
    engagement = meeting.engagement
    _require(membership, engagement)
    if meeting.status != Status.SCHEDULED:
        raise DomainError(_("A closed or cancelled meeting cannot be changed."), code="not_scheduled")
    details = _clean_details(fields, meeting)
    zone = queries.zone_of(engagement)
    local = meeting.starts_at.astimezone(zone)
    day = _clean_day(fields["day"], field="day") if "day" in fields else local.date()
    at = _clean_time(fields["time"]) if "time" in fields else local.time().replace(tzinfo=None)
    details["starts_at"] = local_start(engagement, day, at)
    people = _clean_participants(engagement, fields["participants"]) if "participants" in fields else None
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if revision is not None and locked.revision != revision:
            raise DomainError(_("Someone else changed this meeting meanwhile. Reload the page and try again."),
                              code="conflict")
        before = audit.snapshot(locked, CALENDAR_FIELDS)
        old_people = _participant_ids(locked)
        for name, value in details.items():
            setattr(locked, name, value)
        changes: dict[str, Any] = audit.diff(before, audit.snapshot(locked, CALENDAR_FIELDS))
        removed: set[int] = set()
        if people is not None:
            new_ids = {u.pk for u in people}
            if new_ids != old_people:
                removed = old_people - new_ids
                locked.participants.set(people)
                changes["participants"] = [u.display_name for u in people]
        if changes:
            series_sequence = locked.series.sequence if locked.series_id and locked.series else 0
            locked.sequence = max(locked.sequence, series_sequence) + 1
            locked.revision += 1
            locked.save()
            locked.engagement = engagement
            _record(actor, "meetings.meeting_updated", engagement, locked, changes)
            _emails("request", locked.pk, _participant_ids(locked))
            _emails("cancel", locked.pk, removed)
    locked.engagement = engagement
    return locked


def cancel_meeting(*, actor: Any, membership: Membership | None, meeting: Meeting) -> Meeting:
    """Cancel one meeting (one occurrence of a series): the participants get a CANCEL with a higher SEQUENCE."""
    engagement = meeting.engagement
    _require(membership, engagement)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).select_related("series").get(pk=meeting.pk)
        if locked.status != Status.SCHEDULED:
            raise DomainError(_("Only a scheduled meeting can be cancelled."), code="not_scheduled")
        series_sequence = locked.series.sequence if locked.series is not None else 0
        locked.status = Status.CANCELLED
        locked.sequence = max(locked.sequence, series_sequence) + 1
        locked.revision += 1
        locked.save()
        locked.engagement = engagement
        _record(actor, "meetings.meeting_cancelled", engagement, locked,
                {"title": locked.title, "starts_at": locked.starts_at})
        _emails("cancel", locked.pk, _participant_ids(locked))
    return locked


def cancel_series(*, actor: Any, membership: Membership | None, meeting: Meeting) -> int:
    """Cancel the series ``meeting`` belongs to: every scheduled meeting of it not yet begun is cancelled and
    the participants get one CANCEL of the series' UID. Returns how many meetings were cancelled."""
    engagement = meeting.engagement
    _require(membership, engagement)
    if meeting.series_id is None:
        raise DomainError(_("This meeting is not part of a series."), code="not_series")
    now = clock.now()
    with transaction.atomic():
        series = MeetingSeries.objects.select_for_update().get(pk=meeting.series_id)
        if series.cancelled_at is not None:
            raise DomainError(_("This series is already cancelled."), code="not_scheduled")
        rest = list(Meeting.objects.select_for_update().filter(series=series, status=Status.SCHEDULED,
                                                               starts_at__gt=now))
        series.sequence += 1
        series.cancelled_at = now
        series.save()
        people: set[int] = set()
        for m in rest:
            m.status = Status.CANCELLED
            m.sequence = max(m.sequence, series.sequence)
            m.revision += 1
            m.save()
            people |= _participant_ids(m)
        _record(actor, "meetings.series_cancelled", engagement, series,
                {"title": series.title, "count": len(rest)})
        _emails("series_cancel", meeting.pk, people)
    return len(rest)


def save_minutes(*, actor: Any, membership: Membership | None, meeting: Meeting, minutes: Any,
                 revision: int | None = None) -> Meeting:
    engagement = meeting.engagement
    _require(membership, engagement)
    if meeting.status == Status.CANCELLED:
        raise DomainError(_("A cancelled meeting has no minutes."), code="not_scheduled", field="minutes")
    text = validation.clean_text(minutes or "", field="minutes", max_length=MINUTES_MAX)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if revision is not None and locked.revision != revision:
            raise DomainError(_("Someone else changed this meeting meanwhile. Reload the page and try again."),
                              code="conflict", field="minutes")
        if text != locked.minutes:
            locked.minutes = text
            locked.revision += 1
            locked.save()
            locked.engagement = engagement
            _record(actor, "meetings.minutes_saved", engagement, locked, {"minutes": text[:500]})
    locked.engagement = engagement
    return locked


def close_meeting(*, actor: Any, membership: Membership | None, meeting: Meeting, minutes: Any = None,
                  notify: bool = True) -> Meeting:
    """The minutes are done: the meeting is closed and its minutes, decisions and action items are emailed to
    the participants (``notify=False``: not emailed; the demo's history)."""
    engagement = meeting.engagement
    _require(membership, engagement)
    with transaction.atomic():
        if meeting.status == Status.SCHEDULED and meeting.starts_at > clock.now():
            raise DomainError(_("A meeting can be closed once it has begun."), code="not_begun")
        if minutes is not None:
            meeting = save_minutes(actor=actor, membership=membership, meeting=meeting, minutes=minutes)
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != Status.SCHEDULED:
            raise DomainError(_("Only a scheduled meeting can be closed."), code="not_scheduled")
        if not locked.minutes.strip():
            raise DomainError(_("Write the minutes before closing the meeting."), code="required", field="minutes")
        if locked.starts_at > clock.now():
            raise DomainError(_("A meeting can be closed once it has begun."), code="not_begun")
        locked.status = Status.CLOSED
        locked.closed_at = clock.now()
        locked.revision += 1
        locked.save()
        locked.engagement = engagement
        _record(actor, "meetings.meeting_closed", engagement, locked, {"title": locked.title})
        if notify:
            _emails("minutes", locked.pk, _participant_ids(locked))
    return locked


# --- agenda, decisions, action items ----------------------------------------------------------------------

def _next_position(model: Any, meeting: Meeting) -> int:
    top = model.objects.filter(workspace_id=meeting.workspace_id, meeting=meeting).aggregate(m=Max("position"))["m"]
    return 0 if top is None else top + 1


def _writable(meeting: Meeting, membership: Membership | None) -> None:
    _require(membership, meeting.engagement)
    if meeting.status == Status.CANCELLED:
        raise DomainError(_("A cancelled meeting cannot be changed."), code="not_scheduled")


def add_agenda_item(*, actor: Any, membership: Membership | None, meeting: Meeting, text: Any = "",
                    ref: Any = "") -> AgendaItem:
    """Free text, or ``ref`` = one of ``queries.agenda_choices(engagement)``'s values ("plan_section:<key>",
    "kpi:<uuid>", "post:<uuid>"), optionally with a note as ``text``."""
    _writable(meeting, membership)
    engagement = meeting.engagement
    note = validation.clean_text(text or "", field="text", max_length=AGENDA_MAX, multiline=False)
    kind, key, title = "", "", ""
    if ref:
        choice = {value: (k, label) for k, value, label in queries.agenda_choices(engagement)}.get(str(ref))
        if choice is None:
            raise DomainError(_("Choose one of the offered plan sections, KPIs or posts."), code="invalid_choice",
                              field="ref")
        kind, title = choice
        key = str(ref).split(":", 1)[1]
    elif not note:
        # a rule on two fields together (either may be left out alone): 400, not a bound of one field
        raise DomainError(_("Write the agenda item or choose what it is about."), code="required", field="text")
    with transaction.atomic():
        if AgendaItem.objects.filter(workspace_id=meeting.workspace_id, meeting=meeting).count() >= AGENDA_ITEMS_MAX:
            raise DomainError(_("An agenda holds at most %(max)s items.") % {"max": AGENDA_ITEMS_MAX},
                              code="too_many", field="text")
        item = AgendaItem.objects.create(
            workspace_id=meeting.workspace_id, meeting=meeting, text=note, ref_kind=kind,
            ref_uuid=key if kind in (RefKind.KPI, RefKind.POST) else None,
            ref_key=key if kind == RefKind.PLAN_SECTION else "", ref_title=title[:300],
            position=_next_position(AgendaItem, meeting))
        _record(actor, "meetings.agenda_added", engagement, meeting, {"item": note or title})
    return item


def delete_agenda_item(*, actor: Any, membership: Membership | None, item: AgendaItem) -> None:
    meeting = item.meeting
    _writable(meeting, membership)
    with transaction.atomic():
        _record(actor, "meetings.agenda_deleted", meeting.engagement, meeting, {"item": item.text or item.ref_title})
        item.delete()


def add_decision(*, actor: Any, membership: Membership | None, meeting: Meeting, text: Any) -> Decision:
    _writable(meeting, membership)
    clean = validation.clean_text(text, field="text", max_length=DECISION_MAX, required=True)
    with transaction.atomic():
        decision = Decision.objects.create(workspace_id=meeting.workspace_id, meeting=meeting, text=clean,
                                           position=_next_position(Decision, meeting))
        _record(actor, "meetings.decision_added", meeting.engagement, meeting, {"decision": clean})
    return decision


def delete_decision(*, actor: Any, membership: Membership | None, decision: Decision) -> None:
    meeting = decision.meeting
    _writable(meeting, membership)
    with transaction.atomic():
        _record(actor, "meetings.decision_deleted", meeting.engagement, meeting, {"decision": decision.text})
        decision.delete()


def _team_owner(engagement: Engagement, owner: Any) -> User | None:
    if owner in (None, ""):
        return None
    pk = owner.pk if isinstance(owner, User) else owner
    team = {u.pk: u for u, is_client in queries.participant_choices(engagement) if not is_client}
    try:
        return team[int(pk)]
    except (KeyError, TypeError, ValueError):
        raise DomainError(_("That person is not on the agency's team."), code="not_team", field="owner") from None


def _clean_due(value: Any) -> dt.date | None:
    return None if value in (None, "") else _clean_day(value, field="due")


def add_action_item(*, actor: Any, membership: Membership | None, meeting: Meeting, text: Any, owner: Any = None,
                    due: Any = None) -> ActionItem:
    """An action agreed in the meeting: what, who on the team does it, by when."""
    _writable(meeting, membership)
    clean = validation.clean_name(text, field="text", max_length=ACTION_MAX)
    person = _team_owner(meeting.engagement, owner)
    day = _clean_due(due)
    with transaction.atomic():
        item = ActionItem.objects.create(workspace_id=meeting.workspace_id, meeting=meeting, text=clean,
                                         owner=person, due=day, position=_next_position(ActionItem, meeting))
        _record(actor, "meetings.action_added", meeting.engagement, meeting,
                {"action": clean, "owner": person.display_name if person else "", "due": day})
    return item


def update_action_item(*, actor: Any, membership: Membership | None, item: ActionItem, **fields: Any) -> ActionItem:
    meeting = item.meeting
    _writable(meeting, membership)
    before = audit.snapshot(item, ("text", "owner", "due"))
    if "text" in fields:
        item.text = validation.clean_name(fields["text"], field="text", max_length=ACTION_MAX)
    if "owner" in fields:
        item.owner = _team_owner(meeting.engagement, fields["owner"])
    if "due" in fields:
        item.due = _clean_due(fields["due"])
    with transaction.atomic():
        changes = audit.diff(before, audit.snapshot(item, ("text", "owner", "due")))
        if changes:
            item.save()
            _record(actor, "meetings.action_updated", meeting.engagement, meeting, changes)
    return item


def delete_action_item(*, actor: Any, membership: Membership | None, item: ActionItem) -> None:
    meeting = item.meeting
    _writable(meeting, membership)
    with transaction.atomic():
        _record(actor, "meetings.action_deleted", meeting.engagement, meeting, {"action": item.text})
        item.delete()


def actions_to_tasks(*, actor: Any, membership: Membership, meeting: Meeting,
                     items: Iterable[ActionItem] | None = None) -> list[ActionItem]:
    """Turn the meeting's action items (``items``, else all) that have no card yet into board cards (backlog,
    the owner as assignee, the due date) in one transaction; an item remembers its card and is never turned
    into a card twice. Returns the items that got a card now."""
    engagement = meeting.engagement
    _writable(meeting, membership)
    wanted = None if items is None else {i.pk for i in items}
    made: list[ActionItem] = []
    with transaction.atomic():
        rows = list(ActionItem.objects.select_for_update().filter(workspace_id=meeting.workspace_id, meeting=meeting,
                                                                  task__isnull=True).order_by("position", "id"))
        zone = queries.zone_of(engagement)
        when = meeting.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        for row in rows:
            if wanted is not None and row.pk not in wanted:
                continue
            description = _("From the meeting “%(title)s” of %(when)s.") % {"title": meeting.title, "when": when}
            task = board_services.create_task(actor=actor, membership=membership, engagement=engagement,
                                              title=row.text, description=description, assignee=row.owner,
                                              due=row.due)
            row.task = task
            row.save(update_fields=["task"])
            row.meeting = meeting
            made.append(row)
        if made:
            _record(actor, "meetings.actions_to_tasks", engagement, meeting, {"tasks": [r.text for r in made]})
    return made
