"""The budget API: the same permissions as the pages, the whole budget, settings, lines CRUD and order, the
bulk put of amounts (all or nothing, the refused cell named), the rollover, the Excel file, bad input."""
# ruff: noqa: F811 (the fixtures imported from tests.api are the tests' arguments)

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from cadence.budget.models import BudgetActual, BudgetLine, BudgetPlan
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.budget.fixtures import NOV

pytestmark = pytest.mark.django_db
ROLES = ("owner", "manager", "specialist", "approver", "viewer")
EDITORS = {"owner", "manager"}
D = Decimal


@pytest.fixture
def users(owner, manager, specialist, approver, viewer):
    return {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}


def base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/budget"


def _rolled_back(do):
    with transaction.atomic():
        response = do()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("method", "path", "body", "ok"), [
    ("GET", "", None, 200),
    ("GET", "/rollover", None, 200),
    ("GET", "/export.xlsx", None, 200),
    ("GET", "/lines/{meta}", None, 200),
    ("PUT", "/settings", {"first_month": "2026-09-01", "months": 5, "overspend_reduces_next": False}, 200),
    ("POST", "/lines", {"category": "services", "name": "Fotograf"}, 201),
    ("PATCH", "/lines/{meta}", {"name": "Meta"}, 200),
    ("DELETE", "/lines/{meta}", None, 204),
    ("PUT", "/amounts", {"cells": [{"line": "{meta}", "period": "2026-11-01", "actual": "10"}]}, 200),
])
def test_permissions_per_role(api, users, engagement, budget, method, path, body, ok):
    meta = str(budget["meta"].uuid)
    path = path.replace("{meta}", meta)
    if body and "cells" in body:
        body = {"cells": [{**c, "line": meta} for c in body["cells"]]}
    for role in ROLES:
        want = ok if method == "GET" or role in EDITORS else 403
        response = _rolled_back(lambda r=role: api(users[r]).request(method, base(engagement) + path, body))
        assert response.status_code == want, (role, response.content[:300])


def test_outsiders_get_404(api, outsider, engagement, budget):
    assert api(outsider).get(base(engagement)).status_code == 404
    assert api(None).get(base(engagement)).status_code == 401


def test_the_whole_budget(api, manager, engagement, budget):
    body = api(manager).get(base(engagement)).json()
    assert body["settings"] == {"first_month": "2026-09-01", "months": 4, "overspend_reduces_next": True,
                                "currency": "EUR"}
    assert [line["name"] for line in body["lines"]] == ["Reclame Meta", "Google Ads", "Canva Pro"]
    meta = body["lines"][0]
    assert D(meta["cells"][1]["actual"]) == D("620.50") and meta["cells"][2]["actual"] is None
    assert [D(r["available"]) for r in body["rollover"]] == [D(800), D(900), D(700), D(800)]
    assert "unspent" in body["rollover"][1]["explanation"]
    assert D(body["total"]["planned"]) == D(3248)
    advertising = next(c for c in body["by_category"] if c["category"] == "advertising")
    assert D(advertising["actual"]) == D(1700)


def test_bulk_put_is_all_or_nothing(api, manager, engagement, budget):
    meta, google = str(budget["meta"].uuid), str(budget["google"].uuid)
    r = api(manager).request("PUT", base(engagement) + "/amounts", {"cells": [
        {"line": meta, "period": "2026-11-01", "planned": "640", "actual": "600.10", "note": "noiembrie"},
        {"line": google, "period": "2027-02-01", "actual": "5"}]})
    assert r.status_code == 400
    error = r.json()
    assert error["code"] == "outside_budget" and error["cell"]["line"] == google and "Google Ads" in error["detail"]
    assert BudgetPlan.objects.get(line=budget["meta"], month=NOV).amount == D(500)
    r = api(manager).request("PUT", base(engagement) + "/amounts", {"cells": [
        {"line": meta, "period": "2026-11-15", "planned": "640", "actual": "600.10", "note": "noiembrie"},
        {"line": google, "period": "2026-11-01", "planned": None}]})
    assert r.status_code == 200 and r.json() == {"changed": 3}
    assert BudgetPlan.objects.get(line=budget["meta"], month=NOV).amount == D(640)
    assert not BudgetPlan.objects.filter(line=budget["google"], month=NOV).exists()
    assert BudgetActual.objects.get(line=budget["meta"], month=NOV).note == "noiembrie"


@pytest.mark.parametrize("cell", [
    {"period": "2026-11-01", "planned": -1},
    {"period": "2026-11-01", "planned": 12.5},  # money is a decimal string, never a binary float
    {"period": "2026-11-01", "planned": "-1"},
    {"period": "2026-11-01", "actual": ""},
    {"period": "2026-11-01", "planned": "1e12"},
    {"period": "2026-11-01", "planned": "1.234"},
    {"period": "2026-11-01", "planned": "abc"},
    {"period": "2026-13-01", "planned": "1"},
    {"period": "2026-11-01", "note": "bad\u0000note"},
])
def test_bad_cells_are_refused_with_422(api, manager, engagement, budget, cell):
    r = api(manager).request("PUT", base(engagement) + "/amounts", {"cells": [{"line": str(budget["meta"].uuid),
                                                                              **cell}]})
    assert r.status_code == 422, r.content


def test_foreign_ids(api, manager, outsider, engagement, budget, other_workspace):
    from cadence.budget import services
    from cadence.core import services as core
    from cadence.core.models import Membership
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    papaya = core.create_client(actor=outsider, workspace=other_workspace, name="Papaya", country="RO", language="ro")
    foreign = eng.create_engagement(actor=outsider, workspace=other_workspace, client=papaya,
                                    template=ProcessTemplate.objects.get(workspace=other_workspace, key="retainer"),
                                    name="Foreign", start_date=dt.date(2026, 9, 7), monthly_hours=D(10), country="RO",
                                    time_zone="Europe/Bucharest", currency="EUR", language="ro")
    line = services.create_line(actor=outsider, membership=Membership.objects.get(user=outsider), engagement=foreign,
                                category="services", name="Foreign line")
    assert api(manager).get(base(engagement) + f"/lines/{line.uuid}").status_code == 404
    assert api(manager).request("DELETE", base(engagement) + f"/lines/{line.uuid}").status_code == 404
    r = api(manager).request("PUT", base(engagement) + "/amounts", {"cells": [
        {"line": str(line.uuid), "period": "2026-11-01", "planned": "1"}]})
    assert r.status_code == 400 and r.json()["code"] == "not_found"
    r = api(manager).post(base(engagement) + "/lines", {"category": "services", "name": "X",
                                                        "initiative": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 400 and r.json()["field"] == "initiative"
    assert BudgetLine.objects.filter(engagement=engagement).count() == 3


def test_lines_order(api, manager, engagement, budget):
    order = [str(budget[k].uuid) for k in ("canva", "google", "meta")]
    r = api(manager).request("PUT", base(engagement) + "/lines/order", {"order": order})
    assert r.status_code == 200 and [line["id"] for line in r.json()] == order
    for wrong in (order[:2], [], [*order, order[0]]):
        r = api(manager).request("PUT", base(engagement) + "/lines/order", {"order": wrong})
        assert r.status_code == 400 and r.json()["code"] == "invalid_order"


def test_patch_keeps_what_is_left_out(api, manager, engagement, budget):
    r = api(manager).patch(base(engagement) + f"/lines/{budget['meta'].uuid}", {"channel": "tiktok"})
    assert r.status_code == 200 and r.json()["name"] == "Reclame Meta" and r.json()["channel"] == "tiktok"
