"""Outgoing webhooks: a workspace's endpoints and what was sent to them.

* ``Endpoint``: an HTTPS URL of the workspace's (``https://crm.example.com/hooks/cadence``), what it is for,
  the events it wants, its state (active, paused by an owner, or disabled: the receiver answered
  ``410 Gone``), and the signing secret Cadence generated (shown to owners, rotated by them).
* ``Delivery``: one event for one endpoint (unique per endpoint and event id): the JSON body built once, its
  state (pending, retrying, delivered, failed) and when it is tried next.
* ``Attempt``: every try of a delivery: when, how long it took, the response code, a short excerpt of the
  answer, or the error (a timeout, a refused connection, an address that is not public).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager

#: The events an endpoint may subscribe to (issue 12), in the order the form lists them.
EVENTS: tuple[str, ...] = ("plan.approved", "post.approved", "post.scheduled", "task.completed",
                           "import.finished", "kpi.status_changed", "report.sent")
#: The event a "send test" delivers.
PING = "ping"


class EndpointStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    DISABLED = "disabled", _("Disabled (the receiver answered 410 Gone)")


class Endpoint(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    url = models.CharField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)  # a list of EVENTS
    status = models.CharField(_("status"), max_length=10, choices=EndpointStatus.choices,
                              default=EndpointStatus.ACTIVE)
    secret = models.CharField(max_length=80, editable=False)
    secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Will be tried again")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField()
    kind = models.CharField(max_length=40)
    body = models.TextField()  # the exact JSON sent (and signed) on every attempt
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)  # of the current round (a redelivery starts one)
    # Which round the queued attempts belong to: a redelivery starts the next one, and an attempt queued for an
    # earlier round does nothing (its attempt count alone could match the new round's).
    round = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhooks_one_per_event")]
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhooks_delivery_log")]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id}"


class Attempt(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.started_at:%Y-%m-%d %H:%M:%S}"
