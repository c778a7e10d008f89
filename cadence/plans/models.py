"""The marketing plan of an engagement: its versions, the client's brief, the guided answers and the records.

One ``Plan`` per engagement. Its content is live relational data (the rows below with ``plan``) that the team
edits while a version is in draft; submitting freezes the content into ``PlanVersion.snapshot`` (the JSON
document of ``domain/snapshot.py``, with its SHA-256), and approval, comparison and exports read that
snapshot, never the live rows. Every editable row carries ``revision`` (optimistic locking: a save names the
revision it was loaded at, and a save over a newer revision is refused with both versions shown) and a
``uuid`` that is the record's ``uid`` in the snapshot, so two snapshots compare record by record.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadence.core import clock
from cadence.core.scoping import WorkspaceScopedManager
from cadence.plans.domain.completeness import Section
from cadence.plans.domain.metrics import Direction
from cadence.plans.domain.versions import State


class SectionChoice(models.TextChoices):
    SITUATION = Section.SITUATION.value, _("Situation")
    OBJECTIVES = Section.OBJECTIVES.value, _("Objectives")
    STRATEGY = Section.STRATEGY.value, _("Strategy")
    TACTICS = Section.TACTICS.value, _("Tactics")
    ACTION = Section.ACTION.value, _("Action")
    CONTROL = Section.CONTROL.value, _("Control")


class StateChoice(models.TextChoices):
    DRAFT = State.DRAFT.value, _("Draft")
    IN_REVIEW = State.IN_REVIEW.value, _("In review")
    APPROVED = State.APPROVED.value, _("Approved")
    SUPERSEDED = State.SUPERSEDED.value, _("Superseded")


class DirectionChoice(models.TextChoices):
    UP = Direction.UP.value, _("Higher is better")
    DOWN = Direction.DOWN.value, _("Lower is better")


class Plan(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    def __str__(self) -> str:
        return f"plan of {self.engagement_id}"


class PlanVersion(models.Model):
    """A numbered version. Drafts have no snapshot (their content is the live rows); submitting stores it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=StateChoice.choices, default=StateChoice.DRAFT)
    based_on = models.PositiveIntegerField(null=True, blank=True)
    snapshot = models.TextField(blank=True)  # canonical JSON text (domain/snapshot.py); blank for a draft
    sha256 = models.CharField(max_length=64, blank=True)
    schema_version = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)  # approved
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="uniq_plan_version_number"),
            models.UniqueConstraint(fields=["plan"], condition=Q(state__in=["draft", "in_review"]),
                                    name="uniq_plan_open_version"),
            models.UniqueConstraint(fields=["plan"], condition=Q(state="approved"), name="uniq_plan_approved_version"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} ({self.state})"


class ChangeRequest(models.Model):
    """The client approver's request for changes on one section of a version in review."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="change_requests")
    section = models.CharField(_("section"), max_length=20, choices=SectionChoice.choices)
    comment = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)  # the app's clock (the demo stops it)
    resolved_at = models.DateTimeField(null=True, blank=True)  # the team marked it done (or resubmitted)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.section}: {self.comment[:40]}"


class PlanTemplate(models.Model):
    """A plan saved as a workspace template: the structure, the questions and example answers (a snapshot
    document without the engagement's facts), from which a new engagement's plan starts."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=160)
    language = models.CharField(_("language"), max_length=8)
    document = models.TextField()  # canonical JSON (domain/snapshot.py)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="uniq_plan_template_name")]

    def __str__(self) -> str:
        return self.name


# --- the live content of the plan (edited while a version is in draft) ---------------------------------

class PlanRow(models.Model):
    """What every editable row of a plan has: its uid, its workspace and plan, a revision and a position."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField(default=1, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = WorkspaceScopedManager()

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.uuid}"


class BriefAnswer(PlanRow):
    """The client's brief: one answer (Markdown) per brief question key (``domain/questions.py``)."""

    key = models.CharField(max_length=60)
    text = models.TextField(_("answer"), blank=True)

    class Meta(PlanRow.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="uniq_brief_answer")]


class Answer(PlanRow):
    """The answer (Markdown) to one guided question of a section."""

    section = models.CharField(max_length=20, choices=SectionChoice.choices)
    key = models.CharField(max_length=60)
    text = models.TextField(_("answer"), blank=True)

    class Meta(PlanRow.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="uniq_plan_answer")]


