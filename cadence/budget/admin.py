"""Django admin for staff: the budget's rows, read-only (the services check the rules and write the audit
trail; an edit here would do neither)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.budget.models import BudgetActual, BudgetLine, BudgetPlan, BudgetSettings


@admin.register(BudgetSettings)
class BudgetSettingsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[BudgetSettings]):
    list_display = ["engagement", "first_month", "months", "overspend_reduces_next", "updated_at"]
    list_select_related = ["engagement"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[BudgetLine]):
    list_display = ["name", "engagement", "category", "channel", "position"]
    list_filter = ["category", "workspace"]
    search_fields = ["name", "engagement__name"]
    list_select_related = ["engagement"]


@admin.register(BudgetPlan)
class BudgetPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[BudgetPlan]):
    list_display = ["line", "month", "amount"]
    list_select_related = ["line"]


@admin.register(BudgetActual)
class BudgetActualAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[BudgetActual]):
    list_display = ["line", "month", "source", "amount", "updated_by", "updated_at"]
    list_filter = ["source"]
    list_select_related = ["line", "updated_by"]
