"""This app's part of the audit trail: readable names of its actions and of the fields they change."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cadence.notifications.domain.kinds import KINDS

ACTION_LABELS: dict[str, Any] = {
    "notifications.preferences_changed": _("changed their notification settings"),
}


def field_labels() -> dict[str, Any]:
    """Each kind is a field of a change of preferences (its label, worded when shown)."""
    from django.utils.functional import lazy

    from cadence.notifications import queries

    return {kind: lazy(queries.kind_label, str)(kind) for kind in KINDS}
