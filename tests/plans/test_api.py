"""The plans API: permissions per role, another workspace's ids, conflicts, and what client users read."""
# ruff: noqa: F811 (the fixtures imported from plan_fixtures and tests.api are the tests' arguments)

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from cadence.plans import services
from cadence.plans.models import Competitor
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.plans.plan_fixtures import m, membership_of, plan  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ("owner", "manager", "specialist", "approver", "viewer")


@pytest.fixture
def users(owner, manager, specialist, approver, viewer):
    return {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}


def _base(engagement) -> str:
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/plan"


def _rolled_back(do):
    with transaction.atomic():
        response = do()
        transaction.set_rollback(True)
    return response


@pytest.fixture
def filled(plan, m, manager):
    """The plan with a competitor, an objective and an answer, still in draft."""
    competitor = services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="competitor",
                                        data={"name": "Pâine Bună", "location": "Chișinău"})
    objective = services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="objective",
                                       data={"title": "Mai multe comenzi", "department": "sales", "best": "150.5"})
    return {"competitor": competitor, "objective": objective}


@pytest.mark.parametrize(("method", "path", "body", "expect"), [
    ("GET", "", None, dict.fromkeys(ROLES, 200)),
    ("GET", "/answers", None, dict.fromkeys(ROLES, 200)),
    ("GET", "/brief", None, dict.fromkeys(ROLES, 200)),
    ("PUT", "/brief", {"answers": {}}, {"owner": 200, "manager": 200, "specialist": 200, "approver": 200,
                                         "viewer": 403}),
    ("GET", "/records/competitor", None, dict.fromkeys(ROLES, 200)),
    ("POST", "/records/competitor", {"values": {"name": "Gamma"}},
     {"owner": 201, "manager": 201, "specialist": 201, "approver": 403, "viewer": 403}),
    ("POST", "/submit", None, {"owner": 200, "manager": 200, "specialist": 403, "approver": 403, "viewer": 403}),
    ("POST", "/start-draft", None, {"owner": 400, "manager": 400, "specialist": 400, "approver": 403,
                                    "viewer": 403}),
    ("POST", "/save-as-template", {"name": "Bakery"},
     {"owner": 201, "manager": 201, "specialist": 403, "approver": 403, "viewer": 403}),
])
def test_permissions_per_role_on_a_draft(api, users, engagement, filled, method, path, body, expect):
    for role, status in expect.items():
        client = api(users[role])
        response = _rolled_back(lambda c=client: c.request(method, _base(engagement) + path, body))
        assert response.status_code == status, (role, response.content[:300])


def test_review_routes_are_the_approvers_only(api, users, engagement, plan, m, manager, filled):
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    expect = {"owner": 403, "manager": 403, "specialist": 403, "approver": 200, "viewer": 403}
    for role, status in expect.items():
        response = _rolled_back(lambda r=role: api(users[r]).post(_base(engagement) + "/versions/1/approve", {}))
        assert response.status_code == status, role
        response = _rolled_back(lambda r=role: api(users[r]).post(
            _base(engagement) + "/versions/1/request-changes", {"section": "strategy", "comment": "Mai clar"}))
        assert response.status_code == (201 if status == 200 else status), role


