"""Django admin for staff: the content calendar's rows, read-only (the services check the workflow, keep
revisions and approvals and write the audit trail; an edit here would do none of it)."""

from __future__ import annotations

from django.contrib import admin

from cadence.accounts.admin import ReadOnlyAdminMixin
from cadence.content.models import ContentSettings, FrequencyPlan, Post, PostMedia, PostReview


class MediaInline(ReadOnlyAdminMixin, admin.TabularInline[PostMedia, Post]):
    model = PostMedia
    extra = 0
    fields = ["file", "position"]


class ReviewInline(ReadOnlyAdminMixin, admin.TabularInline[PostReview, Post]):
    model = PostReview
    extra = 0
    fields = ["decision", "comment", "reviewer", "revision", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Post]):
    list_display = ["__str__", "engagement", "channel", "format", "status", "publish_at", "revision",
                    "approved_revision"]
    list_filter = ["status", "channel", "workspace"]
    search_fields = ["title", "caption", "engagement__name"]
    readonly_fields = ["uuid", "revision", "approved_revision", "approved_by", "approved_at", "published_at",
                       "created_by", "created_at", "updated_at"]
    list_select_related = ["engagement"]
    inlines = [MediaInline, ReviewInline]


@admin.register(FrequencyPlan)
class FrequencyPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[FrequencyPlan]):
    list_display = ["engagement", "channel", "per_week", "weekdays"]
    list_filter = ["channel", "workspace"]
    list_select_related = ["engagement"]


@admin.register(ContentSettings)
class ContentSettingsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ContentSettings]):
    list_display = ["engagement", "approval_required", "feed_created_at"]
    list_filter = ["approval_required", "workspace"]
    readonly_fields = ["feed_token_hash", "feed_created_at"]
    list_select_related = ["engagement"]
