"""The overview in the JSON API: the same rows as the page (filters and sort), the capacity, and the weekly
capacity's change (audited; a bad value a 422, never a 500)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cadence.core.models import AuditEntry, Membership

pytestmark = pytest.mark.django_db


def test_the_rows_with_filters_and_sort(client, login, make_engagements, today, manager, workspace):
    made = make_engagements(3)
    login(client, manager)
    response = client.get(f"/api/v1/workspaces/{workspace.slug}/overview?sort=engagement&dir=desc&flag=kpis")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["total"] == 3 and [r["name"] for r in data["rows"]] == [e.name for e in reversed(made)]
    row = data["rows"][-1]
    assert Decimal(row["hours"]["logged"]) == 10 and row["hours"]["level"] == "ok"
    assert row["kpis_off_track"] == 1 and row["overdue_tasks"] == 1 and row["plan_waiting"] is True
    assert Decimal(row["budget"]["variance"]) == Decimal(-120)
    assert row["next_meeting"]["title"] == "Monthly review" and row["last_report"]["month"] == "2026-10-01"
    assert "kpis" in row["flags"]
    assert client.get(f"/api/v1/workspaces/{workspace.slug}/overview?sort=nope").status_code == 422
    assert client.get(f"/api/v1/workspaces/{workspace.slug}/overview?flag=nope").status_code == 422


def test_the_capacity_and_its_change(client, login, make_engagements, today, owner, specialist, workspace):
    make_engagements(1)
    target = Membership.objects.get(workspace=workspace, user=specialist)
    login(client, owner)
    data = client.get(f"/api/v1/workspaces/{workspace.slug}/capacity").json()
    person = next(p for p in data["people"] if p["member"] == str(target.uuid))
    assert person["weekly_capacity"] == 40 and Decimal(person["overdue"]) == 5 and len(person["weeks"]) == 6
    path = f"/api/v1/workspaces/{workspace.slug}/members/{target.uuid}/capacity"
    response = client.patch(path, {"weekly_capacity": 25}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"member": str(target.uuid), "weekly_capacity": 25}
    assert AuditEntry.objects.filter(action="member.capacity_changed").count() == 1
    assert client.patch(path, {"weekly_capacity": 200}, content_type="application/json").status_code == 422
    assert client.patch(path, {"weekly_capacity": "x"}, content_type="application/json").status_code == 422


def test_specialists_and_clients_are_refused(client, login, workspace, specialist, approver):
    for user in (specialist, approver):
        login(client, user)
        assert client.get(f"/api/v1/workspaces/{workspace.slug}/overview").status_code == 403
        assert client.get(f"/api/v1/workspaces/{workspace.slug}/capacity").status_code == 403