def test_another_workspaces_ids_are_404(api, outsider, other_workspace, owner, engagement, plan, filled, m):
    from cadence.core import services as core
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    theirs_client = core.create_client(actor=outsider, workspace=other_workspace, name="Theirs", country="RO",
                                       language="ro")
    theirs = eng.create_engagement(
        actor=outsider, workspace=other_workspace, client=theirs_client,
        template=ProcessTemplate.objects.get(workspace=other_workspace, key="retainer"), name="Theirs",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(10), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    their_plan = services.ensure_plan(actor=outsider, engagement=theirs)
    their_record = services.create_record(actor=outsider, membership=membership_of(outsider, other_workspace),
                                          plan=their_plan, kind="competitor", data={"name": "Secret rival"})
    ours = api(owner)
    ws = engagement.workspace.slug
    # their engagement under our workspace, and their record under our engagement
    for path in (f"/workspaces/{ws}/engagements/{theirs.uuid}/plan",
                 f"/workspaces/{ws}/engagements/{theirs.uuid}/plan/records/competitor",
                 _base(engagement) + f"/records/competitor/{their_record.uuid}"):
        response = ours.get(path)
        assert response.status_code == 404, path
        assert b"Secret rival" not in response.content
    response = ours.request("PUT", _base(engagement) + f"/records/competitor/{their_record.uuid}",
                            {"values": {"name": "Stolen"}, "revision": 1})
    assert response.status_code == 404
    assert ours.delete(_base(engagement) + f"/records/competitor/{their_record.uuid}?revision=1").status_code == 404
    # a record of their plan as the parent of ours
    response = ours.post(_base(engagement) + "/records/competitor_channel",
                         {"values": {"competitor": str(their_record.uuid), "channel": "Instagram"}})
    assert response.status_code == 400 and response.json()["code"] == "unknown_record"
    assert response.json()["field"] == "values.competitor"
    their_record.refresh_from_db()
    assert their_record.name == "Secret rival"
    # the outsider does not reach our workspace at all
    assert api(outsider).get(_base(engagement)).status_code == 404
    # a kind that does not exist
    assert ours.get(_base(engagement) + "/records/spaceship").status_code == 404


def test_records_round_trip_and_conflicts_show_both_versions(api, specialist, manager, engagement, filled):
    competitor = filled["competitor"]
    url = _base(engagement) + f"/records/competitor/{competitor.uuid}"
    got = api(specialist).get(url).json()
    assert got["values"]["name"] == "Pâine Bună" and got["revision"] == 1
    first = api(manager).request("PUT", url, {"values": {"summary": "Lanț de brutării"}, "revision": 1})
    assert first.status_code == 200 and first.json()["revision"] == 2
    second = api(specialist).request("PUT", url, {"values": {"summary": "Brutărie mică"}, "revision": 1})
    assert second.status_code == 400
    body = second.json()
    assert body["code"] == "edit_conflict"
    assert body["current"]["summary"] == "Lanț de brutării" and body["current"]["revision"] == 2
    assert body["submitted"] == {"summary": "Brutărie mică"}
    competitor.refresh_from_db()
    assert competitor.summary == "Lanț de brutării"
    objective = api(specialist).get(_base(engagement) + "/records/objective").json()[0]
    assert objective["values"]["best"] == "150.5" and objective["values"]["department"] == "sales"
    bad = api(specialist).post(_base(engagement) + "/records/channel",
                               {"values": {"name": "Instagram", "budget_share": "140"}})
    assert bad.status_code == 400 and bad.json()["field"] == "values.budget_share"
    assert bad.json()["code"] == "out_of_range" and bad.json()["detail"]
    no_revision = api(specialist).delete(url)
    assert no_revision.status_code == 400 and no_revision.json()["code"] == "revision_required"
    assert api(specialist).delete(url + "?revision=2").status_code == 204
    assert not Competitor.objects.filter(pk=competitor.pk).exists()


def test_client_users_never_read_the_draft(api, approver, viewer, manager, engagement, plan, m, filled):
    url = _base(engagement)
    for user in (approver, viewer):
        client = api(user)
        assert client.get(url + "/records/competitor").json() == []
        body = client.get(url).json()
        assert body["versions"] == [] and body["open_version"] is None
        assert client.get(url + "/versions/1").status_code == 404
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    services.approve(actor=approver, membership=m["approver"], plan=plan, number=1)
    services.start_draft(actor=manager, membership=m["manager"], plan=plan)
    services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="competitor",
                           data={"name": "Only in the draft"})
    for user in (approver, viewer):
        client = api(user)
        names = [r["values"]["name"] for r in client.get(url + "/records/competitor").json()]
        assert names == ["Pâine Bună"]
        body = client.get(url).json()
        assert [v["number"] for v in body["versions"]] == [1] and body["client_version"] == 1
        assert client.get(url + "/versions/2").status_code == 404
        assert b"Only in the draft" not in client.get(url + "/versions/1").content
    team = api(manager).get(url).json()
    assert [v["number"] for v in team["versions"]] == [1, 2] and team["open_version"] == 2


