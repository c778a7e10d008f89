"""The dashboard in the JSON API: the same figures as the page, the same access, worded 400s."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


def path(engagement, query=""):
    return f"/api/v1/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/dashboard{query}"


def test_it_returns_the_dashboard_s_figures(client, login, engagement, sample, viewer, today):
    login(client, viewer)
    response = client.get(path(engagement, "?period=month"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period"] == {"kind": "month", "first": "2026-11-01", "last": "2026-11-20"}
    assert data["previous"]["first"] == "2026-10-01" and data["previous"]["last"] == "2026-10-20"
    organic = next(c for c in data["channels"] if c["channel"] == "Organic Search")
    assert Decimal(organic["sessions"]["current"]) == 2000 and Decimal(organic["sessions"]["change"]) == 25
    assert Decimal(data["spend"]["imported"]["current"]) == Decimal("300")
    assert [p["item"] for p in data["top_posts"]] == ["p2", "p1", "f1"]
    assert data["hours"]["month"] == 3
    assert data["schedule"]["phase"]


def test_a_custom_period_and_a_bad_one(client, login, engagement, sample, owner, today):
    login(client, owner)
    ok = client.get(path(engagement, "?period=custom&from=2026-11-05&to=2026-11-06"))
    assert ok.status_code == 200
    spend = {p["platform"]: Decimal(p["spend"]["current"]) for p in ok.json()["spend"]["by_platform"]}
    assert spend == {"meta_ads": Decimal("21"), "linkedin_ads": Decimal("20")}
    bad = client.get(path(engagement, "?period=custom&from=2026-02-30&to=2026-11-06"))
    assert bad.status_code == 400
    assert "2026-02-30" in bad.json()["detail"] and bad.json()["field"] == "from"
    missing = client.get(path(engagement, "?period=custom&from=&to="))
    assert missing.status_code == 400 and missing.json()["code"] == "missing_date"
    assert client.get(path(engagement, "?period=decade")).status_code == 422


def test_outsiders_get_404(client, login, engagement, outsider):
    login(client, outsider)
    assert client.get(path(engagement)).status_code == 404
