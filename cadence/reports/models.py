"""The monthly client report (seed 002's reporting: what came of what we did, what next, is the strategy
working, what can we improve).

* ``ReportSettings``: per workspace, the agency's name and logo on every report, and the schedule: send each
  engagement's report for the previous month on its ``send_on_working_day``-th working day (the engagement's
  country's working days), when ``auto_send`` is on.
* ``MonthlyReport``: one per engagement and month (``month`` is the month's first day): the manager's
  narrative (Markdown; pre-filled with a draft from the numbers until someone edits it) and whether it was
  sent. Its figures are not stored: they are read live (``reports.queries``) until it is sent.
* ``ReportDelivery``: the archive: every sending, when, by whom (none: the schedule), to whom, in which
  language, and the exact PDF that went out (with its SHA-256).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager


def logo_path(instance: ReportSettings, filename: str) -> str:
    return f"reports/{instance.workspace_id}/logo-{uuid.uuid4().hex}"


def pdf_path(instance: ReportDelivery, filename: str) -> str:
    return f"reports/{instance.workspace_id}/{instance.uuid}.pdf"


class ReportSettings(models.Model):
    workspace = models.OneToOneField("core.Workspace", on_delete=models.CASCADE, related_name="+")
    agency_name = models.CharField(_("agency name on reports"), max_length=160, blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_path, max_length=300, blank=True)
    logo_type = models.CharField(max_length=40, blank=True, editable=False)  # the content type read from it
    auto_send = models.BooleanField(_("send the reports on schedule"), default=False)
    send_on_working_day = models.PositiveSmallIntegerField(_("working day of the month to send on"), default=3)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)

    objects = WorkspaceScopedManager()

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"{self.workspace_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class MonthlyReport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("month"))  # its first day
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT, editable=False)
    narrative = models.TextField(_("narrative"), blank=True)  # Markdown (nh3 when shown)
    narrative_edited = models.BooleanField(default=False, editable=False)  # False: the draft is the app's
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)  # the first sending

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-month", "id"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [models.UniqueConstraint(fields=["engagement", "month"], name="reports_one_per_month")]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.month:%Y-%m}"


class Trigger(models.TextChoices):
    MANUAL = "manual", _("Sent by a manager")
    SCHEDULE = "schedule", _("Sent on schedule")


class ReportDelivery(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="deliveries")
    trigger = models.CharField(_("sent"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", editable=False)
    recipients = models.JSONField(default=list)  # [{"email": ..., "name": ..., "language": ...}]
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=300)
    pdf = models.FileField(upload_to=pdf_path, max_length=300)
    pdf_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField(default=0)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("report sent")
        verbose_name_plural = _("reports sent")

    def __str__(self) -> str:
        return f"{self.report_id} {self.sent_at:%Y-%m-%d %H:%M}"
