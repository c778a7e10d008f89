"""The meetings' pages: the list (upcoming and past), the meeting page read-only for the client, the buttons
(cancel, close, make cards), the .ics download, the engagement page's link."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from cadence.board.models import Task
from cadence.meetings import services
from cadence.meetings.models import Meeting, Status
from tests.meetings.fixtures import NOW

pytestmark = pytest.mark.django_db


def url(name, engagement, *args):
    return reverse(name, args=[engagement.workspace.slug, engagement.uuid, *args])


def test_list_and_page_for_team_and_client(client, login, planned, engagement, manager, approver):
    login(client, manager)
    page = client.get(url("meetings:list", engagement)).content.decode()
    assert "Monthly review" in page and url("meetings:meeting-new", engagement) in page
    page = client.get(url("meetings:meeting", engagement, planned.uuid)).content.decode()
    assert "11:00" in page  # on the engagement's clock (09:00 UTC)
    client.logout()
    login(client, approver)
    page = client.get(url("meetings:meeting", engagement, planned.uuid)).content.decode()
    assert "Monthly review" in page and "11:00" in page
    assert url("meetings:meeting-cancel", engagement, planned.uuid) not in page
    assert url("meetings:actions-to-tasks", engagement, planned.uuid) not in page
    assert client.post(url("meetings:meeting-cancel", engagement, planned.uuid)).status_code == 403
    detail = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid]))
    assert url("meetings:list", engagement) in detail.content.decode()


def test_new_meeting_form_creates_a_series(client, login, engagement, manager, approver, clock):
    clock.set(NOW)
    login(client, manager)
    r = client.post(url("meetings:meeting-new", engagement), {
        "title": "Status", "day": "2026-11-30", "time": "10:00", "duration_minutes": "45", "place": "",
        "video_url": "", "participants": [str(approver.pk)], "frequency": "weekly", "interval": "2",
        "weekday": "1", "month_day": "", "count": "3"})
    assert r.status_code == 302
    assert Meeting.objects.filter(series__isnull=False).count() == 3


def test_buttons_cancel_make_cards_and_ics(client, login, planned, engagement, manager, specialist, m, clock):
    login(client, manager)
    services.add_action_item(actor=manager, membership=m["manager"], meeting=planned, text="Brief",
                             owner=specialist.pk)
    page = client.get(url("meetings:meeting", engagement, planned.uuid)).content.decode()
    assert url("meetings:actions-to-tasks", engagement, planned.uuid) in page
    client.post(url("meetings:actions-to-tasks", engagement, planned.uuid))
    assert Task.objects.get().title == "Brief"
    client.post(url("meetings:actions-to-tasks", engagement, planned.uuid))
    assert Task.objects.count() == 1
    ics = client.get(url("meetings:meeting-ics", engagement, planned.uuid))
    cal = icalendar.Calendar.from_ical(ics.content)
    assert str(cal.walk("VEVENT")[0]["UID"]) == f"{planned.uuid}@cadence"
    client.post(url("meetings:meeting-cancel", engagement, planned.uuid))
    planned.refresh_from_db()
    assert planned.status == Status.CANCELLED


def test_close_button(client, login, planned, engagement, manager, m, clock):
    clock.set(dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC))
    services.save_minutes(actor=manager, membership=m["manager"], meeting=planned, minutes="Done")
    login(client, manager)
    page = client.get(url("meetings:meeting", engagement, planned.uuid)).content.decode()
    assert url("meetings:meeting-close", engagement, planned.uuid) in page
    client.post(url("meetings:meeting-close", engagement, planned.uuid))
    planned.refresh_from_db()
    assert planned.status == Status.CLOSED
