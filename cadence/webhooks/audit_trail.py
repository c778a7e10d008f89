"""This app's part of the audit trail: readable names of the actions it records and of the fields their
changes name (on the workspace's trail: an endpoint belongs to no engagement)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "webhook.created": _("added a webhook endpoint"),
    "webhook.updated": _("changed a webhook endpoint"),
    "webhook.deleted": _("deleted a webhook endpoint"),
    "webhook.secret_rotated": _("replaced the signing secret of a webhook endpoint"),
    "webhook.test_sent": _("sent a test delivery to a webhook endpoint"),
    "webhook.redelivered": _("sent a webhook delivery again"),
    "webhook.disabled": _("disabled a webhook endpoint whose receiver answered 410 Gone"),
}

FIELD_LABELS: dict[str, Any] = {
    "url": _("URL"), "events": _("events"), "status_code": _("response code"), "delivery": _("delivery"),
    "event": _("event"),
}
