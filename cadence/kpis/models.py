"""KPIs and their control (seed 003: agreed up front, controlled regularly, together with the client).

* ``Kpi``: one indicator of an engagement. It comes from the plan's goal tree (``plan_task``: an SMM task with
  its KPI) or is added directly. Its value per period is computed from the imported metric facts
  (``metric_key``: a key of ``cadence.plans.domain.metrics.METRICS``, optionally filtered by platform, campaign
  name and GA4 channel group) or entered by hand (``metric_key == "manual"``: ``KpiEntry`` rows). Baseline, the
  three target levels (acceptable, optimal, best), the due date and the direction say what success is.
  ``status`` is the last evaluation (on track / at risk / off track / no data); ``status_code`` and
  ``status_params`` keep its reason as data so every reader gets it worded in their own language.
* ``KpiEntry``: a value entered by hand with its date (follower count, leads from the CRM).
* ``ControlPoint``: a review date of a KPI and what was decided then; a decision can create a board card.
* ``KpiAlert``: one per person to alert and status change that worsened (in the app; emailed once).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager

VALUE_DIGITS, VALUE_PLACES = 18, 4


class Status(models.TextChoices):
    NO_DATA = "no_data", _("No data yet")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class Aggregation(models.TextChoices):
    """How a period's value is formed from a measure's daily values (ratios are always ratios of sums)."""

    SUM = "sum", _("Sum over the period")
    AVERAGE = "average", _("Daily average")
    LAST = "last", _("Last value in the period")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Kpi(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="kpis")
    plan_task = models.ForeignKey("plans.SmmTask", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("SMM task of the plan"))
    name = models.CharField(_("name"), max_length=200)
    metric_key = models.CharField(_("metric"), max_length=60)
    aggregation = models.CharField(_("value of a period"), max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    # filters of a computed KPI ("" = all)
    platform = models.CharField(_("platform"), max_length=20, blank=True)
    campaign_contains = models.CharField(_("campaign name contains"), max_length=200, blank=True)
    channel_group = models.CharField(_("channel group"), max_length=40, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)  # a manual KPI's unit ("leads", "RON")
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    baseline = models.DecimalField(_("baseline"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES,
                                   null=True, blank=True)
    baseline_date = models.DateField(_("baseline measured on"), null=True, blank=True)
    acceptable = models.DecimalField(_("acceptable level"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES,
                                     null=True, blank=True)
    optimal = models.DecimalField(_("optimal level"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES,
                                  null=True, blank=True)
    best = models.DecimalField(_("best level"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES,
                               null=True, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # the last evaluation (services.evaluate): status, its reason as data, when it last changed
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NO_DATA,
                              editable=False)
    status_code = models.CharField(max_length=40, blank=True, editable=False)
    status_params = models.JSONField(default=dict, blank=True, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    evaluated_at = models.DateTimeField(null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        indexes = [models.Index(fields=["engagement", "position"], name="kpis_kpi_engagement")]

    def __str__(self) -> str:
        return self.name


class KpiEntry(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="entries")
    day = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("value entered by hand")
        verbose_name_plural = _("values entered by hand")
        constraints = [models.UniqueConstraint(fields=["kpi", "day"], name="kpis_entry_one_per_day")]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.day}: {self.value}"


class ControlPoint(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="control_points")
    review_on = models.DateField(_("review date"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("reviewer"))
    # what the KPI showed when the decision was recorded
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True,
                                editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, blank=True, editable=False)
    decision = models.TextField(_("decision"), blank=True)  # Markdown
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    task = models.ForeignKey("board.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("task on the board"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["review_on", "id"]
        verbose_name = _("control point")
        verbose_name_plural = _("control points")

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.review_on}"


class KpiAlert(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="alerts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    old_status = models.CharField(max_length=10, choices=Status.choices)
    new_status = models.CharField(max_length=10, choices=Status.choices)
    status_code = models.CharField(max_length=40, blank=True)
    status_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("KPI alert")
        verbose_name_plural = _("KPI alerts")
        indexes = [models.Index(fields=["user", "read_at"], name="kpis_alert_user_unread")]

    def __str__(self) -> str:
        return f"{self.kpi_id}: {self.old_status} -> {self.new_status}"
