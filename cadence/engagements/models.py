"""Process templates, engagements, their phases and gates, time entries and hour overrides."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from cadence.core import audit
from cadence.core.models import AuditEntry
from cadence.core.scoping import EngagementScopedManager, WorkspaceScopedManager
from cadence.engagements.domain.limits import MAX_MONTHLY_HOURS, MIN_MONTHLY_HOURS
from cadence.engagements.domain.rollover import RolloverMode
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

    objects = WorkspaceScopedManager()

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
    client_approvable = models.BooleanField(
        _("the client approves it"), default=False,
        help_text=_("The client's approver can confirm it from the client view (e.g. the plan approval)."),
    )

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def to_spec(self) -> GateSpec:
        return GateSpec(key=self.key, name=self.name, after_phase=self.after_phase, description=self.description,
                        client_approvable=self.client_approvable)


class TemplatePhase(PhaseFields):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="phases")

    objects = WorkspaceScopedManager()

    class Meta(PhaseFields.Meta):
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="uniq_template_phase")]


class TemplateGate(GateFields):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="gates")

    objects = WorkspaceScopedManager()

    class Meta(GateFields.Meta):
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="uniq_template_gate")]


class Engagement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="engagements")
    client = models.ForeignKey("core.Client", on_delete=models.PROTECT, related_name="engagements")
    name = models.CharField(_("name"), max_length=160)
    start_date = models.DateField(_("start date"))
    country = models.CharField(_("country"), max_length=2, help_text=_("Its public holidays are not working days."))
    subdivision = models.CharField(_("region"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Bucharest")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ro")
    template = models.ForeignKey(
        ProcessTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements",
        verbose_name=_("process template"),
    )
    contract_months = models.PositiveIntegerField(
        _("contract length (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)], help_text=_("Empty: open-ended."),
    )
    close_after_days = models.PositiveIntegerField(
        _("days until a month closes"), default=5, validators=[MaxValueValidator(366)],
        help_text=_("A month's time entries are locked this many days after it ends."),
    )
    archived = models.BooleanField(_("archived"), default=False)
    # The team member who answers for the engagement: KPI alerts and the monthly report go through them
    # (none: the workspace's owners and managers).
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("account manager"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped (``revisions.bump_revision``) by every service that changes what the schedule is computed from;
    # the stored schedule (``ScheduleSnapshot``) and the ETags are only valid for one revision.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["client__name", "start_date"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.client.name}: {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An update never writes ``revision`` back: only ``readmodels.bump_revision`` moves it, so an
        instance loaded before a write cannot put an older revision back."""
        if not self._state.adding and self.pk is not None and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [f.attname for f in self._meta.concrete_fields
                                       if not f.primary_key and f.attname != "revision" and f.attname not in deferred]
        super().save(*args, **kwargs)

    # The contract terms live in ContractTerms rows (one source of truth); these read the terms in force
    # in the current month, for display and for the API.
    def terms_history(self) -> list[ContractTerms]:
        """Every terms row, first month first (uses a ``prefetch_related("contract_terms")``)."""
        return sorted(self.contract_terms.all(), key=lambda t: t.from_month)

    def terms_in(self, month: int) -> ContractTerms:
        """The terms in force in engagement month ``month`` (the first terms before the start)."""
        rows = self.terms_history()
        found = rows[0]
        for row in rows:
            if row.from_month <= month:
                found = row
        return found

    @property
    def current_terms(self) -> ContractTerms:
        from cadence.engagements.queries import current_month

        return self.terms_in(max(current_month(self), 1))

    @property
    def monthly_hours(self) -> Decimal:
        return Decimal(self.current_terms.monthly_hours)

    @property
    def rollover_mode(self) -> str:
        return self.current_terms.rollover_mode

    @property
    def rollover_cap(self) -> Decimal:
        return Decimal(self.current_terms.rollover_cap)

    @property
    def audit_entries(self) -> models.QuerySet[AuditEntry]:
        """Its history: the audit entries whose thread is this engagement (its own, its phases', gates' and
        time entries'), newest first."""
        return audit.history(self.workspace_id, self)

    def template_spec(self) -> TemplateSpec:
        phases = tuple(p.to_spec() for p in self.phases.all())
        gates = tuple(g.to_spec() for g in self.gates.all())
        return TemplateSpec(key=str(self.uuid), name=self.name, phases=phases, gates=gates)


class ContractTerms(models.Model):
    """The contract's hours and rollover rule from an engagement month on (until the next row's month)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="contract_terms")
    from_month = models.PositiveIntegerField(_("from engagement month"), validators=[MinValueValidator(1)])
    monthly_hours = models.DecimalField(
        _("hours per month"), max_digits=6, decimal_places=2,
        validators=[MinValueValidator(MIN_MONTHLY_HOURS), MaxValueValidator(MAX_MONTHLY_HOURS)],
    )
    rollover_mode = models.CharField(
        _("unused hours"), max_length=10, choices=RolloverChoice.choices, default=RolloverChoice.NONE
    )
    rollover_cap = models.DecimalField(
        _("carry-over cap (hours)"), max_digits=6, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
    )
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["from_month"]
        constraints = [models.UniqueConstraint(fields=["engagement", "from_month"], name="uniq_terms_month")]
        verbose_name = _("contract terms")
        verbose_name_plural = _("contract terms")

    def __str__(self) -> str:
        return f"{self.monthly_hours} h from month {self.from_month}"


class MonthClose(models.Model):
    """A manager closing (``closed``) or reopening a month's time entries; the latest row per month wins."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="month_closes")
    month_index = models.PositiveIntegerField(_("engagement month"))
    closed = models.BooleanField(_("closed"))
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["month_index", "created_at", "id"]
        verbose_name = _("month close")
        verbose_name_plural = _("month closes")

    def __str__(self) -> str:
        return f"month {self.month_index} {'closed' if self.closed else 'reopened'}"


