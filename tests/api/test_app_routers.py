"""Each app owns its API router and schemas; the central API only mounts them (issue 6).

Apps name their router on their AppConfig (``api_router``); ``cadence/api/api.py`` mounts every one
and imports no app, and a feature's error adds its own facts through ``DomainError.payload``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path

from django.apps import apps
from django.test import RequestFactory

from cadence.api import api as api_module
from cadence.api.api import api, app_routers
from cadence.core.errors import DomainError

API_PACKAGE = Path(api_module.__file__).parent
TENANCY_CORE = {"cadence.core", "cadence.accounts", "cadence.api"}  # not capability apps


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (``from cadence import engagements`` counts as ``cadence.engagements``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def cadence_apps() -> list[str]:
    return [c.name for c in apps.get_app_configs() if within(c.name, "cadence")]


def test_the_central_api_module_imports_no_app():
    imported = imported_modules(API_PACKAGE / "api.py")
    assert "cadence.api.routers" not in imported  # routes live in their apps, not beside the API
    apps_imported = {m for m in imported for app in cadence_apps() if within(m, app) and app != "cadence.api"}
    assert apps_imported == set()


def test_no_module_of_the_api_package_imports_a_capability_app():
    capability_apps = [name for name in cadence_apps() if name not in TENANCY_CORE]
    assert "cadence.engagements" in capability_apps
    offending = {
        (str(path.relative_to(API_PACKAGE)), module)
        for path in API_PACKAGE.rglob("*.py")
        for module in imported_modules(path)
        if any(within(module, app) for app in capability_apps)
    }
    assert offending == set()


def test_the_ast_check_sees_every_form_of_import(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("import cadence.engagements.models\nfrom cadence import engagements\n"
                      "from cadence.core.models import Client\nfrom . import sibling\n")
    assert imported_modules(source) == {"cadence.engagements.models", "cadence", "cadence.engagements",
                                        "cadence.core.models", "cadence.core.models.Client"}


def test_every_app_with_an_api_module_declares_its_router():
    for config in apps.get_app_configs():
        if not within(config.name, "cadence") or config.name == "cadence.api":
            continue
        has_api = importlib.util.find_spec(f"{config.name}.api") is not None
        declared = getattr(config, "api_router", None)
        assert has_api == bool(declared), config.name
    # files: issue 8 adds the files and board apps' routers (INSTALLED_APPS order)
    # issue 9 adds links, content and budget; issue 10 metrics; issue 11 kpis, reports and the dashboard;
    # issue 12 meetings, the portal, the overview, comments, webhooks and notifications
    assert [label for label, _router in app_routers()] == ["core", "engagements", "plans", "files", "board", "links",
                                                                  "content", "budget", "metrics", "kpis", "reports",
                                                                  "dashboard", "meetings", "portal", "overview",
                                                                  "comments", "webhooks", "notifications"]


def test_every_app_router_is_mounted_and_every_route_lives_in_its_app():
    mounted = [router for _prefix, router in api._routers]
    for label, router in app_routers():
        assert any(r is router for r in mounted), label
    operations = [op for bound in api._get_bound_routers() for view in bound.path_operations.values()
                  for op in view.operations]
    assert len(operations) == sum(len(ops) for ops in api.get_openapi_schema()["paths"].values())
    owners = {op.view_func.__name__: op.view_func.__module__ for op in operations}
    assert owners["workspace_list"] == owners["client_create"] == "cadence.core.api"
    assert owners["template_list"] == "cadence.engagements.api.routes_templates"
    assert owners["week_put"] == "cadence.engagements.api.routes_timesheet"
    assert not [name for name, module in owners.items() if within(module, "cadence.api")]


def test_operation_ids_stay_what_clients_know():
    schema = api.get_openapi_schema()
    ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert {"cadence_api_routers_workspaces_workspace_list", "cadence_api_routers_workspaces_template_list",
            "cadence_api_routers_clients_client_create", "cadence_api_routers_engagements_engagement_schedule",
            "cadence_api_routers_time_time_entry_create", "cadence_api_routers_timesheet_week_put"} <= ids
    assert len(ids) == sum(len(ops) for ops in schema["paths"].values())


class Refused(DomainError):
    def payload(self) -> dict[str, object]:
        return {"items": [{"day": "2026-11-18"}]}


def test_a_domain_errors_payload_joins_the_error_body():
    request = RequestFactory().get("/api/v1/workspaces")
    response = api.on_exception(request, Refused("Not this week.", code="refused"))
    assert response.status_code == 400
    assert json.loads(response.content) == {"detail": "Not this week.", "code": "refused", "field": None,
                                            "items": [{"day": "2026-11-18"}]}
    plain = api.on_exception(request, DomainError("No.", field="hours"))
    assert json.loads(plain.content) == {"detail": "No.", "code": "invalid", "field": "hours"}


def test_no_two_api_bodies_share_a_name():
    """OpenAPI names a body by its class: two apps' ``SettingsIn`` would be one component, and the schema would
    describe one app's body for the other's route (the calendar's and the budget's settings did)."""
    names: dict[str, list[str]] = {}
    for path in sorted(Path(API_PACKAGE.parent).glob("*/api/*.py")) + sorted(Path(API_PACKAGE.parent).glob("*/api.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ClassDef) and node.bases:
                names.setdefault(node.name, []).append(str(path.relative_to(API_PACKAGE.parent)))
    assert {name: where for name, where in names.items() if len(where) > 1} == {}
