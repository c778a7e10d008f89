"""Django admin for staff: process templates, engagements, time and the read models.

Read-only: every model here is written by the services, which check the rules and record an audit
entry; an edit in the admin would do neither. Staff look things up here and change them in the app.
"""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.engagements.models import (
    ContractTerms,
    Engagement,
    EngagementGate,
    EngagementPhase,
    HoursOverride,
    MonthClose,
    MonthSummary,
    ProcessTemplate,
    ScheduleSnapshot,
    TemplateGate,
    TemplatePhase,
    TimeEntry,
)
from cadence.engagements.phase_fields import GATE_FIELDS, PHASE_FIELDS, columns

# The phase and gate columns come from cadence/engagements/phase_fields.py, the one list of a phase's fields.
PHASE_COLUMNS = list(columns(PHASE_FIELDS))
GATE_COLUMNS = list(columns(GATE_FIELDS))


class TemplatePhaseInline(ReadOnlyAdminMixin, admin.StackedInline[TemplatePhase, ProcessTemplate]):
    model = TemplatePhase
    extra = 0
    fields = [*PHASE_COLUMNS]


class TemplateGateInline(ReadOnlyAdminMixin, admin.StackedInline[TemplateGate, ProcessTemplate]):
    model = TemplateGate
    extra = 0
    fields = [*GATE_COLUMNS]


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ProcessTemplate]):
    list_display = ["name", "key", "workspace", "builtin", "created_at"]
    list_filter = ["builtin", "workspace"]
    search_fields = ["name", "key", "workspace__name"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["workspace"]
    inlines = [TemplatePhaseInline, TemplateGateInline]


class EngagementPhaseInline(ReadOnlyAdminMixin, admin.StackedInline[EngagementPhase, Engagement]):
    model = EngagementPhase
    extra = 0
    fields = [*PHASE_COLUMNS, "completed_on"]


class EngagementGateInline(ReadOnlyAdminMixin, admin.StackedInline[EngagementGate, Engagement]):
    model = EngagementGate
    extra = 0
    fields = [*GATE_COLUMNS, "passed_on", "note"]


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Engagement]):
    list_display = ["name", "client", "workspace", "start_date", "contract_months", "country", "archived"]
    list_filter = ["archived", "country", "workspace"]
    search_fields = ["name", "client__name", "workspace__name"]
    readonly_fields = ["uuid", "created_at"]
    raw_id_fields = ["workspace", "client", "template"]
    list_select_related = ["client", "workspace"]
    date_hierarchy = "start_date"
    inlines = [EngagementPhaseInline, EngagementGateInline]


@admin.register(TimeEntry)
class TimeEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[TimeEntry]):
    list_display = ["date", "hours", "user", "engagement", "phase", "note"]
    list_filter = ["workspace"]
    search_fields = ["user__email", "engagement__name", "note"]
    raw_id_fields = ["workspace", "engagement", "user", "phase"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["user", "engagement__client", "phase"]
    date_hierarchy = "date"


@admin.register(ContractTerms)
class ContractTermsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ContractTerms]):
    """Read-only: terms change through the Contract page (audited)."""

    list_display = ["engagement", "from_month", "monthly_hours", "rollover_mode", "rollover_cap", "created_at"]
    list_filter = ["workspace"]
    readonly_fields = ["uuid", "workspace", "engagement", "from_month", "monthly_hours", "rollover_mode",
                       "rollover_cap", "reason", "created_by", "created_at"]


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[MonthClose]):
    """Read-only: months close and reopen on the time page (audited)."""

    list_display = ["engagement", "month_index", "closed", "created_by", "created_at"]
    list_filter = ["workspace", "closed"]
    readonly_fields = ["uuid", "workspace", "engagement", "month_index", "closed", "reason", "created_by",
                       "created_at"]


@admin.register(HoursOverride)
class HoursOverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[HoursOverride]):
    list_display = ["engagement", "month_index", "extra_hours", "created_by", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["engagement__name", "reason"]
    raw_id_fields = ["workspace", "engagement", "created_by"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["engagement__client", "created_by"]


@admin.register(MonthSummary)
class MonthSummaryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[MonthSummary]):
    """Read-only: kept by the time-entry services (``cadence rebuild-summaries`` recomputes them)."""

    list_display = ["engagement", "month_index", "logged_hours"]
    list_filter = ["workspace"]
    readonly_fields = ["workspace", "engagement", "month_index", "logged_hours"]
    list_select_related = ["engagement__client"]


@admin.register(ScheduleSnapshot)
class ScheduleSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ScheduleSnapshot]):
    """Read-only: the stored schedule, recomputed by the pages when it is out of date."""

    list_display = ["engagement", "revision", "computed_for", "updated_at"]
    readonly_fields = ["engagement", "revision", "computed_for", "engine", "updated_at"]
    exclude = ["data"]
    list_select_related = ["engagement__client"]
