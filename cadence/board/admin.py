"""Django admin for staff: the board's rows, read-only (the services check the rules, keep revisions and write
the audit trail; an edit here would do none of it)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.board.models import (
    BoardSettings,
    ChecklistItem,
    EngagementBoard,
    Label,
    RecurringTask,
    Task,
    TaskAttachment,
    TaskTemplate,
    TaskTime,
)


class ChecklistInline(ReadOnlyAdminMixin, admin.TabularInline[ChecklistItem, Task]):
    model = ChecklistItem
    extra = 0
    fields = ["text", "done", "position"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Task]):
    list_display = ["title", "engagement", "column", "assignee", "due", "estimate", "updated_at"]
    list_filter = ["column", "workspace"]
    search_fields = ["title", "engagement__name"]
    readonly_fields = ["uuid", "revision", "created_at", "updated_at"]
    list_select_related = ["engagement", "assignee"]
    inlines = [ChecklistInline]


@admin.register(Label)
class LabelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Label]):
    list_display = ["name", "colour", "workspace"]
    list_filter = ["workspace"]


@admin.register(RecurringTask)
class RecurringTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[RecurringTask]):
    list_display = ["title", "engagement", "kind", "starts_on", "ends_on", "active"]
    list_filter = ["kind", "active", "workspace"]
    list_select_related = ["engagement"]


@admin.register(TaskTemplate)
class TaskTemplateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[TaskTemplate]):
    list_display = ["title", "template", "phase_key", "role", "estimate", "position"]
    list_filter = ["phase_key", "workspace"]
    list_select_related = ["template"]


class BoardRowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_filter = ["workspace"]


admin.site.register([BoardSettings, EngagementBoard, TaskTime, TaskAttachment], BoardRowAdmin)
