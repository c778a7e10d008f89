"""Every API error in one JSON format, and every parameter bounded (issue 6)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cadence.core.models import AuditEntry
from cadence.core.models import Client as ClientModel
from cadence.engagements.models import HoursOverride, TimeEntry
from tests.api import Api, api_fixture, fast_fixture, token_for  # noqa: F401

E = "/workspaces/agency-one/engagements/{}"


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= {"detail", "code", "field"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    if code:
        assert body["code"] == code, body
    return body


def test_an_unknown_route_under_api_answers_json_404(api, owner, workspace):
    assert_error(api(owner).get("/nothing-here"), 404, "not_found")
    assert_error(Client().get("/api/v2/whatever"), 404, "not_found")


def test_a_missing_object_answers_json_404(api, owner, workspace):
    assert_error(api(owner).get("/workspaces/agency-one/clients/00000000-0000-0000-0000-000000000000"), 404,
                 "not_found")


def test_a_wrong_method_answers_json_405_with_allow(api, owner, workspace):
    response = api(owner).delete("/workspaces/agency-one/clients")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_a_body_over_the_upload_limit_answers_json_413(api, owner, workspace, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(owner).post("/workspaces/agency-one/clients", {"name": "Big", "notes": "x" * 5000})
    assert_error(response, 413, "too_large")
    assert ClientModel.objects.filter(name="Big").count() == 0


def test_too_many_requests_answer_json_429(api, owner, workspace, settings):
    settings.CADENCE_API_RATE_LIMIT = 2
    a = api(owner)
    a.get("/workspaces")
    a.get("/workspaces")
    assert_error(a.get("/workspaces"), 429, "rate_limited")


def test_validation_errors_answer_json_422_with_the_field(api, owner, workspace):
    body = assert_error(api(owner).post("/workspaces/agency-one/clients", {"country": "RO"}), 422, "invalid")
    assert body["field"] == "name"
    assert body["errors"][0]["field"] == "name"


def test_an_unexpected_error_answers_json_500_and_is_logged(api, owner, workspace, monkeypatch, caplog):
    from cadence import tenancy

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(tenancy, "memberships_for", boom)
    body = assert_error(api(owner).get("/workspaces"), 500, "server_error")
    assert "kaboom" not in json.dumps(body)
    assert any("kaboom" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_pages_outside_the_api_keep_their_html_404(client, owner):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


# --- bounded parameters ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", [{"limit": 10**20}, {"offset": 10**20}, {"limit": 0}, {"offset": -1},
                                   {"limit": "many"}])
def test_list_parameters_are_bounded(api, owner, engagement, query):
    a = api(owner)
    for path in ("/workspaces/agency-one/clients", E.format(engagement.uuid) + "/history",
                 E.format(engagement.uuid) + "/time-entries", "/workspaces/agency-one/engagements"):
        assert_error(a.get(path, query), 422, "invalid")


@pytest.mark.parametrize("month", [0, 99999, -3])
def test_the_time_entry_month_is_bounded(api, owner, engagement, month):
    assert_error(api(owner).get(E.format(engagement.uuid) + "/time-entries", {"month": month}), 422)


def test_control_characters_in_the_workspace_slug_are_not_found(api, owner, workspace):
    a = api(owner)
    for slug in ("agency%00one", "agency-one%00", "a%0Ab"):
        response = a.get(f"/workspaces/{slug}/clients")
        assert response.status_code in (404, 422), response.content
        assert_error(response, response.status_code)


def test_a_nul_in_any_json_string_is_refused_with_422(api, owner, manager, engagement):
    a, m = api(owner), api(manager)  # creating their tokens is audited: before counting
    before = (ClientModel.objects.count(), AuditEntry.objects.count())
    assert_error(a.post("/workspaces/agency-one/clients", {"name": "Nul\x00Co"}), 422)
    assert_error(a.post("/workspaces/agency-one/clients", {"name": "Ok", "notes": "a\x00b"}), 422)
    assert_error(a.patch(E.format(engagement.uuid), {"name": "Line\nbreak"}), 422)
    assert_error(a.post(E.format(engagement.uuid) + "/time-entries",
                        {"date": "2026-11-09", "hours": 1, "phase": "research", "note": "a\x00"}), 422)
    assert_error(m.post(E.format(engagement.uuid) + "/overrides",
                        {"month": 3, "extra_hours": 1, "reason": "why\x00"}), 422)
    assert (ClientModel.objects.count(), AuditEntry.objects.count()) == before


def test_a_multiline_reason_keeps_its_line_breaks(api, manager, engagement):
    response = api(manager).post(E.format(engagement.uuid) + "/overrides",
                                 {"month": 3, "extra_hours": 1, "reason": "Launch week.\r\nAsked by the client."})
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("path", ["/workspaces/agency-one/clients/{client}", "/workspaces/agency-one/engagements/{e}"])
def test_a_patch_whose_body_is_not_an_object_is_refused(api, owner, client_obj, engagement, path):
    url = path.format(client=client_obj.uuid, e=engagement.uuid)
    a = api(owner)  # creating its token is audited: before counting
    before = AuditEntry.objects.count()
    for body in ([], [1], "x", 3):
        assert_error(a.patch(url, body), 422)
    assert AuditEntry.objects.count() == before


def test_a_body_that_is_not_json_answers_400_in_the_format(owner, workspace):
    a = Api(token_for(owner))
    response = a.client.post("/api/v1/workspaces/agency-one/clients", data="{not json",
                             content_type="application/json", **a.headers)
    assert_error(response, 400, "invalid_json")


# --- the same bounds as the forms -------------------------------------------------------------------

def test_the_api_refuses_what_the_forms_refuse(api, owner, manager, specialist, engagement):
    m, s = api(manager), api(specialist)
    o = E.format(engagement.uuid) + "/overrides"
    assert_error(m.post(o, {"month": 3, "extra_hours": 0.1, "reason": "Launch"}), 422)
    assert_error(m.post(o, {"month": 3, "extra_hours": 1, "reason": "x" * 200_000}), 422)
    assert_error(api(owner).post("/workspaces/agency-one/clients", {"name": "   "}), 422)
    assert_error(s.post(E.format(engagement.uuid) + "/time-entries",
                        {"date": "2026-11-09", "hours": 1, "phase": "research", "note": "n" * 600}), 422)
    for day in ("9999-06-01", "0001-01-01"):
        body = assert_error(api(owner).patch(E.format(engagement.uuid), {"start_date": day}), 422)
        assert body["field"] == "start_date"
    assert HoursOverride.objects.count() == 0
    assert TimeEntry.objects.count() == 0
    engagement.refresh_from_db()
    assert engagement.start_date.year == 2026


def test_the_schema_states_the_bounds(db):
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    comps = schema["components"]["schemas"]
    client_in = comps["ClientIn"]["properties"]
    assert client_in["country"]["pattern"] == "^[A-Z]{2}$"
    assert set(client_in["language"]["enum"]) == {"en", "ro", "ru"}
    assert client_in["name"]["maxLength"] == 160 and client_in["name"]["minLength"] == 1
    entry = comps["TimeEntryIn"]["properties"]
    assert (entry["hours"]["minimum"], entry["hours"]["multipleOf"]) == (0.25, 0.25)
    assert entry["note"]["maxLength"] == 500
    override = comps["OverrideIn"]["properties"]
    assert override["reason"]["maxLength"] == 2000 and override["reason"]["minLength"] == 1
    assert (override["month"]["minimum"], override["month"]["maximum"]) == (1, 1200)
    assert set(comps["EngagementIn"]["properties"]["rollover_mode"]["enum"]) == {"none", "carry"}
    assert "EUR" in comps["EngagementIn"]["properties"]["currency"]["enum"]
    history = schema["paths"]["/api/v1/workspaces/{workspace}/engagements/{engagement}/history"]["get"]
    limit = next(p for p in history["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 500
    assert {"401", "403", "404", "422", "429"} <= set(history["responses"])
    create = schema["paths"]["/api/v1/workspaces/{workspace}/clients"]["post"]
    assert {"201", "400", "401", "403", "404", "413", "422", "429"} <= set(create["responses"])
