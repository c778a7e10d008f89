"""The meetings' writes: planning (one-off and series), changes and cancellations with their .ics emails,
minutes and closing, agenda, decisions, action items turned into board cards once."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from cadence.board.models import Task
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from cadence.meetings import queries, services
from cadence.meetings.models import ActionItem, Meeting, MeetingSeries, Status
from tests.meetings.fixtures import NOW

pytestmark = pytest.mark.django_db
BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")


def _ics(message) -> icalendar.Calendar:
    (att,) = [a for a in message.attachments if a[0].endswith(".ics")]
    assert att[2].startswith("text/calendar")
    content = att[1].encode() if isinstance(att[1], str) else att[1]
    return icalendar.Calendar.from_ical(content)


def _to(user):
    return [msg for msg in mail.outbox if msg.to == [user.email]]


def test_one_off_meeting_invites_each_participant_in_their_language(engagement, manager, approver, m, clock,
                                                                      django_capture_on_commit_callbacks):
    clock.set(NOW)
    manager.language = "en"
    manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement,
                                          title="Kick-off", day="2026-12-03", time="11:00", duration_minutes=45,
                                          participants=[manager.pk, approver.pk])
    assert meeting.starts_at == dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)  # 11:00 in Bucharest (EET)
    assert len(mail.outbox) == 2
    (to_manager,) = _to(manager)
    (to_client,) = _to(approver)
    assert to_manager.subject.startswith("Invitation: Kick-off")
    assert "decembrie" in to_client.subject.lower()  # the client's language (ro): its date format
    cal = _ics(to_client)
    assert str(cal["METHOD"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uuid}@cadence" and int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Bucharest"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 3, 11, tzinfo=BUCHAREST)
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Bucharest"
    assert AuditEntry.objects.filter(action="meetings.meeting_created", thread=engagement.uuid).exists()


def test_update_same_uid_higher_sequence_and_removed_participant_gets_cancel(planned, manager, approver, m,
                                                                             django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(actor=manager, membership=m["manager"], meeting=planned, time="12:30",
                                participants=[manager.pk])
    planned.refresh_from_db()
    assert planned.sequence == 1
    (update,) = _to(manager)
    event = _ics(update).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{planned.uuid}@cadence" and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 3, 12, 30, tzinfo=BUCHAREST)
    (removed,) = _to(approver)
    cal = _ics(removed)
    assert str(cal["METHOD"]) == "CANCEL" and str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    # calendars act on a CANCEL only when it names the person: the removed participant is an attendee of it
    attendees = cal.walk("VEVENT")[0].get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert f"mailto:{approver.email}" in [str(a) for a in attendees]


def test_cancel_sends_cancel_with_higher_sequence(planned, manager, approver, m, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(actor=manager, membership=m["manager"], meeting=planned)
    planned.refresh_from_db()
    assert planned.status == Status.CANCELLED
    cal = _ics(_to(approver)[0])
    event = cal.walk("VEVENT")[0]
    assert str(cal["METHOD"]) == "CANCEL" and int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CANCELLED"
    with pytest.raises(DomainError):
        services.cancel_meeting(actor=manager, membership=m["manager"], meeting=planned)
    with pytest.raises(DomainError):
        services.update_meeting(actor=manager, membership=m["manager"], meeting=planned, title="x")


def test_series_every_second_tuesday_one_rrule_invitation(engagement, manager, approver, m, clock,
                                                           django_capture_on_commit_callbacks):
    clock.set(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement,
                                        title="Status", day="2026-11-30", time="10:00", duration_minutes=30,
                                        participants=[approver.pk], frequency="weekly", interval=2, weekday=1,
                                        count=6)
    meetings = list(Meeting.objects.filter(series=first.series).order_by("starts_at"))
    assert len(meetings) == 6
    local = [mt.starts_at.astimezone(BUCHAREST) for mt in meetings]
    assert [d.date() for d in local[:3]] == [dt.date(2026, 12, 1), dt.date(2026, 12, 15), dt.date(2026, 12, 29)]
    assert all(d.hour == 10 and d.weekday() == 1 for d in local)
    (invitation,) = mail.outbox
    event = _ics(invitation).walk("VEVENT")[0]
    series = MeetingSeries.objects.get()
    assert str(event["UID"]) == f"{series.uuid}@cadence"
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=6;INTERVAL=2;BYDAY=TU"
    # one occurrence moved: RECURRENCE-ID with the series' UID
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(actor=manager, membership=m["manager"], meeting=meetings[1], time="14:00")
    event = _ics(mail.outbox[0]).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{series.uuid}@cadence" and int(event["SEQUENCE"]) == 1
    assert event.decoded("RECURRENCE-ID") == dt.datetime(2026, 12, 15, 10, tzinfo=BUCHAREST)
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 15, 14, tzinfo=BUCHAREST)
    # one occurrence cancelled, then the whole series
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(actor=manager, membership=m["manager"], meeting=meetings[2])
    event = _ics(mail.outbox[0]).walk("VEVENT")[0]
    assert event.decoded("RECURRENCE-ID") == dt.datetime(2026, 12, 29, 10, tzinfo=BUCHAREST)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.cancel_series(actor=manager, membership=m["manager"], meeting=meetings[0])
    assert count == 5
    cal = _ics(mail.outbox[0])
    event = cal.walk("VEVENT")[0]
    assert str(cal["METHOD"]) == "CANCEL" and str(event["UID"]) == f"{series.uuid}@cadence"
    assert "RECURRENCE-ID" not in event and int(event["SEQUENCE"]) == 1


def test_cancelling_the_rest_of_a_series_keeps_the_held_meetings_in_calendars(
        engagement, manager, approver, m, clock, django_capture_on_commit_callbacks):
    from cadence.meetings import calendar

    clock.set(NOW)
    first = services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement, title="Status",
                                    day="2026-11-30", time="10:00", participants=[approver.pk], frequency="weekly",
                                    interval=2, weekday=1, count=4)
    meetings = list(Meeting.objects.filter(series=first.series).order_by("starts_at"))
    clock.set(meetings[0].starts_at + dt.timedelta(days=1))  # the first one was held
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_series(actor=manager, membership=m["manager"], meeting=meetings[0]) == 3
    cal = _ics(mail.outbox[0])
    assert str(cal["METHOD"]) == "CANCEL"
    events = cal.walk("VEVENT")
    assert [e.decoded("RECURRENCE-ID") for e in events] == [mt.starts_at.astimezone(BUCHAREST)
                                                           for mt in meetings[1:]]
    assert all(str(e["STATUS"]) == "CANCELLED" for e in events)
    # the download: the series (not cancelled as a whole), its cancelled meetings excluded; a file, no invitation
    held = Meeting.objects.get(pk=meetings[0].pk)
    held.engagement = engagement
    downloaded = icalendar.Calendar.from_ical(calendar.download(held))
    assert str(downloaded["METHOD"]) == "PUBLISH"
    master = downloaded.walk("VEVENT")[0]
    assert str(master["STATUS"]) == "CONFIRMED" and "EXDATE" in master


def test_monthly_series_on_the_31st(engagement, manager, m, clock):
    clock.set(NOW)
    first = services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement, title="Report",
                                    day="2027-01-31", time="09:00", frequency="monthly", count=3)
    days = [x.starts_at.astimezone(BUCHAREST).date() for x in Meeting.objects.filter(series=first.series)]
    assert days == [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31)]


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": " "}, "title"), ({"time": "25:00"}, "time"), ({"day": "2026-13-01"}, "day"),
    ({"duration_minutes": 0}, "duration_minutes"), ({"video_url": "javascript:alert(1)"}, "video_url"),
    ({"frequency": "weekly", "count": 1}, "count"), ({"frequency": "daily", "count": 3}, "frequency"),
    ({"frequency": "weekly", "count": 3, "interval": 13}, "interval"),
])
def test_bad_input_is_refused_with_a_field(engagement, manager, m, fields, field):
    values = {"title": "T", "day": "2026-12-03", "time": "10:00", **fields}
    with pytest.raises(DomainError) as e:
        services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement, **values)
    assert e.value.field == field


def test_participants_must_see_the_engagement(engagement, manager, m, outsider, other_client, workspace):
    from tests.conftest import _client_user

    stranger = _client_user(workspace, other_client, "other@example.com", "approver", "Other")
    for person in (outsider, stranger):
        with pytest.raises(DomainError) as e:
            services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement, title="T",
                                    day="2026-12-03", time="10:00", participants=[person.pk])
        assert e.value.code == "not_participant"


def test_clients_cannot_write(planned, approver, viewer, m):
    for who in ("approver", "viewer"):
        with pytest.raises(PermissionDenied):
            services.add_decision(actor=approver, membership=m[who], meeting=planned, text="x")


def test_minutes_close_and_email(planned, manager, approver, m, clock, django_capture_on_commit_callbacks):
    with pytest.raises(DomainError):  # not begun yet
        services.close_meeting(actor=manager, membership=m["manager"], meeting=planned, minutes="x")
    clock.set(dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC))
    services.add_decision(actor=manager, membership=m["manager"], meeting=planned, text="Move the launch")
    with pytest.raises(DomainError) as e:
        services.close_meeting(actor=manager, membership=m["manager"], meeting=planned)
    assert e.value.field == "minutes"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_meeting(actor=manager, membership=m["manager"], meeting=planned,
                               minutes="**Budget** is fine <script>alert(1)</script>")
    planned.refresh_from_db()
    assert planned.status == Status.CLOSED
    (to_client,) = _to(approver)
    assert "Move the launch" in to_client.body
    html = to_client.alternatives[0][0]
    assert "<strong>Budget</strong>" in html and "<script>" not in html


def test_agenda_links_offered_choices(planned, manager, m):
    item = services.add_agenda_item(actor=manager, membership=m["manager"], meeting=planned, ref="plan_section:strategy")
    assert item.ref_kind == "plan_section" and item.ref_key == "strategy" and item.ref_title
    with pytest.raises(DomainError):
        services.add_agenda_item(actor=manager, membership=m["manager"], meeting=planned, ref="kpi:nope")
    with pytest.raises(DomainError):
        services.add_agenda_item(actor=manager, membership=m["manager"], meeting=planned, text="  ")
    text = services.add_agenda_item(actor=manager, membership=m["manager"], meeting=planned, text="Budget")
    assert text.ref_kind == "" and [a.pk for a in planned.agenda.all()] == [item.pk, text.pk]


def test_action_items_become_cards_once(planned, manager, specialist, approver, m):
    a = services.add_action_item(actor=manager, membership=m["manager"], meeting=planned, text="Draft the brief",
                                 owner=specialist.pk, due="2026-12-10")
    services.add_action_item(actor=manager, membership=m["manager"], meeting=planned, text="Order photos")
    with pytest.raises(DomainError):  # the owner is on the team
        services.add_action_item(actor=manager, membership=m["manager"], meeting=planned, text="x", owner=approver.pk)
    made = services.actions_to_tasks(actor=manager, membership=m["manager"], meeting=planned)
    assert len(made) == 2
    a.refresh_from_db()
    task = Task.objects.get(pk=a.task_id)
    assert task.title == "Draft the brief" and task.assignee == specialist and task.due == dt.date(2026, 12, 10)
    assert task.engagement_id == planned.engagement_id
    assert services.actions_to_tasks(actor=manager, membership=m["manager"], meeting=planned) == []
    assert Task.objects.count() == 2 and ActionItem.objects.filter(task__isnull=True).count() == 0
    assert AuditEntry.objects.filter(action="meetings.actions_to_tasks").count() == 1


def test_participant_choices(engagement, owner, manager, specialist, approver, viewer):
    people = queries.participant_choices(engagement)
    assert {u.pk for u, c in people if not c} == {owner.pk, manager.pk, specialist.pk}
    assert {u.pk for u, c in people if c} == {approver.pk, viewer.pk}
