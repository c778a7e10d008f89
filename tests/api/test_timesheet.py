"""Editing and restoring time entries through the API, and the weekly timesheet (GET/PUT)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cadence.core.models import AuditEntry, Membership
from cadence.engagements.models import TimeEntry
from tests.api import api_fixture, fast_fixture  # noqa: F401


def url(engagement, suffix="time-entries"):
    return f"/workspaces/agency-one/engagements/{engagement.uuid}/{suffix}"


WEEK = "/workspaces/agency-one/timesheet"


def log(api, user, engagement, day, hours, phase="research"):
    r = api(user).post(url(engagement), {"date": day, "hours": hours, "phase": phase})
    assert r.status_code == 201, r.json()
    return r.json()["entry"]["id"]


# --- PATCH and restore ----------------------------------------------------------------------

def test_it_patches_an_entry_under_the_rules_of_logging(api, specialist, engagement):
    entry = log(api, specialist, engagement, "2026-11-20", 2)
    r = api(specialist).patch(url(engagement, f"time-entries/{entry}"), {"hours": 3.5, "note": "Interviews"})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["entry"]["hours"] == 3.5 and body["entry"]["note"] == "Interviews" and body["month"] == 3
    assert body["entry"]["date"] == "2026-11-20"  # left as it was
    assert AuditEntry.objects.filter(action="time.updated").count() == 1
    for change, code in (({"date": "2026-11-30"}, "invalid"), ({"phase": "campaigns"}, "gate_closed"),
                         ({"hours": 41}, "invalid"), ({"phase": "nope"}, "not_found")):
        r = api(specialist).patch(url(engagement, f"time-entries/{entry}"), change)
        status = 422 if change.get("hours") == 41 else 400  # over 24 h breaks the schema's bound
        assert r.status_code == status and r.json()["code"] == code, (change, r.json())
    e = TimeEntry.objects.get(uuid=entry)
    assert (e.date, e.hours, e.phase.key) == (dt.date(2026, 11, 20), Decimal("3.5"), "research")


def test_only_the_author_or_a_manager_patches(api, specialist, manager, viewer, engagement):
    entry = log(api, manager, engagement, "2026-11-20", 2)
    assert api(specialist).patch(url(engagement, f"time-entries/{entry}"), {"hours": 1}).status_code == 403
    assert api(viewer).patch(url(engagement, f"time-entries/{entry}"), {"hours": 1}).status_code == 403
    assert TimeEntry.objects.get(uuid=entry).hours == Decimal(2)
    mine = log(api, specialist, engagement, "2026-11-20", 2)
    assert api(manager).patch(url(engagement, f"time-entries/{mine}"), {"hours": 1}).status_code == 200


def test_a_deleted_entry_is_gone_from_the_list_and_can_be_restored(api, specialist, engagement):
    entry = log(api, specialist, engagement, "2026-11-20", 2)
    assert api(specialist).delete(url(engagement, f"time-entries/{entry}")).status_code == 204
    assert api(specialist).get(url(engagement)).json()["count"] == 0
    hours = api(specialist).get(url(engagement, "hours")).json()
    assert [m["logged"] for m in hours if m["index"] == 3] == [0]
    assert api(specialist).patch(url(engagement, f"time-entries/{entry}"), {"hours": 1}).status_code == 404
    r = api(specialist).post(url(engagement, f"time-entries/{entry}/restore"))
    assert r.status_code == 200 and r.json()["entry"]["id"] == entry
    assert api(specialist).get(url(engagement)).json()["count"] == 1
    r = api(specialist).post(url(engagement, f"time-entries/{entry}/restore"))
    assert r.status_code == 400 and r.json()["code"] == "not_deleted"


# --- the week ------------------------------------------------------------------------------

def test_it_reads_the_callers_week(api, specialist, engagement):
    log(api, specialist, engagement, "2026-11-16", 2)
    log(api, specialist, engagement, "2026-11-17", 1.5)
    r = api(specialist).get(WEEK, {"week": "2026-W47"})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["week"] == "2026-W47" and body["start"] == "2026-11-16" and body["end"] == "2026-11-22"
    [row] = body["rows"]
    assert row["engagement"] == str(engagement.uuid) and row["phase"] == "research"
    assert row["hours"] == [2, 1.5, 0, 0, 0, 0, 0] and row["total"] == 3.5
    assert body["day_totals"][:2] == [2, 1.5] and body["total"] == 3.5
    [eng] = body["engagements"]
    assert (eng["month"], eng["available"], eng["logged"], eng["remaining"]) == (3, 40, 3.5, 36.5)


def test_it_saves_a_week_at_once_and_refuses_it_whole(api, specialist, engagement):
    log(api, specialist, engagement, "2026-11-16", 2)
    row = {"engagement": str(engagement.uuid), "phase": "research", "hours": ["3", "1,5", None, 0, None, None, None]}
    r = api(specialist).request("PUT", WEEK, {"week": "2026-W47", "rows": [row]})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["created"], body["updated"], body["deleted"]) == (1, 1, 0)
    assert body["week"]["rows"][0]["hours"][:2] == [3, 1.5]
    bad = {"engagement": str(engagement.uuid), "phase": "campaigns", "hours": [None, None, 2, None, None, None, None]}
    good = {**row, "hours": [5, None, None, None, None, None, None]}
    r = api(specialist).request("PUT", WEEK, {"week": "2026-W47", "rows": [good, bad]})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "week_refused"
    [refusal] = body["refusals"]
    assert refusal["phase"] == "campaigns" and refusal["date"] == "2026-11-18"
    assert "cannot start before the gate" in refusal["detail"]
    assert sorted(TimeEntry.objects.values_list("hours", flat=True)) == [Decimal("1.5"), Decimal(3)]


def test_a_week_refuses_bad_input(api, specialist, engagement, outsider):
    row = {"engagement": str(engagement.uuid), "phase": "research", "hours": [1, 1]}
    r = api(specialist).request("PUT", WEEK, {"week": "2026-W47", "rows": [row]})
    assert r.status_code == 422 and r.json()["field"].startswith("rows")  # seven cells, as the schema says
    r = api(specialist).request("PUT", WEEK, {"week": "soon", "rows": []})
    assert r.status_code == 422 and r.json()["field"] == "week"
    assert api(specialist).get(WEEK, {"week": "2026-W99"}).status_code == 400
    import uuid

    row = {"engagement": str(uuid.uuid4()), "phase": "research", "hours": [1] + [None] * 6}
    r = api(specialist).request("PUT", WEEK, {"week": "2026-W47", "rows": [row]})
    assert r.status_code == 400 and r.json()["field"] == "engagement"
    assert TimeEntry.objects.count() == 0


def test_managers_read_and_save_a_teammates_week_specialists_do_not(api, specialist, manager, viewer, engagement):
    log(api, specialist, engagement, "2026-11-16", 2)
    r = api(manager).get(WEEK, {"week": "2026-W47", "user": str(specialist.uuid)})
    assert r.status_code == 200 and r.json()["user"]["email"] == specialist.email and r.json()["total"] == 2
    row = {"engagement": str(engagement.uuid), "phase": "research", "hours": [4] + [None] * 6}
    r = api(manager).request("PUT", WEEK, {"week": "2026-W47", "user": str(specialist.uuid), "rows": [row]})
    assert r.status_code == 200
    assert TimeEntry.objects.get(user=specialist).hours == Decimal(4)
    assert api(specialist).get(WEEK, {"week": "2026-W47", "user": str(manager.uuid)}).status_code == 403
    assert api(viewer).get(WEEK).status_code == 403
    client_user = Membership.objects.get(user=viewer).user
    r = api(manager).get(WEEK, {"user": str(client_user.uuid)})
    assert r.status_code == 400 and r.json()["code"] == "not_found"
