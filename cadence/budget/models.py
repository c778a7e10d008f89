"""The budget of an engagement (seed 002's template): lines by category and channel, planned and actual
amounts month by month, actuals kept per source (manual, imported).

Months are calendar months, stored as their first day. Money is ``Decimal`` with two places, in the
engagement's currency (the budget has no currency of its own). Every row carries ``workspace``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager

AMOUNT_DIGITS = 14


class Category(models.TextChoices):
    SOFTWARE_TOOLS = "software_tools", _("Software and tools")
    ADVERTISING = "advertising", _("Advertising")
    SERVICES = "services", _("Services")
    DIGITAL_ASSETS = "digital_assets", _("Digital assets")


class AdChannel(models.TextChoices):
    """Where an advertising line is spent (other categories may leave it empty)."""

    META = "meta", "Meta (Facebook, Instagram)"
    GOOGLE_ADS = "google_ads", "Google Ads"
    TIKTOK = "tiktok", "TikTok"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"
    TELEGRAM_ADS = "telegram_ads", "Telegram Ads"
    YANDEX_DIRECT = "yandex_direct", "Yandex Direct"
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORTED = "imported", _("Imported")


class BudgetSettings(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE,
                                      related_name="budget_settings")
    first_month = models.DateField(_("first month"))
    months = models.PositiveSmallIntegerField(_("number of months"), default=12)
    overspend_reduces_next = models.BooleanField(
        _("an overspend is taken from the next month's advertising budget"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        verbose_name = _("budget settings")
        verbose_name_plural = _("budget settings")

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.first_month:%Y-%m} +{self.months}"


class BudgetLine(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=AdChannel.choices, blank=True, default="")
    name = models.CharField(_("name"), max_length=160)
    objective_uid = models.UUIDField(_("objective"), null=True, blank=True)
    initiative = models.ForeignKey("board.Initiative", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="budget_lines", verbose_name=_("initiative"))
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [models.Index(fields=["engagement", "position"])]

    def __str__(self) -> str:
        return self.name


class BudgetPlan(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="planned")
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("planned"), max_digits=AMOUNT_DIGITS, decimal_places=2)

    objects = WorkspaceScopedManager()

    class Meta:
        verbose_name = _("planned amount")
        verbose_name_plural = _("planned amounts")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="budget_plan_line_month"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_plan_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.month:%Y-%m}: {self.amount}"


class BudgetActual(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="actuals")
    month = models.DateField(_("month"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    amount = models.DecimalField(_("actual"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        verbose_name = _("actual amount")
        verbose_name_plural = _("actual amounts")
        constraints = [
            models.UniqueConstraint(fields=["line", "month", "source"], name="budget_actual_line_month_source"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_actual_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.month:%Y-%m} {self.source}: {self.amount}"
