"""The board's registration with core (called from ``BoardConfig.ready()``): capabilities, audit labels,
URL objects, the built-in task templates of a new workspace and the board's part of the demo."""

from __future__ import annotations


def register() -> None:
    from cadence.board import access, audit_trail, demo, services
    from cadence.core import registry
    from cadence.core.models import Role

    # board.view / board.edit: every team role (the board, my work, role boards; cards, checklists, files);
    # board.manage: WIP limits, labels, recurring rules, task templates, board settings. Client users see no
    # board (the roadmap is theirs to read: initiatives.py).
    team = {"board.view", "board.edit"}
    managers = team | {"board.manage"}
    registry.grant({Role.OWNER: managers, Role.MANAGER: managers, Role.SPECIALIST: team})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("task", access.resolve_task)
    registry.url_object("label", access.resolve_label)
    registry.url_object("recurring", access.resolve_recurring)
    registry.url_object("task_template", access.resolve_task_template)
    registry.on_workspace_created(services.install_builtin_task_templates)
    registry.demo("board", demo.build, demo.delete, order=300)