def test_the_whole_round_through_the_api(api, manager, approver, specialist, engagement, plan, filled):
    url = _base(engagement)
    assert api(manager).post(url + "/submit").status_code == 200
    changes = api(approver).post(url + "/versions/1/request-changes",
                                 {"section": "objectives", "comment": "Ținte mai mari"})
    assert changes.status_code == 201
    objective = filled["objective"]
    response = api(specialist).request("PUT", url + f"/records/objective/{objective.uuid}",
                                       {"values": {"best": "200"}, "revision": 1})
    assert response.status_code == 200
    assert api(manager).post(url + "/submit").status_code == 200
    approved = api(approver).post(url + "/versions/1/approve", {"note": "De acord"})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    gate = engagement.gates.get(key="plan_approved")
    assert gate.passed_on is not None
    assert api(manager).post(url + "/start-draft").status_code == 201
    api(specialist).request("PUT", url + f"/records/objective/{objective.uuid}",
                            {"values": {"title": "Comenzi online"}, "revision": 2})
    diff = api(manager).get(url + "/versions/1/diff/2").json()
    (section,) = diff["sections"]
    assert section["section"] == "objectives"
    assert section["records"][0]["fields"] == [
        {"field": "title", "change": "changed", "old": "Mai multe comenzi", "new": "Comenzi online"}]


def test_answers_and_brief_through_the_api(api, specialist, approver, engagement, plan):
    from cadence.plans import queries

    keys = [k for section in queries.section_question_keys().values() for k in section]
    key = keys[0] if keys else "situation.audience"
    url = _base(engagement)
    saved = api(specialist).request("PUT", url + "/answers", {"question": key, "text": "Familii din Chișinău"})
    assert saved.status_code == 200 and saved.json()["revision"] == 1
    stale = api(specialist).request("PUT", url + "/answers", {"question": key, "text": "Other", "revision": None})
    assert stale.status_code == 400 and stale.json()["current"]["text"] == "Familii din Chișinău"
    brief_keys = queries.brief_question_keys()
    brief_key = brief_keys[0] if brief_keys else "brief.products"
    response = api(approver).request("PUT", url + "/brief", {"answers": {brief_key: "Cozonaci"}})
    assert response.status_code == 200 and response.json() == [{"key": brief_key, "text": "Cozonaci",
                                                                 "revision": 1}]
    control = api(approver).request("PUT", url + "/brief", {"answers": {brief_key: "\x00"}, "revisions": {}})
    assert control.status_code == 422


def test_the_kinds_describe_their_fields(api, viewer, engagement):
    kinds = {k["kind"]: k for k in api(viewer).get(f"/workspaces/{engagement.workspace.slug}/plan-kinds").json()}
    assert len(kinds) == 17
    swot = {f["name"]: f for f in kinds["swot_item"]["fields"]}
    assert swot["quadrant"]["choices"] == ["strengths", "weaknesses", "opportunities", "threats"]
    assert swot["competitor"]["record_kind"] == "competitor" and not swot["competitor"]["required"]
    assert kinds["company_profile"]["singleton"] and kinds["plan_action"]["parent"] == "task"


def test_a_plan_is_started_once(api, manager, engagement):
    url = _base(engagement)
    assert api(manager).get(url).status_code == 404
    assert api(manager).post(url).status_code == 201
    assert api(manager).post(url).status_code == 200
    assert api(manager).get(url).json()["open_version"] == 1


def test_the_schema_lists_the_question_keys_once_they_exist():
    from ninja import Schema
    from pydantic import ValidationError

    from cadence.plans.api.schemas import _keys_type

    class Body(Schema):
        question: _keys_type(["situation.audience", "brief.products"], "A key")
        answers: dict[_keys_type(["brief.products"], "A key"), str] = {}

    assert Body(question="situation.audience", answers={"brief.products": "Pâine"}).question == "situation.audience"
    with pytest.raises(ValidationError):
        Body(question="situation.nowhere")
    with pytest.raises(ValidationError):
        Body(question="situation.audience", answers={"brief.nowhere": "x"})
    schema = Body.model_json_schema()
    assert schema["properties"]["question"]["enum"] == ["situation.audience", "brief.products"]


def test_a_client_viewer_reads_only_the_submitted_brief(api, manager, approver, viewer, engagement, plan):
    url = _base(engagement) + "/brief"
    mm = membership_of(manager, engagement.workspace)
    services.save_brief(actor=manager, membership=mm, plan=plan, answers={"brief.products": "Cozonaci"},
                        revisions={})
    assert api(viewer).get(url).json() == []  # nothing submitted yet: the viewer reads no brief
    assert api(approver).get(url).json()[0]["text"] == "Cozonaci"  # the approver fills it: the live brief
    services.submit(actor=manager, membership=mm, plan=plan)
    services.save_brief(actor=manager, membership=mm, plan=plan, answers={"brief.products": "Cozonaci și torturi"},
                        revisions={"brief.products": 1})
    assert api(viewer).get(url).json() == [{"key": "brief.products", "text": "Cozonaci", "revision": None}]
