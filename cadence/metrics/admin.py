"""Django admin for staff: the imports' rows, read-only (the services check the rules, write in one
transaction and write the audit trail; an edit here would do none of that)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.metrics.models import ImportBatch, MappingProfile, MetricFact


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ImportBatch]):
    list_display = ["file_name", "engagement", "status", "platform", "first_day", "last_day", "rows_written",
                    "created_by", "created_at"]
    list_filter = ["status", "platform", "workspace"]
    search_fields = ["file_name", "sha256", "engagement__name"]
    list_select_related = ["engagement", "created_by"]


@admin.register(MappingProfile)
class MappingProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[MappingProfile]):
    list_display = ["name", "workspace", "platform", "level", "updated_at"]
    search_fields = ["name"]


@admin.register(MetricFact)
class MetricFactAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[MetricFact]):
    list_display = ["engagement", "platform", "level", "campaign", "day", "day_end", "spend", "batch"]
    list_filter = ["platform", "level"]
    list_select_related = ["engagement", "batch"]
