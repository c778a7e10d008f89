"""Process templates, engagements, their phases and gates, time entries and hour overrides."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.engagements.rollover import RolloverMode
from cadence.engagements.schedule import GateSpec, PhaseKind, PhaseSpec, TemplateSpec


class PhaseKindChoice(models.TextChoices):
    EFFORT = PhaseKind.EFFORT.value, _("Effort-driven (needs N hours)")
    DURATION = PhaseKind.DURATION.value, _("Duration-driven (takes working days)")
    CONTINUOUS = PhaseKind.CONTINUOUS.value, _("Continuous (a share of every month)")


class RolloverChoice(models.TextChoices):
    NONE = RolloverMode.NONE.value, _("Unused hours expire")
    CARRY = RolloverMode.CARRY.value, _("Carry unused hours to the next month, up to a cap")


class ProcessTemplate(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="templates")
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    builtin = models.BooleanField(default=False, help_text=_("Shipped with Cadence; copy it to change it."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-builtin", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="uniq_template_key")]
        verbose_name = _("process template")
        verbose_name_plural = _("process templates")

    def __str__(self) -> str:
        return self.name


class PhaseFields(models.Model):
    """The fields a phase has, in a template and in an engagement."""

    order = models.PositiveIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKindChoice.choices)
    effort_hours = models.DecimalField(
        _("effort (hours)"), max_digits=8, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    min_days = models.PositiveIntegerField(_("minimum working days"), default=0)
    expected_days = models.PositiveIntegerField(_("expected working days"), default=0)
    max_days = models.PositiveIntegerField(_("maximum working days"), default=0)
    share = models.DecimalField(
        _("guaranteed share"), max_digits=4, decimal_places=2, default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    not_before_month = models.PositiveIntegerField(_("not before month"), null=True, blank=True)
    alongside = models.SlugField(_("runs alongside"), max_length=60, blank=True)
    requires_gates = models.JSONField(_("gates required"), default=list, blank=True)
    category = models.SlugField(_("category"), max_length=40, blank=True)
    description = models.TextField(_("plain-language explanation"), blank=True)
    # Custom text per language ({"ro": "...", "ru": "..."}); see cadence/engagements/phase_fields.py.
    names = models.JSONField(_("name in each language"), default=dict, blank=True)
    descriptions = models.JSONField(_("explanation in each language"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def to_spec(self) -> PhaseSpec:
        return PhaseSpec(
            key=self.key, name=self.name, kind=PhaseKind(self.kind), effort_hours=Decimal(self.effort_hours),
            min_days=self.min_days, expected_days=self.expected_days, max_days=self.max_days,
            share=Decimal(self.share), not_before_month=self.not_before_month, alongside=self.alongside or None,
            requires_gates=tuple(self.requires_gates or ()), category=self.category, description=self.description,
        )


class GateFields(models.Model):
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=160)
    after_phase = models.SlugField(_("passes after phase"), max_length=60)
    description = models.TextField(_("plain-language explanation"), blank=True)
    names = models.JSONField(_("name in each language"), default=dict, blank=True)
    descriptions = models.JSONField(_("explanation in each language"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def to_spec(self) -> GateSpec:
        return GateSpec(key=self.key, name=self.name, after_phase=self.after_phase, description=self.description)


class TemplatePhase(PhaseFields):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="phases")

    class Meta(PhaseFields.Meta):
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="uniq_template_phase")]


class TemplateGate(GateFields):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="gates")

    class Meta(GateFields.Meta):
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="uniq_template_gate")]


class Engagement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="engagements")
    client = models.ForeignKey("core.Client", on_delete=models.PROTECT, related_name="engagements")
    name = models.CharField(_("name"), max_length=160)
    start_date = models.DateField(_("start date"))
    monthly_hours = models.DecimalField(
        _("hours per month"), max_digits=6, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(1000))],
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("Its public holidays are not working days."))
    subdivision = models.CharField(_("region"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Bucharest")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ro")
    template = models.ForeignKey(
        ProcessTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements",
        verbose_name=_("process template"),
    )
    rollover_mode = models.CharField(
        _("unused hours"), max_length=10, choices=RolloverChoice.choices, default=RolloverChoice.NONE
    )
    rollover_cap = models.DecimalField(
        _("carry-over cap (hours)"), max_digits=6, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client__name", "start_date"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.client.name}: {self.name}"

    def template_spec(self) -> TemplateSpec:
        phases = tuple(p.to_spec() for p in self.phases.all())
        gates = tuple(g.to_spec() for g in self.gates.all())
        return TemplateSpec(key=str(self.uuid), name=self.name, phases=phases, gates=gates)


class EngagementPhase(PhaseFields):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="phases")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta(PhaseFields.Meta):
        constraints = [models.UniqueConstraint(fields=["engagement", "key"], name="uniq_engagement_phase")]


class EngagementGate(GateFields):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="gates")
    passed_on = models.DateField(_("passed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta(GateFields.Meta):
        constraints = [models.UniqueConstraint(fields=["engagement", "key"], name="uniq_engagement_gate")]


class TimeEntry(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="time_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_entries")
    phase = models.ForeignKey(EngagementPhase, on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("phase"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(24))],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["engagement", "date"])]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")

    def __str__(self) -> str:
        return f"{self.date} {self.hours} h"


class HoursOverride(models.Model):
    """A manager's recorded permission to log more than a month's available hours."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="overrides")
    month_index = models.PositiveIntegerField(_("engagement month"))
    extra_hours = models.DecimalField(
        _("extra hours allowed"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month_index", "created_at"]
        verbose_name = _("hours override")
        verbose_name_plural = _("hours overrides")

    def __str__(self) -> str:
        return f"+{self.extra_hours} h (month {self.month_index})"
