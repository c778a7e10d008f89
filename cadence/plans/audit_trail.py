"""This app's part of the audit trail, registered with core in ``apps.py``: readable names of the actions
it records and of the fields their changes name. Every entry belongs to the engagement's history
(``thread=engagement``), which the engagements app names and links."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "plan.created": _("started the marketing plan"),
    "plan.answer_saved": _("answered a question of the marketing plan"),
    "plan.brief_saved": _("changed the client's brief"),
    "plan.record_created": _("added a record to the marketing plan"),
    "plan.record_updated": _("changed a record of the marketing plan"),
    "plan.record_deleted": _("deleted a record of the marketing plan"),
    "plan.submitted": _("submitted the marketing plan for approval"),
    "plan.approved": _("approved the marketing plan"),
    "plan.changes_requested": _("asked for changes to the marketing plan"),
    "plan.draft_started": _("started a new draft of the marketing plan"),
    "plan.template_saved": _("saved the marketing plan as a template"),
    "plan.template_applied": _("started the marketing plan from a template"),
}

FIELD_LABELS: dict[str, Any] = {
    "version": _("version"), "based_on": _("based on version"), "sha256": _("fingerprint (SHA-256)"),
    "superseded": _("superseded version"), "section": _("section"), "comment": _("comment"),
    "text": _("answer"), "question": _("question"), "gate": _("checkpoint passed"),
    "gate_refused": _("why the checkpoint was not passed"), "note": _("note"),
}
