"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects, the
"Meetings" button of the engagement page, and its part of the demo."""

from __future__ import annotations


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role
    from cadence.meetings import access, audit_trail, demo, pages

    # meetings.view: the team and the client's approver and viewer (their client's engagements, read-only);
    # meetings.manage: owners, managers and specialists (plan, minute, close, cancel, turn actions into cards).
    team = {"meetings.view", "meetings.manage"}
    registry.grant({Role.OWNER: team, Role.MANAGER: team, Role.SPECIALIST: team},
                   client_roles={ClientRole.APPROVER: {"meetings.view"}, ClientRole.VIEWER: {"meetings.view"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("meeting", access.resolve_meeting)
    registry.url_object("agenda_item", access.resolve_agenda_item)
    registry.url_object("decision", access.resolve_decision)
    registry.url_object("action_item", access.resolve_action_item)
    pages.register()
    registry.demo("meetings", demo.build, demo.delete, order=445)
