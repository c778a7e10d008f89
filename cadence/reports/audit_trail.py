"""This app's part of the audit trail: readable names of the actions it records and of the fields their
changes name. Every report entry belongs to the engagement's history (``thread=engagement``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "report.created": _("started a monthly report"),
    "report.narrative_saved": _("changed the summary of a monthly report"),
    "report.narrative_reset": _("replaced the summary of a monthly report with a new draft"),
    "report.sent": _("sent a monthly report to the client"),
    "report.email_failed": _("could not email a monthly report"),
    "report.settings_updated": _("changed the report settings"),
}

FIELD_LABELS: dict[str, Any] = {
    "narrative": _("summary"), "trigger": _("sent"), "recipients": _("recipients"), "sha256": _("SHA-256"),
    "agency_name": _("agency name on reports"), "auto_send": _("send the reports on schedule"),
    "send_on_working_day": _("working day of the month to send on"), "logo": _("logo"), "logo_type": _("logo"),
    "error": _("error"),
}
