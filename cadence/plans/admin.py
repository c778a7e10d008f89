"""Django admin for staff: plans, their versions, change requests, templates and the live records.

Read-only: every model here is written by the services, which check the version rules, keep revisions for
optimistic locking and record an audit entry; an edit in the admin would do none of it.
"""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.plans.models import Answer, BriefAnswer, ChangeRequest, Plan, PlanRow, PlanTemplate, PlanVersion
from cadence.plans.records import KINDS


class PlanVersionInline(ReadOnlyAdminMixin, admin.TabularInline[PlanVersion, Plan]):
    model = PlanVersion
    extra = 0
    fields = ["number", "state", "based_on", "sha256", "submitted_at", "submitted_by", "decided_at", "decided_by"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Plan]):
    list_display = ["engagement", "workspace", "created_at", "updated_at"]
    list_filter = ["workspace"]
    search_fields = ["engagement__name", "engagement__client__name", "workspace__name"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
    list_select_related = ["engagement", "engagement__client", "workspace"]
    inlines = [PlanVersionInline]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[PlanVersion]):
    list_display = ["plan", "number", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "workspace"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["plan__engagement__client"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ChangeRequest]):
    list_display = ["version", "section", "author", "created_at", "resolved_at"]
    list_filter = ["section", "workspace"]
    readonly_fields = ["uuid", "created_at"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[PlanTemplate]):
    list_display = ["name", "language", "workspace", "created_at"]
    list_filter = ["workspace", "language"]
    search_fields = ["name"]
    readonly_fields = ["uuid", "created_at"]


class PlanRowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "plan", "revision", "position", "updated_at"]
    list_filter = ["workspace"]
    readonly_fields = ["uuid", "revision", "updated_at"]


_ROWS: list[type[PlanRow]] = [Answer, BriefAnswer, *(kind.model for kind in KINDS.values())]
admin.site.register(_ROWS, PlanRowAdmin)