class CompanyProfile(PlanRow):
    """Situation: the client company and its mission (one per plan)."""

    name = models.CharField(_("company name"), max_length=200, blank=True)
    seat = models.CharField(_("registered seat"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    founder = models.CharField(_("founder"), max_length=200, blank=True)
    milestones = models.TextField(_("milestones"), blank=True)
    resources = models.TextField(_("resources and capacity"), blank=True)
    mission = models.TextField(_("mission statement"), blank=True)

    class Meta(PlanRow.Meta):
        constraints = [models.UniqueConstraint(fields=["plan"], name="uniq_company_profile")]


class TeamRoleChoice(models.TextChoices):
    LEAD = "lead", _("Decides (the boss)")
    COPY = "copy", _("Writes copy")
    CREATIVE = "creative", _("Makes creatives")
    ADS = "ads", _("Runs the ads")
    DISTRIBUTION = "distribution", _("Distributes content")
    INFLUENCERS = "influencers", _("Works with influencers")
    COMMUNITY = "community", _("Answers comments and messages")
    OTHER = "other", _("Other")


class TeamRole(PlanRow):
    """Situation: who does what; a person may hold several roles (one row each)."""

    role = models.CharField(_("role"), max_length=20, choices=TeamRoleChoice.choices)
    person = models.CharField(_("person"), max_length=200)  # a team member's or a client person's name
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("team member"))
    on_client_side = models.BooleanField(_("on the client's side"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)


class Competitor(PlanRow):
    """Situation: a competitor, its channels (``CompetitorChannel``) and its SWOT (``SwotItem``)."""

    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)


class CompetitorChannel(PlanRow):
    competitor = models.ForeignKey(Competitor, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("channel"), max_length=100)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    avg_likes = models.DecimalField(_("average likes"), null=True, blank=True, max_digits=12, decimal_places=1)
    avg_shares = models.DecimalField(_("average shares"), null=True, blank=True, max_digits=12, decimal_places=1)
    avg_comments = models.DecimalField(_("average comments"), null=True, blank=True, max_digits=12,
                                       decimal_places=1)


class QuadrantChoice(models.TextChoices):
    STRENGTHS = "strengths", _("Strengths")
    WEAKNESSES = "weaknesses", _("Weaknesses")
    OPPORTUNITIES = "opportunities", _("Opportunities")
    THREATS = "threats", _("Threats")


class SwotItem(PlanRow):
    """One SWOT item: the client's (``competitor`` empty) or a competitor's."""

    competitor = models.ForeignKey(Competitor, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="swot_items", verbose_name=_("competitor"))
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=QuadrantChoice.choices)
    text = models.CharField(_("item"), max_length=500)


class TargetMarket(PlanRow):
    """Strategy: where and to whom the client sells (one per plan)."""

    countries = models.JSONField(_("countries"), default=list, blank=True)  # ISO 3166 alpha-2 codes
    cities = models.TextField(_("cities and regions"), blank=True)
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    industries = models.TextField(_("industries"), blank=True)
    affiliations = models.TextField(_("professional affiliations"), blank=True)

    class Meta(PlanRow.Meta):
        constraints = [models.UniqueConstraint(fields=["plan"], name="uniq_target_market")]


