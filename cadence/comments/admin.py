"""Django admin for staff: the comments' rows, read-only (the services check mentions, write the audit trail and
tell the people mentioned; an edit here would do none of it)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.comments.models import Comment, Mention, Thread


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Thread]):
    list_display = ["title", "target_kind", "engagement", "resolved_at", "created_at"]
    list_filter = ["target_kind", "workspace"]
    list_select_related = ["engagement"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Comment]):
    list_display = ["__str__", "thread", "author", "internal", "created_at", "edited_at"]
    list_filter = ["internal", "workspace"]
    list_select_related = ["thread", "author"]


@admin.register(Mention)
class MentionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Mention]):
    list_display = ["comment", "user"]
    list_select_related = ["comment", "user"]
