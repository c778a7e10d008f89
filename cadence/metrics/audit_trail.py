"""This app's part of the audit trail (registered in ``registration.py``): readable names of the import
actions (``metrics.import.<verb>``, written by the services) and of the fields their changes name."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "metrics.import.upload": _("uploaded an export file"),
    "metrics.import.mapping": _("mapped the columns of an export file"),
    "metrics.import.confirm": _("imported an export file"),
    "metrics.import.undo": _("undid an import"),
    "metrics.import.discard": _("discarded an export file"),
    "metrics.import.profile": _("saved a column mapping"),
    "metrics.import.profile_delete": _("deleted a column mapping"),
}

FIELD_LABELS: dict[str, Any] = {
    "file_name": _("file name"), "platform": _("platform"), "variant": _("variant"), "level": _("level"),
    "currency": _("currency"), "exchange_rate": _("exchange rate"), "rows_written": _("rows written"),
    "first_day": _("first day"), "last_day": _("last day"), "mapping": _("column mapping"),
    "number_style": _("number format"), "date_format": _("date format"), "status": _("status"),
    "profile": _("column mapping"), "sha256": _("file hash"), "rows": _("rows"), "size": _("size"),
    "name": _("name"), "fields": _("columns"),
}
