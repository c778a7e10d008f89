"""Editing a time entry, deleting it after a confirmation, undoing the deletion; the Person select."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.core.models import AuditEntry
from cadence.engagements import queries
from cadence.engagements.models import TimeEntry

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


def url(name, engagement, **kwargs):
    return reverse(f"engagements:{name}", kwargs={"workspace": engagement.workspace.slug,
                                                  "engagement": engagement.uuid, **kwargs})


def make_entry(engagement, user, hours="2", day=dt.date(2026, 11, 20), note="Interviews"):
    return TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=user,
                                    phase=engagement.phases.get(key="research"), date=day, hours=Decimal(hours),
                                    note=note)


def form(day="2026-11-19", hours="3.5", phase="research", note="Interviews, second round"):
    return {"date": day, "hours": hours, "phase": phase, "note": note}


# --- edit -----------------------------------------------------------------------------------

def test_the_list_offers_edit_and_delete_for_own_entries_only(client, login, specialist, manager, engagement):
    mine, theirs = make_entry(engagement, specialist), make_entry(engagement, manager, note="by manager")
    login(client, specialist)
    body = client.get(url("time-list", engagement)).content.decode()
    assert url("time-edit", engagement, entry=mine.uuid) in body
    assert url("time-delete", engagement, entry=mine.uuid) in body
    assert url("time-edit", engagement, entry=theirs.uuid) not in body


def test_it_shows_the_edit_form_filled_in(client, login, specialist, engagement):
    e = make_entry(engagement, specialist)
    login(client, specialist)
    r = client.get(url("time-edit", engagement, entry=e.uuid))
    assert r.status_code == 200
    body = r.content.decode()
    assert 'value="2026-11-20"' in body and 'value="Interviews"' in body


def test_it_posts_the_edit_form_back_unchanged_and_with_one_change(client, login, specialist, engagement):
    e = make_entry(engagement, specialist)
    login(client, specialist)
    r = client.post(url("time-edit", engagement, entry=e.uuid), form(day="2026-11-20", hours="2", note="Interviews"))
    assert r.status_code == 302
    assert not AuditEntry.objects.filter(action="time.updated").exists()
    r = client.post(url("time-edit", engagement, entry=e.uuid), form(), follow=True)
    e.refresh_from_db()
    assert (e.date, e.hours, e.note) == (dt.date(2026, 11, 19), Decimal("3.5"), "Interviews, second round")
    assert "Time entry saved: 3.5 h on" in r.content.decode()
    assert AuditEntry.objects.filter(action="time.updated").count() == 1


@pytest.mark.parametrize(("data", "message"), [
    (form(day="2026-11-30"), "not for a future date"),
    (form(phase="campaigns"), "cannot start before the gate"),
    (form(hours="41"), "Ensure this value is less than or equal to 24"),
    (form(hours="1.1"), "quarters of an hour"),
])
def test_it_refuses_a_bad_edit_with_the_reason_and_changes_nothing(client, login, specialist, engagement, data,
                                                                    message):
    e = make_entry(engagement, specialist)
    login(client, specialist)
    r = client.post(url("time-edit", engagement, entry=e.uuid), data)
    assert r.status_code == 200
    assert message in r.content.decode()
    e.refresh_from_db()
    assert (e.date, e.hours, e.phase.key) == (dt.date(2026, 11, 20), Decimal(2), "research")


def test_an_edit_past_the_months_hours_is_refused(client, login, specialist, engagement):
    make_entry(engagement, specialist, hours="20", day=dt.date(2026, 11, 18))
    e = make_entry(engagement, specialist, hours="18")
    login(client, specialist)
    r = client.post(url("time-edit", engagement, entry=e.uuid), form(hours="21"))
    assert "This would bring month 3 to 41 h of" in r.content.decode()
    e.refresh_from_db()
    assert e.hours == Decimal(18)


def test_only_the_author_or_a_manager_may_edit(client, login, specialist, manager, viewer, outsider, engagement):
    e = make_entry(engagement, manager)
    for user, status in ((specialist, 403), (viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("time-edit", engagement, entry=e.uuid)).status_code == status
        assert client.post(url("time-edit", engagement, entry=e.uuid), form()).status_code == status
    e.refresh_from_db()
    assert e.hours == Decimal(2)
    login(client, manager)
    assert client.get(url("time-edit", engagement, entry=uuid.uuid4())).status_code == 404
    assert client.put(url("time-edit", engagement, entry=e.uuid)).status_code == 405
    mine = make_entry(engagement, specialist)
    assert client.post(url("time-edit", engagement, entry=mine.uuid), form()).status_code == 302


# --- delete with confirmation, undo ---------------------------------------------------------

def test_deleting_asks_for_confirmation_first(client, login, specialist, engagement):
    e = make_entry(engagement, specialist)
    login(client, specialist)
    r = client.get(url("time-delete", engagement, entry=e.uuid))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Delete 2 h logged by Sofia Specialist" in body
    assert f'action="{url("time-delete", engagement, entry=e.uuid)}"' in body or 'method="post"' in body
    assert TimeEntry.objects.filter(pk=e.pk).exists()


def test_the_message_after_deleting_undoes_it(client, login, specialist, engagement):
    e = make_entry(engagement, specialist)
    login(client, specialist)
    r = client.post(url("time-delete", engagement, entry=e.uuid), follow=True)
    body = r.content.decode()
    assert body.count("Time entry deleted (2 h on") == 1  # once, not in the layout and the panel both
    restore = url("time-restore", engagement, entry=e.uuid)
    assert f'action="{restore}"' in body and "Undo" in body
    assert "Interviews" not in body  # the entry is out of the list
    assert not TimeEntry.objects.filter(pk=e.pk).exists()
    r = client.post(restore, follow=True)
    assert "Time entry restored: 2 h on" in r.content.decode()
    assert TimeEntry.objects.filter(pk=e.pk).exists()
    assert "Interviews" in r.content.decode()


def test_undo_is_refused_with_the_reason_when_the_month_filled_up(client, login, specialist, engagement):
    e = make_entry(engagement, specialist, hours="6")
    login(client, specialist)
    client.post(url("time-delete", engagement, entry=e.uuid))
    make_entry(engagement, specialist, hours="20", day=dt.date(2026, 11, 21))
    make_entry(engagement, specialist, hours="16", day=dt.date(2026, 11, 22))
    r = client.post(url("time-restore", engagement, entry=e.uuid), follow=True)
    assert "The entry could not be restored: This would bring month 3" in r.content.decode()
    assert not TimeEntry.objects.filter(pk=e.pk).exists()


def test_only_the_author_or_a_manager_may_restore(client, login, specialist, manager, viewer, outsider, engagement):
    e = make_entry(engagement, manager)
    login(client, manager)
    client.post(url("time-delete", engagement, entry=e.uuid))
    for user, status in ((specialist, 403), (viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.post(url("time-restore", engagement, entry=e.uuid)).status_code == status
    assert not TimeEntry.objects.filter(pk=e.pk).exists()
    login(client, manager)
    assert client.get(url("time-restore", engagement, entry=e.uuid)).status_code == 405
    assert client.post(url("time-restore", engagement, entry=uuid.uuid4())).status_code == 404


def test_a_deleted_entry_cannot_be_edited_or_deleted_again_through_its_address(client, login, specialist, engagement):
    e = make_entry(engagement, specialist)
    login(client, specialist)
    client.post(url("time-delete", engagement, entry=e.uuid))
    assert client.get(url("time-edit", engagement, entry=e.uuid)).status_code == 404
    assert client.post(url("time-delete", engagement, entry=e.uuid)).status_code == 404


# --- the Person select ----------------------------------------------------------------------

def _options(body, select_id):
    select = re.search(rf'<select name="person" id="{select_id}">(.*?)</select>', body, re.S)
    assert select, select_id
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_the_person_selects_list_each_person_once(client, login, manager, specialist, owner, engagement):
    make_entry(engagement, specialist)
    make_entry(engagement, manager)
    login(client, manager)
    body = client.get(url("time-list", engagement)).content.decode()
    log_options = _options(body, "id_person")
    assert log_options[0] == "Me"
    assert "Mihai Manager" not in log_options  # "Me" already is the manager
    assert sorted(log_options[1:]) == ["Olga Owner", "Sofia Specialist"]
    filter_options = _options(body, "filter-person")
    assert filter_options == ["Everyone", "Mihai Manager", "Olga Owner", "Sofia Specialist"]
    ids = re.findall(r'\bid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), "two elements share an id"


# --- a deleted entry counts nowhere ---------------------------------------------------------

def test_a_deleted_entry_counts_in_no_figure(client, login, specialist, manager, engagement):
    from cadence.core.models import Membership
    from cadence.engagements import services

    make_entry(engagement, specialist, hours="10", day=dt.date(2026, 11, 18))
    gone = make_entry(engagement, specialist, hours="20", day=dt.date(2026, 11, 19), note="deleted later")
    services.delete_time_entry(actor=specialist, membership=Membership.objects.get(user=specialist), entry=gone)
    login(client, manager)
    dashboard = client.get(reverse("core:dashboard", kwargs={"workspace": engagement.workspace.slug}))
    from tests.engagements.test_one_set_of_figures import figures

    [row] = figures(dashboard.content.decode())  # logged / available / percent / level
    assert (row[0], row[2]) == ("10", "25")
    detail = client.get(url("engagement-detail", engagement))
    [month3] = [m for m in detail.context["hours_rows"] if m.index == 3]
    assert month3.logged == Decimal(10)
    time_page = client.get(url("time-list", engagement))
    assert time_page.context["entries_total"] == Decimal(10)
    assert "deleted later" not in time_page.content.decode()
    research = next(p for p in queries.schedule_for(engagement, TODAY).phases if p.key == "research")
    assert research.logged_hours == Decimal(10)


def test_the_history_names_edits_deletions_and_restores(client, login, specialist, manager, engagement):
    e = make_entry(engagement, specialist)
    login(client, specialist)
    client.post(url("time-edit", engagement, entry=e.uuid), form())
    client.post(url("time-delete", engagement, entry=e.uuid))
    client.post(url("time-restore", engagement, entry=e.uuid))
    login(client, manager)
    body = client.get(url("engagement-history", engagement)).content.decode()
    for words in ("changed a time entry", "deleted a time entry", "restored a deleted time entry"):
        assert words in body
