"""This app's registration with core (called from ``ready()``): capabilities, audit labels, the URL objects
it resolves (a 404 for a thread or comment the member cannot see, before any 403) and its part of the demo."""

from __future__ import annotations


def register() -> None:
    from cadence.comments import access, audit_trail, demo
    from cadence.core import registry
    from cadence.core.models import Role

    # Anyone who may see an object may comment on it (checked per target, access.TARGETS); the team writes
    # internal comments and resolves or reopens threads.
    team = {"comments.internal", "comments.resolve"}
    registry.grant({Role.OWNER: team, Role.MANAGER: team, Role.SPECIALIST: team})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("target", access.resolve_target)
    registry.url_object("thread", access.resolve_thread)
    registry.url_object("comment", access.resolve_comment)
    registry.demo("comments", demo.build, demo.delete, order=900)
