"""Contract terms and closed months through the API: the same rules and permissions as the pages."""

from __future__ import annotations

from cadence.core.models import AuditEntry
from tests.api import api_fixture, fast_fixture  # noqa: F401

URL = "/workspaces/agency-one/engagements"


def test_it_lists_and_changes_the_terms(api, manager, specialist, approver, engagement):
    base = f"{URL}/{engagement.uuid}/terms"
    assert [t["from_month"] for t in api(approver).get(base).json()] == [1]
    body = {"from_month": 5, "monthly_hours": 60, "rollover_mode": "none", "reason": "Upsell"}
    assert api(specialist).post(base, body).status_code == 403
    r = api(manager).post(base, body)
    assert r.status_code == 201 and r.json()["from_month"] == 5 and r.json()["monthly_hours"] == 60
    past = api(manager).post(base, {**body, "from_month": 1})
    assert past.status_code == 400 and past.json()["code"] == "terms_past_month"
    hours = api(manager).get(f"{URL}/{engagement.uuid}/hours").json()
    assert [m["contracted"] for m in hours[:6]] == [40, 40, 40, 40, 60, 60]
    assert AuditEntry.objects.filter(action="engagement.terms_changed").count() == 1


def test_it_closes_and_reopens_a_month(api, manager, specialist, engagement):
    close = f"{URL}/{engagement.uuid}/months/3/close"
    assert api(specialist).post(close, {}).status_code == 403
    assert api(manager).post(close, {}).json() == {"month": 3, "closed": True}
    entry = {"date": "2026-11-20", "hours": 2, "phase": "research"}
    refused = api(specialist).post(f"{URL}/{engagement.uuid}/time-entries", entry)
    assert refused.status_code == 400 and refused.json()["code"] == "month_closed"
    needs_reason = api(manager).post(f"{URL}/{engagement.uuid}/time-entries", entry)
    assert needs_reason.status_code == 400 and needs_reason.json()["code"] == "reason_required"
    assert api(manager).post(f"{URL}/{engagement.uuid}/time-entries", {**entry, "reason": "Late report"}).status_code == 201
    reopen = f"{URL}/{engagement.uuid}/months/3/reopen"
    assert api(manager).post(reopen, {"reason": ""}).status_code == 400
    assert api(manager).post(reopen, {"reason": "More work agreed"}).json() == {"month": 3, "closed": False}
    assert api(specialist).post(f"{URL}/{engagement.uuid}/time-entries", entry).status_code == 201


def test_the_schedule_warns_when_phases_do_not_fit_into_the_contract(api, manager, engagement):
    api(manager).patch(f"{URL}/{engagement.uuid}", {"contract_months": 3})
    body = api(manager).get(f"{URL}/{engagement.uuid}/schedule").json()
    assert body["contract_months"] == 3 and body["contract_end"] == "2026-12-06"
    codes = {w["phase"]: w["code"] for w in body["warnings"]}
    assert codes.get("expansion") == "starts_after"
    assert all("after the contract ends" in w["message"] for w in body["warnings"])
