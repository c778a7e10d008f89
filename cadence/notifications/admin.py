"""Django admin for staff: the notifications' rows, read-only (the services write them)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.notifications.models import Digest, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Notification]):
    list_display = ["kind", "title", "user", "workspace", "channel", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "channel", "workspace"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Preference]):
    list_display = ["user", "kind", "channel", "updated_at"]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Digest]):
    list_display = ["user", "workspace", "day", "items", "sent_at", "error"]
