"""Engagements, phases and gates through the API."""

from __future__ import annotations

import datetime as dt

from cadence.core.models import AuditEntry
from cadence.engagements.models import Engagement, ProcessTemplate
from tests.api import api_fixture, fast_fixture  # noqa: F401

URL = "/workspaces/agency-one/engagements"


def new_engagement(client, **extra):
    return {"client": str(client.uuid), "template": "retainer", "name": "Furniture ads", "start_date": "2026-10-05",
            "monthly_hours": 40, "country": "MD", "time_zone": "Europe/Chisinau", "currency": "MDL",
            "language": "ru", "rollover_mode": "carry", "rollover_cap": 10, **extra}


def test_it_starts_an_engagement_from_a_template_key(api, manager, client_obj):
    response = api(manager).post(URL, new_engagement(client_obj))
    assert response.status_code == 201, response.content
    body = response.json()
    engagement = Engagement.objects.get(uuid=body["id"])
    assert engagement.template.key == "retainer"
    assert engagement.start_date == dt.date(2026, 10, 5)
    assert (engagement.country, engagement.currency, engagement.rollover_mode) == ("MD", "MDL", "carry")
    assert body["client"]["id"] == str(client_obj.uuid)
    assert body["monthly_hours"] == 40
    assert engagement.phases.count() == 5
    assert AuditEntry.objects.filter(action="engagement.created", thread=engagement.uuid).exists()


def test_it_starts_an_engagement_from_a_template_id(api, owner, workspace, client_obj):
    sostac = ProcessTemplate.objects.get(workspace=workspace, key="sostac")
    response = api(owner).post(URL, new_engagement(client_obj, template=str(sostac.uuid)))
    assert response.status_code == 201
    assert response.json()["template"]["key"] == "sostac"


def test_it_refuses_bad_engagements_and_writes_nothing(api, owner, outsider, other_workspace, client_obj):
    from cadence.core import services as core_services

    foreign_client = core_services.create_client(actor=outsider, workspace=other_workspace, name="Far Co")
    foreign_template = ProcessTemplate.objects.get(workspace=other_workspace, key="retainer")
    a = api(owner)
    before = (Engagement.objects.count(), AuditEntry.objects.count())
    cases = [
        (new_engagement(client_obj, country="ZZ"), 400, "country"),
        (new_engagement(client_obj, time_zone="Mars/Olympus"), 400, "time_zone"),
        (new_engagement(client_obj, template="nope"), 400, "template"),
        (new_engagement(client_obj, template=str(foreign_template.uuid)), 400, "template"),
        (new_engagement(foreign_client), 400, "client"),
        (new_engagement(client_obj, monthly_hours=0), 422, "monthly_hours"),
        (new_engagement(client_obj, start_date="someday"), 422, None),
    ]
    for body, status, field in cases:
        response = a.post(URL, body)
        assert response.status_code == status, (body, response.content)
        if field:
            assert response.json()["field"] == field
    assert (Engagement.objects.count(), AuditEntry.objects.count()) == before


def test_it_lists_and_filters_engagements(api, owner, client_obj, other_client, engagement):
    a = api(owner)
    a.post(URL, new_engagement(other_client))
    assert a.get(URL).json()["count"] == 2
    only = a.get(URL, {"client": str(client_obj.uuid)}).json()
    assert [e["id"] for e in only["items"]] == [str(engagement.uuid)]


def test_it_changes_an_engagement(api, manager, engagement):
    response = api(manager).patch(f"{URL}/{engagement.uuid}", {"contract_months": 12, "name": "Bigger retainer"})
    assert response.status_code == 200
    engagement.refresh_from_db()
    assert (engagement.contract_months, engagement.name) == (12, "Bigger retainer")
    assert response.json()["contract_months"] == 12


def test_a_patch_cannot_rewrite_the_hours_of_past_months(api, manager, engagement):
    response = api(manager).patch(f"{URL}/{engagement.uuid}", {"monthly_hours": 60, "name": "Bigger retainer"})
    assert response.status_code == 400 and response.json()["code"] == "use_terms"
    engagement.refresh_from_db()
    assert (engagement.monthly_hours, engagement.name) == (40, "Social & ads retainer")


