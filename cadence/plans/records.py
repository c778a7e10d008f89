"""The plan's record kinds: one name per kind of structured record, used everywhere (services, queries, the
API, views, exports, the demo).

``KINDS`` maps a kind name to its ``RecordKind``: the model, the SOSTAC section it belongs to, the foreign key
to its parent record (``None`` for a top-level kind), whether a plan has at most one (``singleton``), the
editable field names in form order, and a translated label and plural label. In a snapshot document a
record has ``uid``, ``position`` and every field of ``fields`` by its name; a foreign key is stored under
its field name as the target row's uid (or null).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.plans.domain.completeness import Section
from cadence.plans.models import (
    Channel,
    CompanyProfile,
    Competitor,
    CompetitorChannel,
    ControlRow,
    DepartmentTask,
    Initiative,
    JourneyStep,
    Objective,
    Persona,
    PlanAction,
    PlanRow,
    Positioning,
    SmmTask,
    SwotItem,
    TargetMarket,
    TeamRole,
    TrackedMetric,
)


@dataclass(frozen=True)
class RecordKind:
    kind: str
    model: type[PlanRow]
    section: Section
    parent: str | None  # the foreign key to the parent record (its field name), or None
    singleton: bool
    fields: tuple[str, ...]  # editable fields in form order (foreign keys by their field name)
    label: Any  # lazy translation
    plural: Any  # lazy translation
    parent_optional: bool = False  # the parent may be empty (a SWOT item without competitor: the client's)

    def field(self, name: str) -> models.Field[Any, Any]:
        found = self.model._meta.get_field(name)
        assert isinstance(found, models.Field)
        return found

    @property
    def foreign_keys(self) -> tuple[str, ...]:
        """The editable fields that point at another record of the plan (stored as its uid)."""
        return tuple(name for name in self.fields if isinstance(self.field(name), models.ForeignKey))

    def target_kind(self, name: str) -> str:
        """The kind a foreign-key field points at."""
        target = self.field(name).related_model
        return next(k.kind for k in KINDS.values() if k.model is target)


def _kind(kind: str, model: type[PlanRow], section: Section, fields: tuple[str, ...], label: Any, plural: Any, *,
          parent: str | None = None, singleton: bool = False, parent_optional: bool = False) -> RecordKind:
    return RecordKind(kind, model, section, parent, singleton, fields, label, plural, parent_optional)


_S, _O, _ST = Section.SITUATION, Section.OBJECTIVES, Section.STRATEGY

KINDS: dict[str, RecordKind] = {k.kind: k for k in (
    _kind("company_profile", CompanyProfile, _S,
          ("name", "seat", "founded_on", "founder", "milestones", "resources", "mission"),
          _("Company profile"), _("Company profiles"), singleton=True),
    _kind("team_role", TeamRole, _S, ("role", "person", "on_client_side", "note"),
          _("Team role"), _("Team roles")),
    _kind("competitor", Competitor, _S, ("name", "summary", "location", "website"),
          _("Competitor"), _("Competitors")),
    _kind("competitor_channel", CompetitorChannel, _S,
          ("competitor", "channel", "followers", "avg_likes", "avg_shares", "avg_comments"),
          _("Competitor channel"), _("Competitor channels"), parent="competitor"),
    _kind("swot_item", SwotItem, _S, ("competitor", "quadrant", "text"),
          _("SWOT item"), _("SWOT items"), parent="competitor", parent_optional=True),
    _kind("objective", Objective, _O,
          ("title", "department", "smm_goal", "horizon_start", "horizon_end", "direction", "level_unit",
           "acceptable", "optimal", "best"),
          _("Objective"), _("Objectives")),
    _kind("department_task", DepartmentTask, _O, ("objective", "text"),
          _("Department task"), _("Department tasks"), parent="objective"),
    _kind("smm_task", SmmTask, _O,
          ("objective", "title", "department_task", "metric_key", "kpi_name", "unit", "baseline", "baseline_date",
           "target", "due", "direction"),
          _("SMM task"), _("SMM tasks"), parent="objective"),
    _kind("plan_action", PlanAction, _O, ("task", "title", "channel", "rank"),
          _("Action"), _("Actions"), parent="task"),
    _kind("tracked_metric", TrackedMetric, _O, ("action", "name", "metric_key"),
          _("Tracked metric"), _("Tracked metrics"), parent="action"),
    _kind("target_market", TargetMarket, _ST, ("countries", "cities", "languages", "industries", "affiliations"),
          _("Target market"), _("Target markets"), singleton=True),
    _kind("persona", Persona, _ST,
          ("name", "negative", "professional", "income", "personal", "demographics", "channels", "content",
           "business_goals", "personal_goals", "challenges", "how_we_help", "objections", "usp"),
          _("Buyer persona"), _("Buyer personas")),
    _kind("positioning", Positioning, _ST,
          ("materials", "quality_proof", "uniqueness", "handmade", "origin", "price", "price_reason",
           "distribution"),
          _("Positioning"), _("Positionings"), singleton=True),
    _kind("journey_step", JourneyStep, _ST, ("step", "description"),
          _("Customer journey step"), _("Customer journey steps")),
    _kind("channel", Channel, _ST, ("name", "purpose", "content_types", "budget_share"),
          _("Channel"), _("Channels")),
    _kind("initiative", Initiative, Section.ACTION, ("title", "owner", "start", "end", "budget", "objective"),
          _("Initiative"), _("Initiatives")),
    _kind("control_row", ControlRow, Section.CONTROL, ("task", "reviewer", "review_on", "note"),
          _("Control row"), _("Control rows")),
)}


def kinds_of(section: Section | str) -> tuple[RecordKind, ...]:
    """The kinds of one section, in ``KINDS`` order."""
    return tuple(k for k in KINDS.values() if k.section == section)


def get_kind(name: str) -> RecordKind | None:
    return KINDS.get(name)


__all__ = ["KINDS", "RecordKind", "get_kind", "kinds_of"]
