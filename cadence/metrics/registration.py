"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects, its
place on the engagement page and its part of the demo."""

from __future__ import annotations


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role
    from cadence.metrics import access, audit_trail, pages

    # metrics.view: the team and the client's approver and viewer (the results, never the files);
    # metrics.import: the team (upload, preview, mapping, confirm, undo); metrics.manage: the mappings.
    team = {"metrics.view", "metrics.import"}
    managers = team | {"metrics.manage"}
    registry.grant({Role.OWNER: managers, Role.MANAGER: managers, Role.SPECIALIST: team},
                   client_roles={ClientRole.APPROVER: {"metrics.view"}, ClientRole.VIEWER: {"metrics.view"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("batch", access.resolve_batch)
    registry.url_object("profile", access.resolve_profile)
    pages.register()
    from cadence.metrics import demo

    demo.register()
