"""The OpenAPI schema and the docs page."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from tests.api import fast_fixture  # noqa: F401

EXPECTED_PATHS = {
    "/api/v1/workspaces": {"get"},
    "/api/v1/workspaces/{workspace}": {"get"},
    "/api/v1/workspaces/{workspace}/templates": {"get"},
    "/api/v1/workspaces/{workspace}/clients": {"get", "post"},
    "/api/v1/workspaces/{workspace}/clients/{client}": {"get", "patch"},
    "/api/v1/workspaces/{workspace}/engagements": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}": {"get", "patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/phases": {"get", "put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/phases/{phase}": {"patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/gates": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/phases/{phase}/complete": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/phases/{phase}/keep-open": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/gates/{gate}": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/gates/{gate}/approve": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/schedule": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/hours": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/history": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/time-entries": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/time-entries/{entry}": {"delete", "patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/time-entries/{entry}/restore": {"post"},
    "/api/v1/workspaces/{workspace}/timesheet": {"get", "put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/overrides": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/terms": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/months/{month}/close": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/months/{month}/reopen": {"post"},
    # the marketing plan (cadence/plans/api)
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/answers": {"get", "put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/brief": {"get", "put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/versions": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/versions/{version}": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/versions/{version}/diff/{against}": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/versions/{version}/approve": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/versions/{version}/request-changes": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/submit": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/start-draft": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/save-as-template": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/start-from-template": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/records/{kind}": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/plan/records/{kind}/{record}": {"get", "put", "delete"},
    "/api/v1/workspaces/{workspace}/plan-templates": {"get"},
    "/api/v1/workspaces/{workspace}/plan-kinds": {"get"},
    # --- board (issue 8: cadence/board/api/routes_tasks.py, routes_board.py, routes_setup.py)
    "/api/v1/workspaces/{workspace}/board-settings": {"get", "put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/board": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/board/wip-limits": {"put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/recurring": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/recurring/{recurring}": {"delete", "get", "patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks/{task}": {"delete", "get", "patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks/{task}/attachments": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks/{task}/attachments/{file}": {"delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks/{task}/checklist": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks/{task}/checklist/{item}": {"delete", "patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks/{task}/move": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/tasks/{task}/time": {"post"},
    "/api/v1/workspaces/{workspace}/labels": {"get", "post"},
    "/api/v1/workspaces/{workspace}/labels/{label}": {"delete"},
    "/api/v1/workspaces/{workspace}/my-work": {"get"},
    "/api/v1/workspaces/{workspace}/role-boards/{role}": {"get"},
    "/api/v1/workspaces/{workspace}/task-templates": {"get", "post"},
    "/api/v1/workspaces/{workspace}/task-templates/{task_template}": {"delete", "get", "patch"},
    # --- end of board
    # --- files (cadence/files/api)
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/files": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/files/{file}": {"get", "delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/files/{file}/download": {"get"},
    # --- end of files
    # --- roadmap (issue 8: cadence/board/api/routes_initiatives.py) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/roadmap": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/roadmap/import": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/initiatives": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/initiatives/{initiative}": {"get", "patch", "delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/initiatives/{initiative}/dependencies": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/initiatives/{initiative}/dependencies/remove": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/initiatives/{initiative}/shift": {"post"},
    # --- end roadmap ---
    # --- links (issue 9: cadence/links/api, cadence/content/api/routes_exchange.py) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/links": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/links/preview": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/links/{link}": {"get", "patch", "delete"},
    "/api/v1/workspaces/{workspace}/links/rule": {"get", "put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/calendar/feed": {"get", "post", "delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/calendar/export": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/calendar/import": {"post"},
    # --- end links ---
    # --- posts (issue 9) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/posts": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/posts/{post}": {"get", "patch", "delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/posts/{post}/status": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/posts/{post}/approve": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/posts/{post}/request-changes": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/calendar/settings": {"get", "put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/calendar/frequency": {"get", "put"},
    # --- end posts (issue 9) ---
    # --- budget (issue 9) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget/rollover": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget/export.xlsx": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget/settings": {"put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget/lines": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget/lines/order": {"put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget/lines/{budget_line}": {"get", "patch", "delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/budget/amounts": {"put"},
    # --- end budget (issue 9) ---
    # --- metrics (issue 10) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/imports": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/imports/{batch}": {"get", "delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/imports/{batch}/mapping": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/imports/{batch}/confirm": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/imports/{batch}/undo": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/metrics/monthly": {"get"},
    "/api/v1/workspaces/{workspace}/import-mappings": {"get"},
    "/api/v1/workspaces/{workspace}/import-mappings/{profile}": {"delete"},
    # --- end metrics (issue 10) ---
    # --- kpis (issue 11) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/import-plan": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/evaluate": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/{kpi}": {"get", "patch", "delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/{kpi}/entries": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/{kpi}/entries/{kpi_entry}": {"delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/{kpi}/reviews": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/{kpi}/reviews/{kpi_review}/decision": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/kpis/{kpi}/reviews/{kpi_review}": {"delete"},
    "/api/v1/workspaces/{workspace}/kpi-alerts": {"get"},
    "/api/v1/workspaces/{workspace}/kpi-alerts/read": {"post"},
    # --- end kpis (issue 11) ---
    # --- dashboard (issue 11) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/dashboard": {"get"},
    # --- end dashboard (issue 11) ---
    # --- notifications (issue 12) ---
    "/api/v1/workspaces/{workspace}/notifications": {"get"},
    "/api/v1/workspaces/{workspace}/notifications/unread": {"get"},
    "/api/v1/workspaces/{workspace}/notifications/read": {"post"},
    "/api/v1/workspaces/{workspace}/notifications/preferences": {"get", "put"},
    # --- end notifications (issue 12) ---
    # --- meetings, comments, the portal, the overview and webhooks (issue 12) ---
    "/api/v1/workspaces/{workspace}/capacity": {"get"},
    "/api/v1/workspaces/{workspace}/comments/{comment}": {"patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/agenda-choices": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}": {"get", "patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/action-items": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/action-items/to-tasks": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/action-items/{action_item}": {"delete", "patch"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/agenda": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/agenda/{agenda_item}": {"delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/cancel": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/cancel-series": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/close": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/decisions": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/decisions/{decision}": {"delete"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/meetings/{meeting}/minutes": {"put"},
    "/api/v1/workspaces/{workspace}/members/{member}/capacity": {"patch"},
    "/api/v1/workspaces/{workspace}/overview": {"get"},
    "/api/v1/workspaces/{workspace}/portal": {"get"},
    "/api/v1/workspaces/{workspace}/threads/plan_section/{target}/{section}": {"get"},
    "/api/v1/workspaces/{workspace}/threads/plan_section/{target}/{section}/comments": {"post"},
    "/api/v1/workspaces/{workspace}/threads/{target_kind}/{target}": {"get"},
    "/api/v1/workspaces/{workspace}/threads/{target_kind}/{target}/comments": {"post"},
    "/api/v1/workspaces/{workspace}/threads/{thread}/resolve": {"post"},
    "/api/v1/workspaces/{workspace}/webhooks": {"get", "post"},
    "/api/v1/workspaces/{workspace}/webhooks/{endpoint}": {"delete", "get", "put"},
    "/api/v1/workspaces/{workspace}/webhooks/{endpoint}/deliveries": {"get"},
    "/api/v1/workspaces/{workspace}/webhooks/{endpoint}/deliveries/{webhook_delivery}/redeliver": {"post"},
    "/api/v1/workspaces/{workspace}/webhooks/{endpoint}/rotate-secret": {"post"},
    "/api/v1/workspaces/{workspace}/webhooks/{endpoint}/test": {"post"},
    # --- end issue 12 ---
    # --- reports (issue 11) ---
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/reports": {"get", "post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/reports/{report}": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/reports/{report}/narrative": {"put"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/reports/{report}/send": {"post"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/reports/{report}/pdf": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/report-deliveries": {"get"},
    "/api/v1/workspaces/{workspace}/engagements/{engagement}/report-deliveries/{delivery}/pdf": {"get"},
    "/api/v1/workspaces/{workspace}/report-settings": {"get", "put"},
    # --- end reports (issue 11) ---
}


def test_it_serves_a_valid_openapi_schema_listing_the_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"] == {**schema["info"], "title": "Cadence API", "version": "1.0.0"}
    paths = {path: set(ops) for path, ops in schema["paths"].items()}
    assert paths == EXPECTED_PATHS
    assert "TokenAuth" in schema["components"]["securitySchemes"]
    # ids are UUIDs, lists are paginated
    params = schema["paths"]["/api/v1/workspaces/{workspace}/clients/{client}"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("format") for p in params if p["in"] == "path"}["client"] == "uuid"
    list_params = schema["paths"]["/api/v1/workspaces/{workspace}/clients"]["get"]["parameters"]
    assert {"limit", "offset"} <= {p["name"] for p in list_params}


def test_it_keeps_the_url_names_the_templates_use(db):
    assert reverse("api-1.0.0:openapi-json") == "/api/v1/openapi.json"
    assert reverse("api-1.0.0:openapi-view") == "/api/v1/docs"
    assert Client().get("/api/v1/docs").status_code == 200


def test_no_two_schemas_share_a_name() -> None:
    """django-ninja names a component after its class: a second class of the same name silently replaces
    the first in the OpenAPI document, and clients are then told the wrong shape."""
    from collections import defaultdict

    from ninja import Schema

    from cadence.api.api import api

    api.get_openapi_schema()  # imports every router's schemas

    def subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    modules: dict[str, set[str]] = defaultdict(set)
    for cls in subclasses(Schema):
        if cls.__module__.startswith("cadence"):
            modules[cls.__name__].add(cls.__module__)
    assert {name: found for name, found in modules.items() if len(found) > 1} == {}
