"""Django admin for staff: tenancy (workspaces, members, clients, invitations, audit) and engagements.

The audit trail is read-only. Staff edits made here bypass the services (and so the audit
trail): the admin is a support tool, the app is where work happens.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from cadence.core.models import AuditEntry, Client, ClientAccess, Invitation, Membership, Workspace
from cadence.engagements.models import (
    Engagement,
    EngagementGate,
    EngagementPhase,
    HoursOverride,
    ProcessTemplate,
    TemplateGate,
    TemplatePhase,
    TimeEntry,
)
from cadence.engagements.phase_fields import GATE_FIELDS, PHASE_FIELDS, columns


class _WorkspaceChildrenMixin:
    """Inline rows carry the parent's workspace (the denormalised tenant key)."""

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        for instance in formset.save(commit=False):
            instance.workspace = form.instance.workspace
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["uuid", "created_at"]
    inlines = [MembershipInline]


class ClientAccessInline(admin.TabularInline):
    model = ClientAccess
    fk_name = "membership"
    extra = 0
    fields = ["client", "role"]
    raw_id_fields = ["client"]


@admin.register(Membership)
class MembershipAdmin(_WorkspaceChildrenMixin, admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role", "workspace"]
    search_fields = ["user__email", "user__full_name", "workspace__name"]
    raw_id_fields = ["user", "workspace"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["user", "workspace"]
    inlines = [ClientAccessInline]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "country", "language", "created_at"]
    list_filter = ["workspace", "country", "language"]
    search_fields = ["name", "workspace__name"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["workspace"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "role", "client", "client_role", "created_at", "expires_at",
                    "accepted_at", "revoked_at"]
    list_filter = ["role", "workspace"]
    search_fields = ["email", "workspace__name"]
    readonly_fields = ["uuid", "token_hash", "invited_by", "created_at", "accepted_at"]
    raw_id_fields = ["workspace", "client"]
    list_select_related = ["workspace", "client"]

    def has_add_permission(self, request: Any) -> bool:
        return False  # invitations are sent from the team page, which emails the one-time link


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "workspace", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "workspace"]
    search_fields = ["action", "object_repr", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["workspace", "actor"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


# --- engagements ---------------------------------------------------------------------------

# The phase and gate columns come from cadence/engagements/phase_fields.py, the one list of a phase's fields.
PHASE_COLUMNS = list(columns(PHASE_FIELDS))
GATE_COLUMNS = list(columns(GATE_FIELDS))


class TemplatePhaseInline(admin.StackedInline):
    model = TemplatePhase
    extra = 0
    fields = PHASE_COLUMNS


class TemplateGateInline(admin.StackedInline):
    model = TemplateGate
    extra = 0
    fields = GATE_COLUMNS


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(_WorkspaceChildrenMixin, admin.ModelAdmin):
    list_display = ["name", "key", "workspace", "builtin", "created_at"]
    list_filter = ["builtin", "workspace"]
    search_fields = ["name", "key", "workspace__name"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["workspace"]
    inlines = [TemplatePhaseInline, TemplateGateInline]


class EngagementPhaseInline(admin.StackedInline):
    model = EngagementPhase
    extra = 0
    fields = [*PHASE_COLUMNS, "completed_on"]


class EngagementGateInline(admin.StackedInline):
    model = EngagementGate
    extra = 0
    fields = [*GATE_COLUMNS, "passed_on", "note"]


@admin.register(Engagement)
class EngagementAdmin(_WorkspaceChildrenMixin, admin.ModelAdmin):
    list_display = ["name", "client", "workspace", "start_date", "monthly_hours", "country", "archived"]
    list_filter = ["archived", "country", "workspace"]
    search_fields = ["name", "client__name", "workspace__name"]
    readonly_fields = ["uuid", "created_at"]
    raw_id_fields = ["workspace", "client", "template"]
    list_select_related = ["client", "workspace"]
    date_hierarchy = "start_date"
    inlines = [EngagementPhaseInline, EngagementGateInline]


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "hours", "user", "engagement", "phase", "note"]
    list_filter = ["workspace"]
    search_fields = ["user__email", "engagement__name", "note"]
    raw_id_fields = ["workspace", "engagement", "user", "phase"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["user", "engagement__client", "phase"]
    date_hierarchy = "date"


@admin.register(HoursOverride)
class HoursOverrideAdmin(admin.ModelAdmin):
    list_display = ["engagement", "month_index", "extra_hours", "created_by", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["engagement__name", "reason"]
    raw_id_fields = ["workspace", "engagement", "created_by"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["engagement__client", "created_by"]
