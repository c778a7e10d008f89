"""Django admin for staff: the webhooks' rows, read-only (the services check the rules and write the audit
trail; the secret is never shown here)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.webhooks.models import Attempt, Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Endpoint]):
    list_display = ["url", "workspace", "status", "created_at"]
    list_filter = ["status"]
    exclude = ["secret"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Delivery]):
    list_display = ["kind", "endpoint", "status", "attempts", "last_status_code", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["endpoint"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Attempt]):
    list_display = ["delivery", "started_at", "status_code", "duration_ms", "error"]
