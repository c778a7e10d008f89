"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects and
the "Reports" button of the engagement page."""

from __future__ import annotations


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role
    from cadence.reports import access, audit_trail, pages

    # reports.view: the team, and the client's approver and viewer (their client's SENT reports only);
    # reports.edit: owners and managers (the narrative, sending); reports.settings: owners.
    registry.grant({Role.OWNER: {"reports.view", "reports.edit", "reports.settings"},
                    Role.MANAGER: {"reports.view", "reports.edit"}, Role.SPECIALIST: {"reports.view"}},
                   client_roles={ClientRole.APPROVER: {"reports.view"}, ClientRole.VIEWER: {"reports.view"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("report", access.resolve_report)
    registry.url_object("delivery", access.resolve_delivery)
    pages.register()
    from cadence.reports import demo

    registry.demo("reports", demo.build, demo.delete, order=450)
