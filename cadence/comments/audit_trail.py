"""This app's part of the audit trail: readable names of its actions and of the fields their changes name.
Every entry belongs to the engagement's history (``thread=engagement``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "comments.comment_added": _("wrote a comment"),
    "comments.comment_edited": _("changed a comment"),
    "comments.thread_resolved": _("resolved a comment thread"),
    "comments.thread_reopened": _("reopened a comment thread"),
}

FIELD_LABELS: dict[str, Any] = {
    "body": _("comment"), "target": _("about"), "target_title": _("title"), "internal": _("internal (team only)"),
    "mentions": _("people mentioned"), "reopened": _("reopened the thread"),
}
