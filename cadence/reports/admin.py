"""Django admin for staff: the reports' rows, read-only (the services check the rules and write the audit
trail; an edit here would do neither)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ReportSettings]):
    list_display = ["workspace", "agency_name", "auto_send", "send_on_working_day", "updated_at"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[MonthlyReport]):
    list_display = ["engagement", "month", "status", "sent_at", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["engagement"]


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ReportDelivery]):
    list_display = ["report", "trigger", "sent_at", "sent_by", "language", "pdf_sha256"]
    list_filter = ["trigger"]
    list_select_related = ["report", "sent_by"]
