"""Notifications: what a person should know about, in the app (the bell, the list) and by email.

* ``Notification``: one per recipient and event (``event_id``, unique with the user), made by the listener of
  ``cadence.core.events.event_committed`` (``receivers.py``). It keeps the event's plain facts (kind, the
  subject's title, a link, ``data``) so that it is worded in the reader's language when shown or emailed.
  ``channel`` is how it is delivered (the person's preference when it was made): in the app only, emailed at
  once (``emailed_at``), or in the next daily digest (``digest``).
* ``Preference``: a person's choice for one kind (no row: the kind's default, ``domain.kinds.DEFAULTS``).
* ``Digest``: the daily digest sent to a person in a workspace for a day (unique: never twice a day).
* ``DueReminder``: "due tomorrow" told for a task on a day (unique: never twice a day).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager
from cadence.notifications.domain.kinds import Channel

CHANNEL_CHOICES = [
    (Channel.APP.value, _("In the app")),
    (Channel.EMAIL.value, _("Email immediately")),
    (Channel.DIGEST.value, _("Daily digest")),
    (Channel.OFF.value, _("Off")),
]


class Digest(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user", "day"], name="notifications_digest_once")]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class Notification(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event_id = models.UUIDField()
    kind = models.CharField(max_length=60)
    engagement = models.ForeignKey("engagements.Engagement", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=200, blank=True)
    url = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=10, choices=CHANNEL_CHOICES, default=Channel.APP.value)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications")

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "event_id"], name="notifications_once_per_event")]
        indexes = [models.Index(fields=["user", "workspace", "read_at"], name="notifications_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class Preference(models.Model):
    """A person's channel for one kind, in every workspace (a person's own setting, like their language)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=CHANNEL_CHOICES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once")]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"


class DueReminder(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    task_id = models.CharField(max_length=64)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "task_id", "day"],
                                               name="notifications_due_once")]
        verbose_name = _("due reminder")
        verbose_name_plural = _("due reminders")

    def __str__(self) -> str:
        return f"{self.task_id} {self.day}"