class Persona(PlanRow):
    """Strategy: a buyer persona (seed 002), or a negative persona the ads must avoid."""

    name = models.CharField(_("name"), max_length=200)
    negative = models.BooleanField(_("negative persona (exclude from ads)"), default=False)
    professional = models.TextField(_("professional background"), blank=True)
    income = models.CharField(_("income"), max_length=200, blank=True)
    personal = models.TextField(_("personal background"), blank=True)
    demographics = models.TextField(_("demographics"), blank=True)
    channels = models.TextField(_("channels they use"), blank=True)
    content = models.TextField(_("content they consume"), blank=True)
    business_goals = models.TextField(_("business goals"), blank=True)
    personal_goals = models.TextField(_("personal goals"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    how_we_help = models.TextField(_("how we help"), blank=True)
    objections = models.TextField(_("objections"), blank=True)
    usp = models.TextField(_("unique selling point for this persona"), blank=True)


class Positioning(PlanRow):
    """Strategy: product, price and distribution (one per plan); the journey is ``JourneyStep``."""

    materials = models.TextField(_("materials"), blank=True)
    quality_proof = models.TextField(_("proof of quality"), blank=True)
    uniqueness = models.TextField(_("what makes it unique"), blank=True)
    handmade = models.BooleanField(_("handmade"), default=False)
    origin = models.CharField(_("origin"), max_length=300, blank=True)
    price = models.TextField(_("price"), blank=True)
    price_reason = models.TextField(_("why this price"), blank=True)
    distribution = models.TextField(_("distribution"), blank=True)

    class Meta(PlanRow.Meta):
        constraints = [models.UniqueConstraint(fields=["plan"], name="uniq_positioning")]


class JourneyStepChoice(models.TextChoices):
    SOURCE = "source", _("Where they come from")
    LANDING = "landing", _("Landing page")
    QUESTIONS = "questions", _("Questions before buying")
    ORDERING = "ordering", _("Ordering")
    PAYING = "paying", _("Paying")
    DELIVERY = "delivery", _("Delivery")
    FEEDBACK = "feedback", _("Feedback")
    REVIEWS = "reviews", _("Reviews")
    RETURNS = "returns", _("Returns")
    REFUNDS = "refunds", _("Refunds")


class JourneyStep(PlanRow):
    """Strategy: one step of the customer journey, in ``position`` order."""

    step = models.CharField(_("step"), max_length=20, choices=JourneyStepChoice.choices)
    description = models.TextField(_("description"))


class ChannelPurposeChoice(models.TextChoices):
    MAIN_SALES = "main_sales", _("Main sales channel")
    SECONDARY_SALES = "secondary_sales", _("Secondary sales")
    SUPPORT = "support", _("Customer support")
    NEWS = "news", _("News and announcements")


class Channel(PlanRow):
    """Strategy and Tactics: a channel, its purpose, content types and share of the advertising budget."""

    name = models.CharField(_("channel"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ChannelPurposeChoice.choices, blank=True)
    content_types = models.TextField(_("content types"), blank=True)
    budget_share = models.DecimalField(_("share of the advertising budget (%)"), null=True, blank=True,
                                       max_digits=5, decimal_places=2)


class DepartmentChoice(models.TextChoices):
    MARKETING = "marketing", _("Marketing")
    SALES = "sales", _("Sales")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    HR = "hr", _("Human resources")
    PR = "pr", _("Public relations")
    MANAGEMENT = "management", _("Management")
    OTHER = "other", _("Other")


class Objective(PlanRow):
    """Objectives: a business objective of one department, with its horizon and three target levels."""

    title = models.CharField(_("objective"), max_length=300)
    department = models.CharField(_("department"), max_length=30, choices=DepartmentChoice.choices)
    smm_goal = models.TextField(_("why social media serves it"), blank=True)
    horizon_start = models.DateField(_("horizon starts"), null=True, blank=True)
    horizon_end = models.DateField(_("horizon ends"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=DirectionChoice.choices,
                                 default=DirectionChoice.UP)
    level_unit = models.CharField(_("unit of the levels"), max_length=40, blank=True)
    acceptable = models.DecimalField(_("acceptable level"), null=True, blank=True, max_digits=18, decimal_places=4)
    optimal = models.DecimalField(_("optimal level"), null=True, blank=True, max_digits=18, decimal_places=4)
    best = models.DecimalField(_("best level"), null=True, blank=True, max_digits=18, decimal_places=4)


class DepartmentTask(PlanRow):
    """One of the department's own tasks that the objective serves."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="department_tasks")
    text = models.CharField(_("department task"), max_length=500)


class SmmTask(PlanRow):
    """An SMM task under an objective, with its one KPI (``metric_key`` empty: no KPI yet)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("SMM task"), max_length=300)
    department_task = models.ForeignKey(DepartmentTask, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("department task it serves"))
    metric_key = models.CharField(_("KPI metric"), max_length=60, blank=True)
    kpi_name = models.CharField(_("KPI name (for a metric entered by hand)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, max_digits=18, decimal_places=4)
    baseline_date = models.DateField(_("baseline measured on"), null=True, blank=True)
    target = models.DecimalField(_("target"), null=True, blank=True, max_digits=18, decimal_places=4)
    due = models.DateField(_("due date"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=DirectionChoice.choices, blank=True)


class PlanAction(PlanRow):
    """An action of an SMM task, on one channel, ranked by expected impact (1 = the highest)."""

    task = models.ForeignKey(SmmTask, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    channel = models.CharField(_("channel"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank by expected impact"), null=True, blank=True)


class TrackedMetric(PlanRow):
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(_("metric"), max_length=200)
    metric_key = models.CharField(_("metric key"), max_length=60, blank=True)


class Initiative(PlanRow):
    """Action: an initiative of the 90-day action plan."""

    title = models.CharField(_("initiative"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), null=True, blank=True, max_digits=14, decimal_places=2)
    objective = models.ForeignKey(Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("objective it serves"))


class ControlRow(PlanRow):
    """Control: who reviews a task's KPI and when."""

    task = models.ForeignKey(SmmTask, on_delete=models.CASCADE, related_name="control_rows",
                             verbose_name=_("SMM task"))
    reviewer = models.CharField(_("reviewer"), max_length=200)
    review_on = models.DateField(_("review date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
