"""The overview's words: its columns and its "needs attention" flags, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _


def column_labels() -> dict[str, str]:
    return {
        "client": _("Client"), "engagement": _("Engagement"), "manager": _("Manager"),
        "hours": _("Hours this month"), "phase": _("Current phase"), "gate": _("Next gate"),
        "late": _("Late phases"), "approvals": _("Waiting for the client"), "kpis": _("KPIs off track"),
        "budget": _("Budget this month"), "overdue": _("Overdue tasks"), "meeting": _("Next meeting"),
        "report": _("Last report sent"),
    }


def flag_labels() -> dict[str, str]:
    return {
        # xgettext:no-python-format (a percentage, not a placeholder)
        "hours80": _("Hours at 80 % or more"),
        # xgettext:no-python-format (a percentage, not a placeholder)
        "hours100": _("Hours at 100 % or more"),
        "kpis": _("KPIs off track"), "overdue": _("Overdue tasks"), "late": _("Late phases"),
        "approvals": _("Waiting for the client"), "budget": _("Over budget this month"),
    }
