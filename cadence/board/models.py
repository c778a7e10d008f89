"""The execution board of an engagement: tasks (cards) in six columns, labels, checklists, time logged on a
card, recurring tasks, task templates per phase of a process template, and the roadmap's initiatives.

Every row carries ``workspace`` (scoping, ``core/workspace_keys.py``) and, below the workspace, its
``engagement``. Links to the plan are optional and stored as the plan record's uuid (``objective_uid``,
``plan_initiative_uid``): the plan is another app, read through ``cadence.plans.queries``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadence.board.domain.workflow import Column
from cadence.core.scoping import WorkspaceScopedManager


class ColumnChoice(models.TextChoices):
    BACKLOG = Column.BACKLOG.value, _("Backlog")
    TODO = Column.TODO.value, _("To do")
    IN_PROGRESS = Column.IN_PROGRESS.value, _("In progress")
    ON_HOLD = Column.ON_HOLD.value, _("On hold")
    REVIEW = Column.REVIEW.value, _("Review")
    DONE = Column.DONE.value, _("Done")


class RoleChoice(models.TextChoices):
    STRATEGIST = "strategist", _("Strategist")
    COPYWRITER = "copywriter", _("Copywriter")
    DESIGNER = "designer", _("Designer")
    VIDEO = "video", _("Video maker")
    ADS = "ads", _("Ads specialist")
    COMMUNITY = "community", _("Community manager")
    ANALYST = "analyst", _("Analyst")
    DEVELOPER = "developer", _("Web developer")
    ACCOUNT = "account", _("Account manager")


class TemplateTasksChoice(models.TextChoices):
    PHASE_START = "phase_start", _("When each phase begins")
    ENGAGEMENT_START = "engagement_start", _("All at once when the engagement starts")


class InitiativeStatusChoice(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class RecurrenceChoice(models.TextChoices):
    WEEKLY = "weekly", _("Weekly on chosen days")
    MONTHLY = "monthly", _("Monthly on a day")
    EVERY_N_WEEKS = "every_n_weeks", _("Every N weeks")


HOURS = {"max_digits": 7, "decimal_places": 2,
         "validators": [MinValueValidator(0), MaxValueValidator(10000)]}


class BoardSettings(models.Model):
    """A workspace's board preferences: when a phase's template tasks are created."""

    workspace = models.OneToOneField("core.Workspace", on_delete=models.CASCADE, related_name="+")
    template_tasks = models.CharField(_("create template tasks"), max_length=20,
                                      choices=TemplateTasksChoice.choices, default=TemplateTasksChoice.PHASE_START)

    objects = WorkspaceScopedManager()

    def __str__(self) -> str:
        return f"board settings of {self.workspace_id}"


class EngagementBoard(models.Model):
    """An engagement's board settings: the work-in-progress limit of each column ({column: n}), and the board's
    revision (bumped by every write of what the board shows, ``revisions.py``: the rendered board is cached by it)."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    wip_limits = models.JSONField(default=dict, blank=True)
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    objects = WorkspaceScopedManager()

    def __str__(self) -> str:
        return f"board of {self.engagement_id}"


