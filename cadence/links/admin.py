"""Django admin for staff: the links' rows, read-only (the services build the URL and write the audit trail;
an edit here would do neither)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.links.models import UtmLink, UtmRule


@admin.register(UtmLink)
class UtmLinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[UtmLink]):
    list_display = ["name", "engagement", "source", "medium", "campaign", "created_at"]
    search_fields = ["name", "campaign", "url"]


@admin.register(UtmRule)
class UtmRuleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[UtmRule]):
    list_display = ["workspace", "lowercase", "separator"]
