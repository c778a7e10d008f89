"""The roadmap API: the same permissions as the pages (clients read, without budgets), CRUD, dependencies
with loops refused, the shift, the import, another engagement's or workspace's ids, bad input."""
# ruff: noqa: F811 (the fixtures imported from roadmap_fixtures and tests.api are the tests' arguments)

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from cadence.board.models import Initiative, InitiativeDependency
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.board.roadmap_fixtures import D, approved_plan, chain, m, make  # noqa: F401

pytestmark = pytest.mark.django_db
ROLES = ("owner", "manager", "specialist", "approver", "viewer")


@pytest.fixture
def users(owner, manager, specialist, approver, viewer):
    return {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}


def base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}"


def _rolled_back(do):
    with transaction.atomic():
        response = do()
        transaction.set_rollback(True)
    return response


EDITORS = {"owner", "manager"}


@pytest.mark.parametrize(("method", "path", "body", "ok"), [
    ("GET", "/roadmap", None, 200),
    ("GET", "/initiatives/{a}", None, 200),
    ("POST", "/initiatives", {"title": "New", "start": "2026-10-01", "deadline": "2026-10-10"}, 201),
    ("PATCH", "/initiatives/{a}", {"title": "Renamed"}, 200),
    ("DELETE", "/initiatives/{c}", None, 204),
    ("POST", "/initiatives/{c}/dependencies", {"predecessor": "{a}"}, 201),
    ("POST", "/initiatives/{b}/dependencies/remove", {"predecessor": "{a}"}, 200),
    ("POST", "/initiatives/{a}/shift", None, 200),
    ("POST", "/roadmap/import", None, 400),  # no approved plan: let in, then refused
])
def test_permissions_per_role(api, users, engagement, chain, method, path, body, ok):
    a, b, c = chain
    ids = {"{a}": str(a.uuid), "{b}": str(b.uuid), "{c}": str(c.uuid)}
    for key, value in ids.items():
        path = path.replace(key, value)
    if body:
        body = {k: ids.get(v, v) for k, v in body.items()}
    for role in ROLES:
        reading = method == "GET"
        want = ok if reading or role in EDITORS else 403
        response = _rolled_back(lambda r=role: api(users[r]).request(method, base(engagement) + path, body))
        assert response.status_code == want, (role, response.content[:300])


def test_the_roadmap_reads_progress_dependencies_and_hides_budgets_from_clients(api, manager, viewer, engagement,
                                                                                  chain, m):
    from cadence.board import initiative_services as services

    services.update_initiative(actor=manager, membership=m["manager"], initiative=chain[0], budget=Decimal("1200.5"))
    team = api(manager).get(base(engagement) + "/roadmap").json()
    assert [i["title"] for i in team["initiatives"]] == ["Audit", "Brand book", "Campaigns"]
    assert Decimal(str(team["initiatives"][0]["budget"])) == Decimal("1200.5")
    assert team["initiatives"][1]["depends_on"] == [{"id": str(chain[0].uuid), "title": "Audit"}]
    assert team["today"] == "2026-11-23" and team["late"] == 2  # 23 November: Campaigns ends on the 30th
    assert [i["late"] for i in team["initiatives"]] == [True, True, False]
    client_view = api(viewer).get(base(engagement) + "/roadmap").json()
    assert all(i["budget"] is None for i in client_view["initiatives"])


def test_create_update_shift_delete(api, manager, engagement, chain):
    a, b, c = chain
    client = api(manager)
    r = client.post(base(engagement) + "/initiatives", {"title": "Photos", "start": "2026-10-01",
                                                       "deadline": "2026-10-10", "budget": 300.25,
                                                       "owner": str(manager.uuid), "status": "active"})
    assert r.status_code == 201, r.content
    created = r.json()
    assert (created["owner"], created["status"], created["progress"]) == (manager.display_name, "active", 0)
    r = client.patch(base(engagement) + f"/initiatives/{a.uuid}", {"deadline": "2026-10-05"})
    assert r.status_code == 200
    assert [(x["title"], x["new_start"]) for x in r.json()["conflicts"]] == [("Brand book", "2026-10-06"),
                                                                           ("Campaigns", "2026-10-26")]
    r = client.post(base(engagement) + f"/initiatives/{a.uuid}/shift")
    assert [x["title"] for x in r.json()] == ["Brand book", "Campaigns"]
    assert client.patch(base(engagement) + f"/initiatives/{a.uuid}", {"deadline": "2026-10-05"}).json()[
        "conflicts"] == []
    assert client.delete(base(engagement) + f"/initiatives/{created['id']}").status_code == 204
    assert not Initiative.objects.filter(uuid=created["id"]).exists()


