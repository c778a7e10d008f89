from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from cadence.accounts.models import ApiToken, User


class ReadOnlyAdminMixin:
    """View only: no add, change or delete. Audited models are written through the services (which check
    the rules and record who changed what); profiles, passwords and tokens change in the app (where a
    new password also revokes the person's API tokens)."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdminMixin, DjangoUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["uuid", "date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["uuid", "email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ApiToken]):
    """Tokens are created and revoked by their owner in the app (the raw value is shown once)."""

    list_display = ["name", "user", "scope", "hint", "created_at", "valid_until", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "scope"]
    search_fields = ["name", "user__email", "hint"]
    fields = ["uuid", "user", "name", "scope", "hint", "token_hash", "created_at", "valid_until", "last_used_at",
              "revoked_at"]
