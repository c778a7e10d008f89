"""Time entries through the API: the 80 % warning, refusals that write nothing, overrides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

from cadence.core.models import AuditEntry, Membership
from cadence.engagements import services as eng_services
from cadence.engagements.models import HoursOverride, TimeEntry
from tests.api import api_fixture, fast_fixture  # noqa: F401


def url(engagement, suffix="time-entries"):
    return f"/workspaces/agency-one/engagements/{engagement.uuid}/{suffix}"


def entry(day, hours, phase="research", **extra):
    return {"date": day, "hours": hours, "phase": phase, **extra}


def test_it_logs_time_and_reports_the_months_usage(api, specialist, engagement):
    a = api(specialist)
    response = a.post(url(engagement), entry("2026-11-09", 7.5, note="Competitor review"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["month"], body["level"]) == (3, "ok")
    assert body["entry"]["hours"] == 7.5
    assert body["entry"]["phase"] == "research"
    assert body["entry"]["user"]["email"] == "specialist@agency.test"
    saved = TimeEntry.objects.get(uuid=body["entry"]["id"])
    assert (saved.user, saved.hours, saved.note) == (specialist, Decimal("7.5"), "Competitor review")


def test_it_warns_at_80_percent_and_says_full_at_100(api, specialist, engagement):
    a = api(specialist)
    levels = [a.post(url(engagement), entry(f"2026-11-{day:02d}", 8)).json()["level"] for day in (9, 10, 11, 12, 13)]
    assert levels == ["ok", "ok", "ok", "warning", "full"]


def test_it_refuses_hours_past_the_month_and_writes_nothing(api, specialist, engagement):
    a = api(specialist)
    for day in (9, 10):
        a.post(url(engagement), entry(f"2026-11-{day:02d}", 20))
    before = (TimeEntry.objects.count(), AuditEntry.objects.count())
    response = a.post(url(engagement), entry("2026-11-11", 0.25))
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("hours_exceeded", "hours")
    assert (TimeEntry.objects.count(), AuditEntry.objects.count()) == before


def test_it_allows_more_hours_after_a_managers_override(api, manager, specialist, engagement):
    a = api(specialist)
    for day in (9, 10):
        a.post(url(engagement), entry(f"2026-11-{day:02d}", 20))
    response = api(manager).post(url(engagement, "overrides"), {"month": 3, "extra_hours": 4, "reason": "Launch week"})
    assert response.status_code == 201
    assert (response.json()["month"], response.json()["extra_hours"]) == (3, 4)
    assert HoursOverride.objects.filter(engagement=engagement, month_index=3).count() == 1
    assert a.post(url(engagement), entry("2026-11-11", 4)).status_code == 201
    assert a.post(url(engagement), entry("2026-11-12", 0.25)).status_code == 400


def test_it_refuses_a_bad_override_and_writes_nothing(api, manager, engagement):
    a = api(manager)
    assert a.post(url(engagement, "overrides"), {"month": 3, "extra_hours": 4, "reason": "  "}).status_code == 422
    assert a.post(url(engagement, "overrides"), {"month": 9, "extra_hours": 4, "reason": "Later"}).status_code == 400
    assert a.post(url(engagement, "overrides"), {"month": 3, "extra_hours": -1, "reason": "x"}).status_code == 422
    assert HoursOverride.objects.count() == 0


def test_it_refuses_a_gated_phase_with_the_reason_in_the_callers_language(api, specialist, engagement):
    a = api(specialist)
    before = TimeEntry.objects.count()
    response = a.post(url(engagement), entry("2026-11-09", 2, phase="campaigns"), HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 400
    assert response["Content-Language"] == "ro"
    body = response.json()
    assert body["code"] == "gate_closed"
    with translation.override("ro"):
        expected = gettext("“%(phase)s” cannot start before the gate “%(gate)s” is passed. Record the gate first.") % {
            "phase": gettext("Campaign launch"), "gate": gettext("Marketing plan approved")}
    assert body["detail"] == expected
    assert TimeEntry.objects.count() == before


def test_it_refuses_future_dates_bad_hours_and_unknown_phases(api, specialist, engagement):
    a = api(specialist)
    cases = [
        (entry("2026-11-24", 2), 400, "date"),  # tomorrow
        (entry("2026-09-01", 2), 400, "date"),  # before the start
        (entry("2026-11-09", 0.3), 422, "hours"),  # not a quarter of an hour
        (entry("2026-11-09", 25), 422, "hours"),
        (entry("2026-11-09", 2, phase="nope"), 400, "phase"),
        (entry("2026-11-09", 2, user="00000000-0000-0000-0000-000000000000"), 400, "user"),
        (entry("not a date", 2), 422, None),
    ]
    for body, status, field in cases:
        response = a.post(url(engagement), body)
        assert response.status_code == status, (body, response.content)
        if field:
            assert response.json()["field"] == field
    assert TimeEntry.objects.count() == 0


def test_it_lets_a_manager_log_for_a_teammate_but_not_a_specialist(api, manager, specialist, owner, engagement):
    response = api(manager).post(url(engagement), entry("2026-11-09", 2, user=str(specialist.uuid)))
    assert response.status_code == 201
    assert response.json()["entry"]["user"]["email"] == "specialist@agency.test"
    response = api(specialist).post(url(engagement), entry("2026-11-09", 2, user=str(owner.uuid)))
    assert response.status_code == 403
    assert TimeEntry.objects.count() == 1


def test_it_lists_entries_filtered_by_month_and_person(api, manager, specialist, workspace, engagement):
    def log(user, day, hours):
        membership = Membership.objects.get(workspace=workspace, user=user)
        eng_services.log_time(actor=user, membership=membership, engagement=engagement,
                              phase=engagement.phases.get(key="research"), date=day, hours=Decimal(hours))

    log(specialist, dt.date(2026, 9, 8), 3)
    log(specialist, dt.date(2026, 11, 9), 2)
    log(manager, dt.date(2026, 11, 10), 1)
    a = api(specialist)
    assert a.get(url(engagement)).json()["count"] == 3
    month3 = a.get(url(engagement), {"month": 3}).json()
    assert [e["date"] for e in month3["items"]] == ["2026-11-10", "2026-11-09"]
    mine = a.get(url(engagement), {"user": str(specialist.uuid)}).json()
    assert [e["hours"] for e in mine["items"]] == [2, 3]
    both = a.get(url(engagement), {"user": str(specialist.uuid), "month": 1}).json()
    assert [e["date"] for e in both["items"]] == ["2026-09-08"]


def test_it_deletes_own_entries_and_only_managers_delete_others(api, manager, specialist, engagement):
    created = api(manager).post(url(engagement), entry("2026-11-09", 2)).json()["entry"]["id"]
    response = api(specialist).delete(url(engagement, f"time-entries/{created}"))
    assert response.status_code == 403
    assert TimeEntry.objects.filter(uuid=created).exists()
    mine = api(specialist).post(url(engagement), entry("2026-11-10", 1)).json()["entry"]["id"]
    assert api(specialist).delete(url(engagement, f"time-entries/{mine}")).status_code == 204
    assert api(manager).delete(url(engagement, f"time-entries/{created}")).status_code == 204
    assert TimeEntry.objects.count() == 0
    assert AuditEntry.objects.filter(action="time.deleted").count() == 2
