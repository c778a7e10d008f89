"""This app's part of the audit trail, registered with core: readable names of its actions and of the fields
their changes name. Every entry belongs to the engagement's history (``thread=engagement``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "files.uploaded": _("uploaded a file"),
    "files.deleted": _("deleted a file"),
}

FIELD_LABELS: dict[str, Any] = {
    "content_type": _("type"), "size": _("size"), "sha256": _("fingerprint (SHA-256)"),
}