def test_it_refuses_a_bad_change_and_keeps_the_engagement(api, manager, engagement):
    as_manager = api(manager)  # creating its token is audited too: count after it
    before = AuditEntry.objects.count()
    response = as_manager.patch(f"{URL}/{engagement.uuid}", {"name": "X", "time_zone": "Nowhere/City"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_time_zone"
    engagement.refresh_from_db()
    assert (engagement.name, engagement.time_zone) == ("Social & ads retainer", "Europe/Bucharest")
    assert AuditEntry.objects.count() == before


def log_research(engagement, user, day=dt.date(2026, 9, 8), hours=2):
    from cadence.engagements.models import TimeEntry

    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=user,
                             phase=engagement.phases.get(key="research"), date=day, hours=hours)


def test_it_lists_phases_and_completes_one(api, manager, engagement):
    log_research(engagement, manager)
    a = api(manager)
    phases = a.get(f"{URL}/{engagement.uuid}/phases").json()
    assert [p["key"] for p in phases] == ["research", "infrastructure", "campaigns", "optimisation", "expansion"]
    response = a.patch(f"{URL}/{engagement.uuid}/phases/research", {"completed_on": "2026-11-20"})
    assert response.status_code == 200
    assert response.json()["completed_on"] == "2026-11-20"
    assert engagement.phases.get(key="research").completed_on == dt.date(2026, 11, 20)
    assert a.patch(f"{URL}/{engagement.uuid}/phases/research", {"completed_on": None}).status_code == 200
    assert engagement.phases.get(key="research").completed_on is None


def test_it_refuses_a_completion_in_the_future(api, manager, engagement):
    log_research(engagement, manager)
    a = api(manager)
    response = a.patch(f"{URL}/{engagement.uuid}/phases/research", {"completed_on": "2026-12-01"})
    assert response.status_code == 400
    assert response.json()["field"] == "completed_on"
    assert engagement.phases.get(key="research").completed_on is None
    assert a.patch(f"{URL}/{engagement.uuid}/phases/nope", {"completed_on": None}).status_code == 404


def test_it_records_a_gate(api, owner, engagement):
    log_research(engagement, owner)
    a = api(owner)
    response = a.post(f"{URL}/{engagement.uuid}/gates/plan_approved",
                      {"passed_on": "2026-11-20", "note": "Email", "approved_by": "Ion Popescu, director"})
    assert response.status_code == 200
    body = response.json()
    assert (body["passed_on"], body["note"], body["recorded_by"]) == ("2026-11-20", "Email", "Olga Owner")
    assert body["approved_by"] == "Ion Popescu, director" and body["client_approvable"] is True
    gates = {g["key"]: g["passed_on"] for g in a.get(f"{URL}/{engagement.uuid}/gates").json()}
    assert gates == {"plan_approved": "2026-11-20", "materials_ready": None}


def test_it_refuses_a_gate_in_the_future_and_an_unknown_gate(api, owner, engagement):
    a = api(owner)
    assert a.post(f"{URL}/{engagement.uuid}/gates/plan_approved", {"passed_on": "2027-01-01"}).status_code == 400
    assert a.post(f"{URL}/{engagement.uuid}/gates/nope", {"passed_on": "2026-11-20"}).status_code == 404
    assert engagement.gates.get(key="plan_approved").passed_on is None


def test_it_lists_templates_with_their_phases(api, specialist, workspace):
    body = api(specialist).get("/workspaces/agency-one/templates").json()
    keys = {t["key"]: [p["key"] for p in t["phases"]] for t in body["items"]}
    assert keys["retainer"][0] == "research"
    assert "situation" in keys["sostac"]


def test_it_lists_without_a_query_per_row(api, owner, client_obj, other_client, engagement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = api(owner)
    with CaptureQueriesContext(connection) as one:
        assert a.get(URL).json()["count"] == 1
    for n in range(3):
        a.post(URL, new_engagement(other_client, name=f"Extra {n}"))
    with CaptureQueriesContext(connection) as four:
        assert a.get(URL).json()["count"] == 4
    assert len(four) == len(one)
    with CaptureQueriesContext(connection) as templates:
        a.get("/workspaces/agency-one/templates")
    assert len(templates) <= len(one) + 3


def test_client_users_get_gates_without_notes_or_staff_names(api, manager, viewer, approver, engagement):
    from cadence.engagements import services

    log_research(engagement, manager)
    services.record_gate(actor=manager, gate=engagement.gates.get(key="plan_approved"),
                         passed_on=dt.date(2026, 10, 5), note="Internal note", approved_by="Ion Popescu")
    for user in (viewer, approver):
        body = api(user).get(f"{URL}/{engagement.uuid}/gates").json()
        assert body[0] == {"key": "plan_approved", "name": "Marketing plan approved", "after_phase": "research",
                           "description": body[0]["description"], "client_approvable": True,
                           "passed_on": "2026-10-05"}
        assert "Internal note" not in str(body) and "Mihai" not in str(body)
    staff = api(manager).get(f"{URL}/{engagement.uuid}/gates").json()
    assert (staff[0]["note"], staff[0]["recorded_by"], staff[0]["approved_by"]) == (
        "Internal note", "Mihai Manager", "Ion Popescu")


def test_the_approver_confirms_the_plan_through_the_api_and_the_viewer_cannot(api, manager, viewer, approver,
                                                                             engagement):
    log_research(engagement, manager)
    target = f"{URL}/{engagement.uuid}/gates/plan_approved/approve"
    assert api(viewer).post(target, {"note": "ok"}).status_code == 403
    assert engagement.gates.get(key="plan_approved").passed_on is None
    response = api(approver).post(target, {"note": "Approved"})
    assert response.status_code == 200
    assert response.json()["passed_on"] == "2026-11-23" and "note" not in response.json()
    assert api(approver).post(target, {}).json()["code"] == "gate_passed"


def test_the_manager_answers_awaiting_confirmation_through_the_api(api, manager, engagement):
    from cadence.engagements.models import TimeEntry

    log_research(engagement, manager, dt.date(2026, 9, 8), 20)
    gate = engagement.gates.get(key="plan_approved")
    gate.passed_on = dt.date(2026, 9, 9)
    gate.save()
    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=manager,
                             phase=engagement.phases.get(key="infrastructure"), date=dt.date(2026, 9, 10), hours=4)
    a = api(manager)
    phases = {p["key"]: p for p in a.get(f"{URL}/{engagement.uuid}/phases").json()}
    assert phases["research"]["awaiting_confirmation"] is True and phases["research"]["unused_hours"] == 12
    schedule = {p["key"]: p for p in a.get(f"{URL}/{engagement.uuid}/schedule").json()["phases"]}
    assert schedule["research"]["status"] == "awaiting" and schedule["research"]["end"] == "2026-09-08"
    assert schedule["research"]["reasons"][0]["code"] == "awaiting_confirmation"
    response = a.post(f"{URL}/{engagement.uuid}/phases/research/complete", {})
    assert response.status_code == 200
    body = response.json()
    assert body["completed_on"] == "2026-09-08" and body["awaiting_confirmation"] is False
    assert body["unused_hours"] == 12
    # the continuous phase cannot be completed; a phase without hours cannot be kept open once completed
    assert a.post(f"{URL}/{engagement.uuid}/phases/optimisation/complete", {}).status_code == 400
    assert a.post(f"{URL}/{engagement.uuid}/phases/research/keep-open").json()["code"] == "phase_completed"


def test_it_refuses_reopening_a_gate_without_a_reason_and_overlong_text(api, owner, engagement):
    log_research(engagement, owner)
    a = api(owner)
    target = f"{URL}/{engagement.uuid}/gates/plan_approved"
    assert a.post(target, {"passed_on": "2026-11-20", "approved_by": "x" * 201}).status_code == 422
    assert a.post(target, {"passed_on": "2026-11-20", "approved_by": "Ion Popescu"}).status_code == 200
    response = a.post(target, {"passed_on": None})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    assert engagement.gates.get(key="plan_approved").passed_on == dt.date(2026, 11, 20)
    assert a.post(target, {"passed_on": None, "reason": "Plan changed"}).status_code == 200
    assert engagement.gates.get(key="plan_approved").passed_on is None
