"""This app's part of the audit trail, registered with core in ``registration.py``: readable names of the
actions it records and of the fields their changes name. Card entries belong to the engagement's history
(``thread=engagement``); labels, task templates and settings are the workspace's."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "board.task.created": _("added a card to the board"),
    "board.task.updated": _("changed a card"),
    "board.task.moved": _("moved a card"),
    "board.task.deleted": _("deleted a card"),
    "board.task.time_logged": _("logged time on a card"),
    "board.task.checklist": _("changed a card's checklist"),
    "board.task.attached": _("attached a file to a card"),
    "board.task.detached": _("removed a file from a card"),
    "board.label.created": _("created a label"),
    "board.label.deleted": _("deleted a label"),
    "board.wip.updated": _("changed the board's work-in-progress limits"),
    "board.recurring.created": _("created a recurring task"),
    "board.recurring.updated": _("changed a recurring task"),
    "board.recurring.deleted": _("deleted a recurring task"),
    "board.template.created": _("created a task template"),
    "board.template.updated": _("changed a task template"),
    "board.template.deleted": _("deleted a task template"),
    "board.settings.updated": _("changed the board settings"),
}

FIELD_LABELS: dict[str, Any] = {
    "column": _("column"), "assignee": _("assignee"), "reviewer": _("reviewer"), "due": _("due date"),
    "estimate": _("estimate (hours)"), "labels": _("labels"), "checklist": _("checklist"),
    "initiative": _("initiative"), "objective_uid": _("objective"), "wip_limits": _("work-in-progress limits"),
    "wip_exceeded": _("over the work-in-progress limit"), "occurrence": _("occurrence"),
    "recurring": _("recurring task"), "template_task": _("task template"), "weekdays": _("days of the week"),
    "month_day": _("day of the month"), "interval": _("every N weeks"), "starts_on": _("starts on"),
    "ends_on": _("ends on"), "due_after_days": _("due after (days)"), "lead_days": _("created ahead (days)"),
    "active": _("active"), "kind": _("repeats"), "phase_key": _("phase"), "template_tasks": _("create template tasks"),
    "added": _("item added"), "removed": _("item removed"), "item": _("item"), "done": _("done"),
    "file": _("file"), "colour": _("colour"), "position": _("position"),
}
