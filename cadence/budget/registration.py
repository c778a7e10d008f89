"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects, the
"Budget" button of the engagement page and its part of the demo."""

from __future__ import annotations


def register() -> None:
    from cadence.budget import access, audit_trail, demo, pages
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role

    # budget.view: the team and the client's approver and viewer (their client's engagements, read-only);
    # budget.edit: owners and managers.
    editors = {"budget.view", "budget.edit"}
    registry.grant({Role.OWNER: editors, Role.MANAGER: editors, Role.SPECIALIST: {"budget.view"}},
                   client_roles={ClientRole.APPROVER: {"budget.view"}, ClientRole.VIEWER: {"budget.view"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("budget_line", access.resolve_line)
    pages.register()
    registry.demo("budget", demo.build, demo.delete, order=410)
