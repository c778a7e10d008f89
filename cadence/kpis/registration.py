"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects, the
"KPIs" button of the engagement page, and the evaluation after an import (metrics' ``facts_changed``)."""

from __future__ import annotations


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role
    from cadence.kpis import access, audit_trail, pages, tasks
    from cadence.metrics import services as metric_services

    # kpis.view: the team and the client's approver and viewer (their client's engagements, read-only);
    # kpis.enter: the team (values entered by hand); kpis.edit: owners and managers (KPIs, control points).
    editors = {"kpis.view", "kpis.enter", "kpis.edit"}
    registry.grant({Role.OWNER: editors, Role.MANAGER: editors, Role.SPECIALIST: {"kpis.view", "kpis.enter"}},
                   client_roles={ClientRole.APPROVER: {"kpis.view"}, ClientRole.VIEWER: {"kpis.view"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("kpi", access.resolve_kpi)
    registry.url_object("kpi_entry", access.resolve_entry)
    registry.url_object("kpi_review", access.resolve_control_point)
    pages.register()
    metric_services.facts_changed.connect(tasks.facts_changed, dispatch_uid="kpis.facts_changed")
    from cadence.kpis import demo

    registry.demo("kpis", demo.build, demo.delete, order=440)