class EngagementPhase(PhaseFields):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="phases")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The manager chose to keep the phase open although later phases got hours (asked once).
    keep_open_since = models.DateField(_("kept open since"), null=True, blank=True)

    objects = WorkspaceScopedManager()

    class Meta(PhaseFields.Meta):
        constraints = [models.UniqueConstraint(fields=["engagement", "key"], name="uniq_engagement_phase")]


class EngagementGate(GateFields):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="gates")
    passed_on = models.DateField(_("passed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    approved_by = models.CharField(_("approved by (client side)"), max_length=200, blank=True)

    objects = WorkspaceScopedManager()

    class Meta(GateFields.Meta):
        constraints = [models.UniqueConstraint(fields=["engagement", "key"], name="uniq_engagement_gate")]


class NotDeletedManager(models.Manager["TimeEntry"]):
    """Entries that are not deleted (a deleted entry can be restored)."""

    def get_queryset(self) -> models.QuerySet[TimeEntry]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class LiveTimeEntryManager(WorkspaceScopedManager["TimeEntry"], NotDeletedManager):
    """``TimeEntry.objects``: the entries that are not deleted, scoped to the workspace (the scope's filter
    applies to ``NotDeletedManager``'s queryset, as django-scopes' ``ScopedManager(_manager_class=...)`` did)."""


class TimeEntry(models.Model):
    """Hours a team member logged. Deleting sets ``deleted_at`` (so it can be undone); every read of
    ``TimeEntry.objects`` and ``engagement.time_entries`` leaves deleted entries out."""

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
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)

    # Both scoped to the workspace. Deleted ones too: restoring. The base manager (cascades, ``entry.phase``
    # and ``save()``'s update) stays Django's plain one, which also sees deleted entries.
    all_objects = WorkspaceScopedManager()
    objects = LiveTimeEntryManager()

    class Meta:
        ordering = ["-date", "-created_at"]
        default_manager_name = "objects"
        # (engagement, date) for the month sums; with created_at, the latest entries of an engagement (the
        # engagement page's "recent entries") are the end of the index, however many it has.
        indexes = [models.Index(fields=["engagement", "date", "created_at"], name="timeentry_engagement_recent")]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")

    def __str__(self) -> str:
        return f"{self.date} {self.hours} h"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Writes the row and, in the same transaction, its month's hours and the engagement's revision."""
        from cadence.engagements import readmodels

        with transaction.atomic():
            if hasattr(self, "_counted") or self._state.adding:
                before = getattr(self, "_counted", None)
            else:  # loaded partly: what the row counts is read from the database
                before = readmodels.counted_in_db(self.pk)
            super().save(*args, **kwargs)
            readmodels.entry_saved(self, before)
        self._counted = readmodels.counted(self)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> TimeEntry:
        from cadence.engagements import readmodels

        instance = super().from_db(db, field_names, values, **kwargs)
        if {"deleted_at", "engagement_id", "date", "hours", "phase_id"} <= instance.__dict__.keys():
            instance._counted = readmodels.counted(instance)  # what the row counts
        return instance


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

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["month_index", "created_at"]
        verbose_name = _("hours override")
        verbose_name_plural = _("hours overrides")

    def __str__(self) -> str:
        return f"+{self.extra_hours} h (month {self.month_index})"


class MonthSummary(models.Model):
    """The hours logged in one engagement month (live entries only), kept by the time-entry services.

    Written in the same transaction as every entry that is logged, edited, deleted or restored (see
    ``summaries.py``), so reading a month's figures costs one row per month, not one per entry.
    ``cadence rebuild-summaries`` recomputes them from the entries and reports any difference.
    """

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="month_summaries")
    month_index = models.PositiveIntegerField(_("engagement month"))
    logged_hours = models.DecimalField(_("logged hours"), max_digits=10, decimal_places=2, default=Decimal(0))

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["engagement", "month_index"]
        constraints = [models.UniqueConstraint(fields=["engagement", "month_index"], name="uniq_month_summary")]
        verbose_name = _("month summary")
        verbose_name_plural = _("month summaries")

    def __str__(self) -> str:
        return f"month {self.month_index}: {self.logged_hours} h"


class ScheduleSnapshot(models.Model):
    """An engagement's computed schedule, stored for one revision of its inputs and one "today".

    A read model: ``queries.schedule_for`` uses it while ``revision`` equals the engagement's and
    ``computed_for`` is the engagement's today, and computes (and stores) it again otherwise.
    ``data`` is the pickled ``Schedule`` written by this code only; ``engine`` names the engine's code it
    was computed with, so a deployment with a changed engine never reads an old shape.
    """

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="schedule_snapshot")
    revision = models.PositiveBigIntegerField()
    computed_for = models.DateField()
    engine = models.CharField(max_length=64)
    data = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementScopedManager()

    class Meta:
        verbose_name = _("schedule snapshot")
        verbose_name_plural = _("schedule snapshots")

    def __str__(self) -> str:
        return f"revision {self.revision} for {self.computed_for}"
