"""Django admin for staff: the KPIs' rows, read-only (the services check the rules, evaluate and write the audit
trail; an edit here would do none of it)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.kpis.models import ControlPoint, Kpi, KpiAlert, KpiEntry


@admin.register(Kpi)
class KpiAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Kpi]):
    list_display = ["name", "engagement", "metric_key", "status", "status_code", "due", "evaluated_at"]
    list_filter = ["status", "workspace"]
    search_fields = ["name", "engagement__name", "metric_key"]
    list_select_related = ["engagement"]


@admin.register(KpiEntry)
class KpiEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[KpiEntry]):
    list_display = ["kpi", "day", "value", "created_by"]
    list_select_related = ["kpi", "created_by"]


@admin.register(ControlPoint)
class ControlPointAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ControlPoint]):
    list_display = ["kpi", "review_on", "status", "decided_by", "task"]
    list_select_related = ["kpi", "decided_by", "task"]


@admin.register(KpiAlert)
class KpiAlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[KpiAlert]):
    list_display = ["kpi", "user", "old_status", "new_status", "created_at", "emailed_at", "read_at"]
    list_filter = ["new_status"]
    list_select_related = ["kpi", "user"]
