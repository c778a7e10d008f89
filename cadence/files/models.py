"""An engagement's files. The bytes live in Django's default storage (local disk, or S3-compatible storage
when configured: ``cadence/files/storage.py``); the row keeps what was checked at upload: the type read from
the content (never the name), the size, the SHA-256 and, for images, the dimensions and a preview."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager


class FileKindChoice(models.TextChoices):
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    ARCHIVE = "archive", _("Archive")


def blob_path(instance: EngagementFile, filename: str) -> str:
    # The stored name never uses the user's file name (only the uuid and the checked extension).
    return f"w/{instance.workspace_id}/e/{instance.engagement_id}/{instance.uuid}{instance.extension}"


def preview_path(instance: EngagementFile, filename: str) -> str:
    return f"w/{instance.workspace_id}/e/{instance.engagement_id}/{instance.uuid}.preview.webp"


class EngagementFile(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=255)  # the name shown (cleaned upload name)
    description = models.CharField(_("description"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=FileKindChoice.choices)
    content_type = models.CharField(max_length=100)  # detected from the bytes
    extension = models.CharField(max_length=10)  # ".jpg", from the detected type
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    blob = models.FileField(upload_to=blob_path, max_length=300)
    preview = models.FileField(upload_to=preview_path, max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-uploaded_at", "id"]
        indexes = [models.Index(fields=["engagement", "uploaded_at"], name="file_engagement_recent")]

    def __str__(self) -> str:
        return self.name
