"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects, its
place on the engagement page and its part of the demo."""

from __future__ import annotations


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import Role
    from cadence.links import access, audit_trail, demo, pages

    # links.view / links.edit: the team (the library, the builder); links.manage: the workspace's naming
    # rule. Client users see no campaign links.
    team = {"links.view", "links.edit"}
    managers = team | {"links.manage"}
    registry.grant({Role.OWNER: managers, Role.MANAGER: managers, Role.SPECIALIST: team})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("link", access.resolve_link)
    registry.demo("links", demo.build, demo.delete, order=390)
    pages.register()
