"""This app's part of the audit trail (registered in ``registration.py``): link entries belong to the
engagement's history (``thread=engagement``); the naming rule is the workspace's."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "links.link.created": _("added a campaign link"),
    "links.link.updated": _("changed a campaign link"),
    "links.link.deleted": _("deleted a campaign link"),
    "links.rule.updated": _("changed the campaign links’ naming rule"),
}

FIELD_LABELS: dict[str, Any] = {
    "base_url": _("landing page"), "source": _("source"), "medium": _("medium"), "campaign": _("campaign"),
    "term": _("term"), "content": _("content"), "utm_id": _("campaign ID"), "url": _("campaign URL"),
    "lowercase": _("lower case only"), "separator": _("separator for spaces"),
    "extra_mediums": _("other mediums you use"),
}
