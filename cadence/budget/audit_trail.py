"""This app's part of the audit trail: readable names of the actions it records and of the fields their
changes name. Every budget entry belongs to the engagement's history (``thread=engagement``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "budget.settings_updated": _("changed the budget settings"),
    "budget.line_created": _("added a budget line"),
    "budget.line_updated": _("changed a budget line"),
    "budget.line_deleted": _("deleted a budget line"),
    "budget.line_moved": _("moved a budget line"),
    "budget.planned_set": _("changed a planned amount of the budget"),
    "budget.actual_set": _("recorded an actual amount of the budget"),
}

FIELD_LABELS: dict[str, Any] = {
    "first_month": _("first month"), "months": _("number of months"),
    "overspend_reduces_next": _("an overspend is taken from the next month"),
    "category": _("category"), "channel": _("channel"), "name": _("name"), "objective_uid": _("objective"),
    "initiative": _("initiative"), "position": _("position"), "month": _("month"), "planned": _("planned"),
    "actual": _("actual"), "source": _("source"), "note": _("note"), "line": _("budget line"),
}
