"""Comment threads (issue 12, "Comments and mentions").

* ``Thread``: the conversation about one object of an engagement, named by its kind and public id
  (``target_kind``, ``target_id``; ``target_key`` for a target that is a part of another object: a plan
  section is the engagement's uuid and the section's key). At most one per object. A thread is resolved
  (``resolved_at``) or open; a new comment on a resolved thread opens it again.
* ``Comment``: Markdown written by a member (``body``), ``internal`` when only the team may read it (client
  users never see an internal comment: not in the page, the API, the counts or a notification).
* ``Mention``: a person a comment names with ``@[Name](user-uuid)``; checked when written (they may see the
  object, and the team only for an internal comment).

The target's own row is never referenced by a key: the owning app resolves it (``access.TARGETS``), so a thread
belongs to its engagement and an object's deletion leaves its thread unreachable (nothing shows it).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager


class Thread(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    target_kind = models.CharField(_("kind"), max_length=20)
    target_id = models.UUIDField()
    target_key = models.CharField(max_length=40, blank=True, default="")
    title = models.CharField(_("title"), max_length=200, blank=True)  # the target's name when last written
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "target_kind", "target_id", "target_key"],
                                               name="uniq_comment_thread_target")]
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")

    def __str__(self) -> str:
        return self.title or f"{self.target_kind} {self.target_id}"


class Comment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))
    internal = models.BooleanField(_("internal (team only)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at"], name="comment_thread_time")]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class Mention(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    objects = WorkspaceScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="uniq_comment_mention")]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")

    def __str__(self) -> str:
        return f"{self.user_id} in {self.comment_id}"