def test_a_loop_is_refused_with_its_names(api, manager, engagement, chain):
    a, b, c = chain
    r = api(manager).post(base(engagement) + f"/initiatives/{a.uuid}/dependencies", {"predecessor": str(c.uuid)})
    assert r.status_code == 400
    assert r.json()["code"] == "dependency_cycle" and "Campaigns → Audit → Brand book → Campaigns" in r.json()["detail"]
    assert InitiativeDependency.objects.count() == 2


@pytest.mark.parametrize("body", [
    {"title": "Bad\u0000", "start": "2026-10-01", "deadline": "2026-10-10"},
    {"title": "X", "start": "2026-10-01", "deadline": "2026-09-10"},
    {"title": "X", "start": "1999-10-01", "deadline": "2026-09-10"},
    {"title": "X", "start": "2026-02-30", "deadline": "2026-09-10"},
    {"title": "X", "start": "2026-10-01", "deadline": "2026-10-10", "budget": "1e30"},
    {"title": "X", "start": "2026-10-01", "deadline": "2026-10-10", "budget": -1},
    {"title": "X", "start": "2026-10-01", "deadline": "2026-10-10", "status": "finished"},
    {"title": "X", "start": "2026-10-01", "deadline": "2026-10-10", "owner": "00000000-0000-0000-0000-000000000000"},
    {"title": "X", "start": "2026-10-01", "deadline": "2026-10-10", "objective": "00000000-0000-0000-0000-000000000000"},
    {"title": "x" * 201, "start": "2026-10-01", "deadline": "2026-10-10"},
    [1, 2],
])
def test_bad_input_is_refused_and_changes_nothing(api, manager, engagement, body):
    r = api(manager).post(base(engagement) + "/initiatives", body)
    assert r.status_code in (400, 422), r.content
    assert not Initiative.objects.exists()


def test_another_engagements_or_workspaces_ids_are_404(api, manager, outsider, other_workspace, engagement, chain):
    from cadence.board import initiative_services as services
    from cadence.core import services as core
    from cadence.core.models import Membership
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    their_client = core.create_client(actor=outsider, workspace=other_workspace, name="Theirs", country="RO",
                                      language="ro")
    theirs = eng.create_engagement(
        actor=outsider, workspace=other_workspace, client=their_client,
        template=ProcessTemplate.objects.get(workspace=other_workspace, key="retainer"), name="Theirs",
        start_date=D(2026, 9, 7), monthly_hours=Decimal(10), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    secret = services.create_initiative(actor=outsider, membership=Membership.objects.get(user=outsider),
                                        engagement=theirs, title="Secret", start=D(2026, 9, 7),
                                        deadline=D(2026, 9, 8))
    ours = api(manager)
    assert ours.get(base(engagement) + f"/initiatives/{secret.uuid}").status_code == 404
    assert ours.patch(base(engagement) + f"/initiatives/{secret.uuid}", {"title": "Mine"}).status_code == 404
    r = ours.post(base(engagement) + f"/initiatives/{chain[0].uuid}/dependencies", {"predecessor": str(secret.uuid)})
    assert r.status_code == 400 and r.json()["field"] == "predecessor"
    assert api(outsider).get(base(engagement) + "/roadmap").status_code == 404
    secret.refresh_from_db()
    assert secret.title == "Secret"


def test_import_reads_the_approved_plan(api, manager, engagement, approved_plan):
    r = api(manager).post(base(engagement) + "/roadmap/import")
    assert r.status_code == 200 and r.json() == {"created": 2}
    assert api(manager).post(base(engagement) + "/roadmap/import").json() == {"created": 0}
    titles = [i["title"] for i in api(manager).get(base(engagement) + "/roadmap").json()["initiatives"]]
    assert set(titles) == {"Shop photos", "Loyalty programme"}
