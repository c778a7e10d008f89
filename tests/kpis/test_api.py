"""The KPIs API: the same permissions as the pages, KPIs with values, status and reason, entries, reviews and
decisions, alerts, evaluation, bad input."""
# ruff: noqa: F811 (the fixtures imported from tests.api are the tests' arguments)

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from cadence.kpis import services
from cadence.kpis.models import ControlPoint, Kpi, KpiAlert, KpiEntry
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.kpis.fixtures import TODAY

pytestmark = pytest.mark.django_db
ROLES = ("owner", "manager", "specialist", "approver", "viewer")
D = Decimal


@pytest.fixture
def users(owner, manager, specialist, approver, viewer):
    return {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}


@pytest.fixture
def manual(engagement, manager, m):
    return services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="Leads",
                               metric_key="manual", unit="leads", acceptable=D(40), due=dt.date(2027, 6, 30))


def base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/kpis"


def _rolled_back(do):
    with transaction.atomic():
        response = do()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("method", "path", "body", "ok", "who"), [
    ("GET", "", None, 200, "all"),
    ("GET", "/{kpi}", None, 200, "all"),
    ("GET", "/{kpi}/entries", None, 200, "all"),
    ("GET", "/{kpi}/reviews", None, 200, "all"),
    ("POST", "", {"name": "CPC", "metric": "ads.cpc", "acceptable": "0.8"}, 201, "editors"),
    ("PATCH", "/{kpi}", {"name": "Leads (CRM)"}, 200, "editors"),
    ("DELETE", "/{kpi}", None, 204, "editors"),
    ("POST", "/{kpi}/entries", {"day": "2027-03-31", "value": "12"}, 201, "team"),
    ("POST", "/{kpi}/reviews", {"review_on": "2027-04-15"}, 201, "editors"),
    ("POST", "/evaluate", None, 200, "editors"),
    ("POST", "/import-plan", None, 200, "editors"),
])
def test_permissions_per_role(api, users, engagement, manual, method, path, body, ok, who):
    path = path.replace("{kpi}", str(manual.uuid))
    allowed = {"all": set(ROLES), "editors": {"owner", "manager"}, "team": {"owner", "manager", "specialist"}}[who]
    for role in ROLES:
        want = ok if role in allowed else 403
        response = _rolled_back(lambda r=role: api(users[r]).request(method, base(engagement) + path, body))
        assert response.status_code == want, (role, response.content[:300])


def test_outsiders_get_404(api, outsider, engagement, manual):
    assert api(outsider).get(base(engagement)).status_code == 404
    assert api(outsider).get(f"{base(engagement)}/{manual.uuid}").status_code == 404
    assert api(None).get(base(engagement)).status_code == 401


def test_a_kpi_with_values_projection_status_and_reason(api, manager, engagement, facts, kpi_ctr, clock):
    clock.set(TODAY)
    services.evaluate_engagement(engagement, today=TODAY)
    body = api(manager, HTTP_ACCEPT_LANGUAGE="en").get(f"{base(engagement)}/{kpi_ctr.uuid}").json()
    assert body["metric"] == "ads.ctr" and body["unit"] == "%" and body["status"] == "on_track"
    assert [D(v["value"]) for v in body["values"] if v["month"] == "2027-03-01"] == [D(2)]
    assert D(body["projection"]["value"]) == D("2.6") and body["projection"]["on"] == "2027-06-30"
    assert body["reason"].startswith("At this pace")


def test_create_entries_reviews_decisions_and_alerts(api, manager, specialist, engagement, manual):
    r = api(specialist).post(f"{base(engagement)}/{manual.uuid}/entries", {"day": "2027-03-31", "value": "12,5"})
    assert r.status_code == 201 and KpiEntry.objects.get().value == D("12.5")
    r = api(manager).post(f"{base(engagement)}/{manual.uuid}/reviews", {"review_on": "2027-04-15"})
    review = r.json()["id"]
    r = api(manager).post(f"{base(engagement)}/{manual.uuid}/reviews/{review}/decision",
                          {"decision": "Call the sales team", "task_title": "Call sales"})
    assert r.status_code == 200 and r.json()["task"] is not None
    assert ControlPoint.objects.get().task.title == "Call sales"
    KpiAlert.objects.create(workspace=engagement.workspace, kpi=manual, user=manager, old_status="on_track",
                            new_status="at_risk", status_code="no_due")
    alerts = api(manager).get(f"/workspaces/{engagement.workspace.slug}/kpi-alerts?unread=true").json()
    assert [a["kpi_name"] for a in alerts] == ["Leads"]
    assert api(manager).post(f"/workspaces/{engagement.workspace.slug}/kpi-alerts/read").json() == {"alerts": 1}
    assert api(specialist).get(f"/workspaces/{engagement.workspace.slug}/kpi-alerts").json() == []


@pytest.mark.parametrize("body", [
    {"name": "X", "metric": "ads.nope"},
    {"name": "X", "metric": "ads.ctr", "acceptable": "1e9"},
    {"name": "X", "metric": "ads.ctr", "acceptable": "2", "optimal": "1"},
    {"name": "X\u0000", "metric": "ads.ctr"},
    {"name": "X", "metric": "ads.ctr", "due": "2027-02-30"},
    {"name": "X", "metric": "ads.ctr", "acceptable": "9" * 30},
    {"name": "X", "metric": "ads.ctr", "platform": "ga4"},
])
def test_bad_input_is_a_worded_4xx(api, manager, engagement, body):
    r = api(manager).post(base(engagement), body)
    assert r.status_code in (400, 422), r.content
    assert r.json().get("detail")
    assert not Kpi.objects.exists()


def test_the_engagement_api_sets_the_manager(api, owner, specialist, engagement):
    path = f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}"
    r = api(owner).patch(path, {"manager": str(specialist.uuid)})
    assert r.status_code == 200 and r.json()["manager"] == str(specialist.uuid)
    r = api(owner).patch(path, {"manager": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code in (400, 422)
    r = api(owner).patch(path, {"manager": None})
    assert r.status_code == 200 and r.json()["manager"] is None
