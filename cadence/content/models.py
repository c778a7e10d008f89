"""The content calendar of an engagement: posts (channel, format, publish time, caption, hashtags, media,
link, what they serve, status), the client's reviews of them, the posting-frequency plan per channel and
the engagement's calendar settings (client approval required; the secret of the iCalendar feed).

Every row carries ``workspace`` (scoping, ``core/workspace_keys.py``) and, below it, its ``engagement``.
The plan's objectives are another app's: a post stores the objective's uuid (``objective_uid``), read
through ``cadence.plans`` queries. The pure rules are in ``domain/``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.content.domain.channels import Channel, Format, Status
from cadence.core.scoping import WorkspaceScopedManager


class ChannelChoice(models.TextChoices):
    INSTAGRAM = Channel.INSTAGRAM.value, "Instagram"
    FACEBOOK = Channel.FACEBOOK.value, "Facebook"
    TIKTOK = Channel.TIKTOK.value, "TikTok"
    LINKEDIN = Channel.LINKEDIN.value, "LinkedIn"
    YOUTUBE = Channel.YOUTUBE.value, "YouTube"
    X = Channel.X.value, "X"
    TELEGRAM = Channel.TELEGRAM.value, "Telegram"
    PINTEREST = Channel.PINTEREST.value, "Pinterest"
    NEWSLETTER = Channel.NEWSLETTER.value, _("Email newsletter")
    BLOG = Channel.BLOG.value, _("Blog")


class FormatChoice(models.TextChoices):
    IMAGE = Format.IMAGE.value, _("Image")
    CAROUSEL = Format.CAROUSEL.value, _("Carousel")
    VIDEO = Format.VIDEO.value, _("Reel or video")
    STORY = Format.STORY.value, _("Story")
    TEXT = Format.TEXT.value, _("Text")
    ARTICLE = Format.ARTICLE.value, _("Article")


class StatusChoice(models.TextChoices):
    IDEA = Status.IDEA.value, _("Idea")
    DRAFT = Status.DRAFT.value, _("Draft")
    IN_REVIEW = Status.IN_REVIEW.value, _("In review")
    APPROVED = Status.APPROVED.value, _("Approved")
    SCHEDULED = Status.SCHEDULED.value, _("Scheduled")
    PUBLISHED = Status.PUBLISHED.value, _("Published")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class ContentSettings(models.Model):
    """An engagement's calendar settings: whether the client must approve posts before they are scheduled,
    and the iCalendar feed's secret (only its SHA-256 is stored; revoking clears it)."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    approval_required = models.BooleanField(_("client approval required"), default=True)
    feed_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    feed_created_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = WorkspaceScopedManager()

    def __str__(self) -> str:
        return f"content settings of {self.engagement_id}"


class Post(models.Model):
    """A post on the content calendar. ``publish_at`` is stored in UTC and shown in the engagement's time
    zone; an idea may have no date yet. ``revision`` grows with every edit of what the client approves
    (caption, hashtags, media, link, channel, format, time); ``approved_revision`` is the one approved."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=16, choices=ChannelChoice.choices)
    format = models.CharField(_("format"), max_length=12, choices=FormatChoice.choices)
    title = models.CharField(_("working title"), max_length=200, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    hashtags = models.JSONField(_("hashtags"), default=list, blank=True)  # ["spring", ...] without "#"
    publish_at = models.DateTimeField(_("publish date and time"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=StatusChoice.choices, default=StatusChoice.DRAFT)
    link = models.ForeignKey("links.UtmLink", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("link"))
    objective_uid = models.UUIDField(_("objective"), null=True, blank=True)  # plans' Objective.uuid
    initiative = models.ForeignKey("board.Initiative", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("initiative"))
    phase = models.ForeignKey("engagements.EngagementPhase", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("phase"))
    paid = models.BooleanField(_("paid promotion"), default=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("author"))
    revision = models.PositiveIntegerField(default=1, editable=False)
    approved_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["publish_at", "id"]
        indexes = [models.Index(fields=["engagement", "publish_at"], name="post_calendar"),
                   models.Index(fields=["engagement", "status"], name="post_status")]

    def __str__(self) -> str:
        return self.title or self.caption[:60] or str(self.uuid)


class PostMedia(models.Model):
    """A file of the engagement (``cadence.files``) carried by a post, in order."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    file = models.ForeignKey("files.EngagementFile", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "file"], name="uniq_post_media")]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.file_id}"


class PostReview(models.Model):
    """A decision on a post: the client approver's (or a manager's when the client need not approve)
    approval, or changes requested with a comment; also kept when an edit sent an approved post back."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 related_name="+")
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    revision = models.PositiveIntegerField()  # the post's revision the decision was about
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.decision}"


class FrequencyPlan(models.Model):
    """How often an engagement posts on a channel (e.g. Instagram 3 a week), with the preferred weekdays
    (Monday = 0) the calendar proposes its empty slots on."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=16, choices=ChannelChoice.choices)
    per_week = models.PositiveSmallIntegerField(_("posts a week"),
                                                validators=[MinValueValidator(1), MaxValueValidator(50)])
    weekdays = models.JSONField(_("preferred days"), default=list, blank=True)  # [0..6]

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["channel"]
        constraints = [models.UniqueConstraint(fields=["engagement", "channel"], name="uniq_frequency_channel")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.per_week}/week"
