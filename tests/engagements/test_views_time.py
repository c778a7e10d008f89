"""Time entries: logging (with the 80 % warning and the 100 % refusal), overrides, deleting, the list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.engagements.models import HoursOverride, TimeEntry

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


def url(name, engagement, **kwargs):
    return reverse(f"engagements:{name}", kwargs={"workspace": engagement.workspace.slug,
                                                  "engagement": engagement.uuid, **kwargs})


def entry(day="2026-11-20", hours="2", phase="research", note="", **extra):
    return {"date": day, "hours": hours, "phase": phase, "note": note, **extra}


def test_it_lists_the_entries_of_the_month(client, login, specialist, engagement):
    phase = engagement.phases.get(key="research")
    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=specialist, phase=phase,
                             date=dt.date(2026, 11, 20), hours=Decimal(3), note="Competitor analysis")
    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=specialist, phase=phase,
                             date=dt.date(2026, 10, 20), hours=Decimal(5), note="October work")
    login(client, specialist)
    r = client.get(url("time-list", engagement))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Competitor analysis" in body and "October work" not in body  # the current month by default
    r = client.get(url("time-list", engagement), {"month": 2})
    assert "October work" in r.content.decode() and "Competitor analysis" not in r.content.decode()
    r = client.get(url("time-list", engagement), {"month": ""})
    assert "October work" in r.content.decode() and "Competitor analysis" in r.content.decode()


def test_it_filters_the_entries_by_person(client, login, manager, specialist, engagement):
    from cadence.core.models import Membership

    phase = engagement.phases.get(key="research")
    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=specialist, phase=phase,
                             date=dt.date(2026, 11, 20), hours=Decimal(3), note="by specialist")
    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=manager, phase=phase,
                             date=dt.date(2026, 11, 20), hours=Decimal(1), note="by manager")
    login(client, manager)
    who = Membership.objects.get(user=specialist).uuid
    body = client.get(url("time-list", engagement), {"month": 3, "person": who}).content.decode()
    assert "by specialist" in body and "by manager" not in body


def test_it_logs_time(client, login, specialist, engagement):
    login(client, specialist)
    r = client.post(url("time-list", engagement), entry(note="Interviews"), follow=True)
    assert r.status_code == 200
    e = TimeEntry.objects.get(engagement=engagement)
    assert (e.user, e.hours, e.phase.key, e.note) == (specialist, Decimal(2), "research", "Interviews")
    assert "2 h logged on" in r.content.decode()


def test_it_logs_time_with_htmx_and_returns_the_panel(client, login, specialist, engagement):
    login(client, specialist)
    r = client.post(url("time-list", engagement), entry(), HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    body = r.content.decode()
    assert body.lstrip().startswith('<div id="time-panel">') and "<html" not in body
    assert "2 h logged on" in body
    assert TimeEntry.objects.filter(engagement=engagement).count() == 1


def test_it_warns_past_80_percent(client, login, specialist, engagement):
    login(client, specialist)
    client.post(url("time-list", engagement), entry(day="2026-11-09", hours="20"))
    r = client.post(url("time-list", engagement), entry(day="2026-11-10", hours="12"), HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert "msg-warning" in body
    assert "80 % of month 3’s hours are used: 32 of 40 h, 8 h left." in body


def test_it_refuses_past_100_percent_until_a_manager_records_an_override(client, login, manager, specialist,
                                                                           engagement):
    login(client, specialist)
    for day, hours in (("2026-11-09", "20"), ("2026-11-10", "20")):
        client.post(url("time-list", engagement), entry(day=day, hours=hours))
    assert TimeEntry.objects.filter(engagement=engagement).count() == 2
    r = client.post(url("time-list", engagement), entry(day="2026-11-11", hours="1"), HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "A manager must record an override" in r.content.decode()
    assert "month 3 to 41 h of 40 h available" in r.content.decode()  # never "2E+1"
    assert TimeEntry.objects.filter(engagement=engagement).count() == 2

    login(client, manager)
    r = client.post(url("override-new", engagement), {"month": 3, "extra_hours": "4", "reason": "Black Friday ads"})
    assert r.status_code == 302
    assert HoursOverride.objects.get(engagement=engagement).extra_hours == Decimal(4)

    login(client, specialist)
    r = client.post(url("time-list", engagement), entry(day="2026-11-11", hours="1"), follow=True)
    assert TimeEntry.objects.filter(engagement=engagement).count() == 3
    # the extra hours are part of the month's available hours: 41 of 44 h, the same figures as everywhere
    assert "93 % of month 3’s hours are used: 41 of 44 h, 3 h left." in r.content.decode()
    assert "E+" not in r.content.decode()


def test_it_refuses_campaign_time_before_the_plan_is_approved(client, login, specialist, engagement):
    login(client, specialist)
    r = client.post(url("time-list", engagement), entry(phase="campaigns"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "cannot start before the gate" in body and "Marketing plan approved" in body
    assert not TimeEntry.objects.filter(engagement=engagement).exists()


def test_it_accepts_campaign_time_once_the_gates_are_recorded(client, login, specialist, engagement):
    engagement.gates.update(passed_on=dt.date(2026, 10, 1))
    login(client, specialist)
    client.post(url("time-list", engagement), entry(phase="campaigns"))
    assert TimeEntry.objects.filter(engagement=engagement, phase__key="campaigns").count() == 1


@pytest.mark.parametrize("bad", [
    entry(day="2026-12-01"),  # future
    entry(day="2026-09-01"),  # before the start
    entry(hours="0"),
    entry(hours="-2"),
    entry(hours="25"),
    entry(hours="abc"),
    entry(hours="0.3"),  # not a quarter of an hour
    entry(phase="not-a-phase"),
    entry(day="yesterday"),
])
def test_it_refuses_bad_input_and_changes_nothing(client, login, specialist, engagement, bad):
    login(client, specialist)
    r = client.post(url("time-list", engagement), bad)
    assert r.status_code == 200
    assert "errorlist" in r.content.decode()
    assert not TimeEntry.objects.filter(engagement=engagement).exists()


def test_it_refuses_a_phase_of_another_engagement(client, login, specialist, engagement, workspace, owner, client_obj):
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    other = services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj,
        template=ProcessTemplate.objects.get(workspace=workspace, key="sostac"), name="Plan",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(20), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    login(client, specialist)
    r = client.post(url("time-list", engagement), entry(phase="situation"))  # a key of the other engagement
    assert "errorlist" in r.content.decode()
    assert not TimeEntry.objects.exists()
    assert other.phases.filter(key="situation").exists()


def test_it_lets_managers_log_time_for_a_colleague(client, login, manager, specialist, engagement):
    from cadence.core.models import Membership

    login(client, manager)
    person = Membership.objects.get(user=specialist).uuid
    client.post(url("time-list", engagement), entry(person=person))
    assert TimeEntry.objects.get(engagement=engagement).user == specialist


def test_it_ignores_a_person_field_from_a_specialist(client, login, manager, specialist, engagement):
    from cadence.core.models import Membership

    login(client, specialist)
    client.post(url("time-list", engagement), entry(person=Membership.objects.get(user=manager).uuid))
    assert TimeEntry.objects.get(engagement=engagement).user == specialist


def test_it_keeps_time_away_from_clients_and_outsiders(client, login, viewer, approver, outsider, engagement):
    for user, status in ((viewer, 403), (approver, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("time-list", engagement)).status_code == status
        assert client.post(url("time-list", engagement), entry()).status_code == status
    assert not TimeEntry.objects.exists()


def test_it_refuses_other_methods_on_time(client, login, specialist, engagement):
    login(client, specialist)
    assert client.put(url("time-list", engagement)).status_code == 405


# --- delete ---------------------------------------------------------------------------------

def _entry(engagement, user):
    return TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=user,
                                    phase=engagement.phases.get(key="research"), date=dt.date(2026, 11, 20),
                                    hours=Decimal(2))


def test_it_deletes_an_own_entry(client, login, specialist, engagement):
    e = _entry(engagement, specialist)
    login(client, specialist)
    r = client.post(url("time-delete", engagement, entry=e.uuid))
    assert r.status_code == 302
    assert not TimeEntry.objects.filter(pk=e.pk).exists()


def test_it_lets_a_manager_delete_any_entry(client, login, manager, specialist, engagement):
    e = _entry(engagement, specialist)
    login(client, manager)
    client.post(url("time-delete", engagement, entry=e.uuid))
    assert not TimeEntry.objects.filter(pk=e.pk).exists()


def test_it_refuses_to_delete_a_colleagues_entry_for_a_specialist(client, login, manager, specialist, engagement):
    e = _entry(engagement, manager)
    login(client, specialist)
    assert client.post(url("time-delete", engagement, entry=e.uuid)).status_code == 403
    assert TimeEntry.objects.filter(pk=e.pk).exists()


def test_it_guards_deleting(client, login, viewer, outsider, manager, specialist, engagement):
    import uuid

    e = _entry(engagement, specialist)
    for user, status in ((viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.post(url("time-delete", engagement, entry=e.uuid)).status_code == status
    login(client, manager)
    assert client.put(url("time-delete", engagement, entry=e.uuid)).status_code == 405
    assert client.post(url("time-delete", engagement, entry=uuid.uuid4())).status_code == 404
    assert TimeEntry.objects.filter(pk=e.pk).exists()


# --- overrides ------------------------------------------------------------------------------

def test_it_shows_the_override_form(client, login, manager, engagement):
    login(client, manager)
    r = client.get(url("override-new", engagement))
    assert r.status_code == 200
    assert "Month 3" in r.content.decode()


def test_it_refuses_an_override_without_reason_or_for_a_future_month(client, login, manager, engagement):
    login(client, manager)
    for data in ({"month": 3, "extra_hours": "4", "reason": "  "}, {"month": 5, "extra_hours": "4", "reason": "x"},
                 {"month": 3, "extra_hours": "0", "reason": "x"}):
        r = client.post(url("override-new", engagement), data)
        assert r.status_code == 200
    assert not HoursOverride.objects.exists()


def test_it_lets_only_managers_record_overrides(client, login, specialist, viewer, outsider, engagement):
    data = {"month": 3, "extra_hours": "4", "reason": "x"}
    for user, status in ((specialist, 403), (viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("override-new", engagement)).status_code == status
        assert client.post(url("override-new", engagement), data).status_code == status
    assert not HoursOverride.objects.exists()


def test_it_refuses_other_methods_on_overrides(client, login, manager, engagement):
    login(client, manager)
    assert client.delete(url("override-new", engagement)).status_code == 405


# --- closed months ----------------------------------------------------------------------------

def test_a_manager_closes_and_reopens_a_month_on_the_time_page(client, login, manager, specialist, engagement):
    from cadence.core.models import AuditEntry

    login(client, specialist)
    assert client.post(url("time-month-close", engagement, month=3), {"action": "close"}).status_code == 403
    login(client, manager)
    page = client.get(url("time-list", engagement)).content.decode()
    assert "Close the month" in page
    r = client.post(url("time-month-close", engagement, month=3), {"action": "close"}, follow=True)
    assert "Month 3 is closed." in r.content.decode()
    login(client, specialist)
    r = client.post(url("time-list", engagement), entry(), follow=True)
    assert "Month 3 is closed: only a manager can change its time entries." in r.content.decode()
    assert not TimeEntry.objects.exists()
    login(client, manager)
    r = client.post(url("time-list", engagement), entry(), follow=True)
    assert "Give a reason" in r.content.decode() and not TimeEntry.objects.exists()
    client.post(url("time-list", engagement), entry(reason="Report finished late"))
    e = TimeEntry.objects.get()
    client.post(url("time-delete", engagement, entry=e.uuid))
    assert TimeEntry.objects.count() == 1  # a closed month's entry needs a reason to go
    client.post(url("time-delete", engagement, entry=e.uuid), {"reason": "Logged on the wrong client"})
    assert not TimeEntry.objects.exists()
    r = client.post(url("time-month-close", engagement, month=3), {"action": "reopen", "reason": ""}, follow=True)
    assert "Say why the month is reopened." in r.content.decode()
    client.post(url("time-month-close", engagement, month=3), {"action": "reopen", "reason": "More work agreed"})
    login(client, specialist)
    client.post(url("time-list", engagement), entry())
    assert TimeEntry.objects.count() == 1
    reasons = list(AuditEntry.objects.filter(action__in=["time.logged", "time.deleted", "month.reopened"])
                   .values_list("changes__reason", flat=True))
    assert {"Report finished late", "Logged on the wrong client", "More work agreed"} <= set(reasons)
