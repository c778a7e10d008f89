"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects and
its part of the demo."""

from __future__ import annotations


def register() -> None:
    from cadence.content import access, audit_trail, demo
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role

    # content.view: the team, and the client's approver and viewer (their client's engagements; from review on,
    # never ideas, drafts or internal fields: access.py). content.edit: the team (posts, their status, media,
    # link). content.approve: the client's approver (the approvals inbox, the nav item). content.manage: owners
    # and managers (settings, the feed's secret, the frequency plan, the CSV import).
    # content.decide: who may approve or request changes at all, the routes' declaration: the client's approver
    # and owners and managers; which of them decides is the engagement's setting (services.approve: the client's
    # approver when the client's approval is required, otherwise an owner or a manager; the other is refused
    # with 400 "not_decider").
    team = {"content.view", "content.edit"}
    managers = team | {"content.manage", "content.decide"}
    registry.grant({Role.OWNER: managers, Role.MANAGER: managers, Role.SPECIALIST: team},
                   client_roles={ClientRole.APPROVER: {"content.view", "content.approve", "content.decide"},
                                 ClientRole.VIEWER: {"content.view"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.audit_labels(audit_trail.EXCHANGE_ACTION_LABELS, {"posts": audit_trail.POSTS_LABEL})
    registry.url_object("post", access.resolve_post)
    registry.demo("content", demo.build, demo.delete, order=400)
