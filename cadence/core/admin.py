"""Django admin for staff: tenancy (workspaces, members, clients, invitations, audit); each app has its own
(``cadence/engagements/admin.py``).

Read-only: every model here is written by the services, which check the rules and record an audit
entry; an edit in the admin would do neither. Staff look things up here and change them in the app.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.core.models import AuditEntry, Client, ClientAccess, Invitation, Membership, Workspace


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline[Membership, Workspace]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Workspace)
class WorkspaceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Workspace]):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["uuid", "created_at"]
    inlines = [MembershipInline]


class ClientAccessInline(ReadOnlyAdminMixin, admin.TabularInline[ClientAccess, Membership]):
    model = ClientAccess
    fk_name = "membership"
    extra = 0
    fields = ["client", "role"]
    raw_id_fields = ["client"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Membership]):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role", "workspace"]
    search_fields = ["user__email", "user__full_name", "workspace__name"]
    raw_id_fields = ["user", "workspace"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["user", "workspace"]
    inlines = [ClientAccessInline]


@admin.register(Client)
class ClientAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Client]):
    list_display = ["name", "workspace", "country", "language", "created_at"]
    list_filter = ["workspace", "country", "language"]
    search_fields = ["name", "workspace__name"]
    readonly_fields = ["uuid", "created_at"]
    list_select_related = ["workspace"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Invitation]):
    list_display = ["email", "workspace", "role", "client", "client_role", "created_at", "expires_at",
                    "accepted_at", "revoked_at"]
    list_filter = ["role", "workspace"]
    search_fields = ["email", "workspace__name"]
    readonly_fields = ["uuid", "token_hash", "invited_by", "created_at", "accepted_at"]
    raw_id_fields = ["workspace", "client"]
    list_select_related = ["workspace", "client"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[AuditEntry]):
    list_display = ["created_at", "workspace", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "workspace"]
    search_fields = ["action", "object_repr", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["workspace", "actor"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]