class Label(models.Model):
    """A workspace's label (shared by every board, so "my work" filters by it across clients)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    colour = models.CharField(_("colour"), max_length=7, default="#64748b")  # #rrggbb

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="uniq_board_label")]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    """A roadmap initiative of an engagement: a bar on the roadmap Gantt, with finish-to-start dependencies;
    its progress is derived from its tasks."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objective_uid = models.UUIDField(_("objective it serves"), null=True, blank=True)  # plans' Objective.uuid
    plan_initiative_uid = models.UUIDField(null=True, blank=True, editable=False)  # plans' Initiative.uuid
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    start = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=12, choices=InitiativeStatusChoice.choices,
                              default=InitiativeStatusChoice.PLANNED)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["start", "position", "id"]
        constraints = [models.CheckConstraint(condition=Q(deadline__gte=models.F("start")),
                                              name="initiative_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class InitiativeDependency(models.Model):
    """Finish-to-start: ``successor`` starts after ``predecessor`` ends (no cycles: ``domain/roadmap.py``)."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    predecessor = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="predecessor_links")

    objects = WorkspaceScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="uniq_initiative_dependency"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="no_self_dependency"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} -> {self.successor_id}"


class TaskTemplate(models.Model):
    """A standard task of one phase of a process template; created on an engagement's board when the phase
    begins (or when the engagement starts: ``BoardSettings.template_tasks``). Built-in ones are stored in
    English and translated on display; ``names`` holds a user's own wording per language."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey("engagements.ProcessTemplate", on_delete=models.CASCADE, related_name="+")
    phase_key = models.SlugField(_("phase"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    names = models.JSONField(default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=RoleChoice.choices, blank=True)
    estimate = models.DecimalField(_("estimate (hours)"), null=True, blank=True, **HOURS)  # type: ignore[arg-type]
    checklist = models.JSONField(default=list, blank=True)  # [str, ...]
    position = models.PositiveIntegerField(default=0)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["template", "phase_key", "position", "id"]

    def __str__(self) -> str:
        return self.title


class RecurringTask(models.Model):
    """A rule that creates a card on schedule (``domain/recurrence.py``); the command ``cadence board-recurring``
    (and the task worker, hourly) creates each occurrence once: ``Task(recurrence, occurrence)`` is unique."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=RoleChoice.choices, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("assignee"))
    phase = models.ForeignKey("engagements.EngagementPhase", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("phase"))
    estimate = models.DecimalField(_("estimate (hours)"), null=True, blank=True, **HOURS)  # type: ignore[arg-type]
    kind = models.CharField(_("repeats"), max_length=16, choices=RecurrenceChoice.choices)
    weekdays = models.JSONField(default=list, blank=True)  # [0..6], Monday = 0 (weekly, every N weeks)
    month_day = models.PositiveSmallIntegerField(null=True, blank=True,
                                                 validators=[MinValueValidator(1), MaxValueValidator(31)])
    interval = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(52)])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    due_after_days = models.PositiveSmallIntegerField(_("due after (days)"), default=0,
                                                      validators=[MaxValueValidator(90)])
    lead_days = models.PositiveSmallIntegerField(_("created ahead (days)"), default=0,
                                                 validators=[MaxValueValidator(31)])
    active = models.BooleanField(_("active"), default=True)
    labels = models.ManyToManyField(Label, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """A card on an engagement's board."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    column = models.CharField(_("column"), max_length=12, choices=ColumnChoice.choices, default=ColumnChoice.BACKLOG)
    # The order within the column: gaps of 1024, renumbered by the service when two neighbours touch.
    position = models.BigIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)  # Markdown, rendered through nh3
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("assignee"))
    role = models.CharField(_("role"), max_length=20, choices=RoleChoice.choices, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    estimate = models.DecimalField(_("estimate (hours)"), null=True, blank=True, **HOURS)  # type: ignore[arg-type]
    phase = models.ForeignKey("engagements.EngagementPhase", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("phase"))
    initiative = models.ForeignKey(Initiative, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="tasks", verbose_name=_("initiative"))
    objective_uid = models.UUIDField(_("objective"), null=True, blank=True)  # plans' Objective.uuid
    labels = models.ManyToManyField(Label, blank=True, related_name="tasks", verbose_name=_("labels"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("reviewer"))
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", editable=False)
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Where the card came from: a phase's task template, or a recurring rule's occurrence (each once).
    template_task = models.ForeignKey(TaskTemplate, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", editable=False)
    recurrence = models.ForeignKey(RecurringTask, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="tasks", editable=False)
    occurrence = models.DateField(null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking of edits
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["column", "position", "id"]
        indexes = [models.Index(fields=["engagement", "column", "position"], name="task_board_order"),
                   models.Index(fields=["assignee", "column"], name="task_assignee")]
        constraints = [
            models.UniqueConstraint(fields=["recurrence", "occurrence"], name="uniq_task_occurrence",
                                    condition=Q(recurrence__isnull=False)),
            models.UniqueConstraint(fields=["engagement", "template_task"], name="uniq_task_from_template",
                                    condition=Q(template_task__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("item"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveIntegerField(default=0)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class TaskTime(models.Model):
    """A time entry logged on a card (the entry itself is the engagements app's; deleting it hides it here
    too, since sums read live entries only)."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="time_links")
    entry = models.OneToOneField("engagements.TimeEntry", on_delete=models.CASCADE, related_name="+")

    objects = WorkspaceScopedManager()

    def __str__(self) -> str:
        return f"{self.task_id}: {self.entry_id}"


class TaskAttachment(models.Model):
    """A file of the engagement (``cadence.files``) attached to a card."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("files.EngagementFile", on_delete=models.CASCADE, related_name="+")
    attached_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["attached_at", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "file"], name="uniq_task_attachment")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.file_id}"
