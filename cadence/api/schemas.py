"""Request and response bodies of the JSON API. Ids are UUIDs, dates ISO 8601, hours numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import StringConstraints, create_model

from cadence.engagements.phase_fields import GATE_FIELDS, LANGUAGE_CODES, PHASE_FIELDS, PhaseField
from cadence.engagements.queries import display_description, display_name, loaded_language, tr


class ErrorOut(Schema):
    detail: Any = Field(..., description="A translated sentence (or ninja's validation errors on 422).")
    code: str | None = None
    field: str | None = None


# --- workspaces -------------------------------------------------------------------------------

class WorkspaceOut(Schema):
    id: UUID
    slug: str
    name: str
    role: str = Field(..., description="owner, manager, specialist or client")


class PersonOut(Schema):
    id: UUID
    email: str
    name: str

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


# --- clients ----------------------------------------------------------------------------------

class ClientOut(Schema):
    id: UUID
    name: str
    country: str
    language: str
    website: str
    notes: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid


class ClientIn(Schema):
    name: str
    country: str = "RO"
    language: str = "ro"
    website: str = ""
    notes: str = ""


class ClientPatch(Schema):
    name: str | None = None
    country: str | None = None
    language: str | None = None
    website: str | None = None
    notes: str | None = None


# --- templates --------------------------------------------------------------------------------

def _spec_fields(specs: tuple[PhaseField, ...], *, output: bool) -> dict[str, Any]:
    """Pydantic fields for a list of phase (or gate) field specs: the API schemas are derived from it."""
    texts_help = "Custom text per language code (" + ", ".join(LANGUAGE_CODES) + "); empty ones are left out."
    fields: dict[str, Any] = {}
    for f in specs:
        bounds = {k: v for k, v in (("ge", f.min_value), ("le", f.max_value), ("max_length", f.max_length))
                  if v is not None}
        if f.type == "slug" and not output:
            bounds["pattern"] = r"^[-a-zA-Z0-9_]+$" if f.required else r"^[-a-zA-Z0-9_]*$"
        if f.type == "texts":
            if output:
                fields[f.source] = (str, Field(..., description=f"{f.label} in the request's language."))
            else:
                fields[f.source] = (str | None, Field(None, max_length=f.max_length, description=(
                    "The source text (English). Leave it out to keep a built-in text translated.")))
            text: Any = Annotated[str, StringConstraints(max_length=f.max_length)] if f.max_length else str
            fields[f.name] = (dict[str, text], Field(default_factory=dict, description=texts_help))
            continue
        annotation: Any = {
            "int": int, "decimal": float if output else Decimal, "slug": str, "hidden": str,
            "choice": Literal["effort", "duration", "continuous"], "keys": list[str],
        }[f.type]
        if output:
            fields[f.name] = (annotation | None, ...) if f.default is None and f.type == "int" else (annotation, ...)
        elif f.required:
            fields[f.name] = (annotation, Field(..., description=str(f.label), **bounds))
        elif f.type == "keys":
            fields[f.name] = (annotation, Field(default_factory=list, description=str(f.label)))
        elif f.default is None and f.type == "int":
            fields[f.name] = (annotation | None, Field(None, description=str(f.label), **bounds))
        else:
            default = f.default if f.default is not None else ""
            fields[f.name] = (annotation, Field(default, description=str(f.label), **bounds))
    return fields


class _TextResolvers(Schema):
    """Names and explanations in the request's language (queries.display_name, the one display helper)."""

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return display_name(obj)

    @staticmethod
    def resolve_description(obj: Any) -> str:
        return display_description(obj)


# Derived from cadence/engagements/phase_fields.py (the one list of a phase's fields).
PhaseFieldsOut = create_model("PhaseFieldsOut", __base__=_TextResolvers,
                              **_spec_fields(PHASE_FIELDS, output=True))
PhaseIn = create_model("PhaseIn", __base__=Schema, **_spec_fields(PHASE_FIELDS, output=False))
GateFieldsOut = create_model("GateFieldsOut", __base__=_TextResolvers, **_spec_fields(GATE_FIELDS, output=True))


class TemplateOut(Schema):
    id: UUID
    key: str
    name: str
    description: str
    builtin: bool
    phases: list[PhaseFieldsOut]  # type: ignore[valid-type]
    gates: list[GateFieldsOut]  # type: ignore[valid-type]

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return tr(obj.name)

    @staticmethod
    def resolve_description(obj: Any) -> str:
        return tr(obj.description)

    @staticmethod
    def resolve_phases(obj: Any) -> list[Any]:
        return list(obj.phases.all())

    @staticmethod
    def resolve_gates(obj: Any) -> list[Any]:
        return list(obj.gates.all())


# --- engagements ------------------------------------------------------------------------------

class ClientRef(Schema):
    id: UUID
    name: str

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid


class TemplateRef(Schema):
    id: UUID
    key: str
    name: str

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return tr(obj.name)


class EngagementOut(Schema):
    id: UUID
    client: ClientRef
    template: TemplateRef | None
    name: str
    start_date: dt.date
    monthly_hours: float
    country: str
    subdivision: str
    time_zone: str
    currency: str
    language: str
    rollover_mode: str
    rollover_cap: float
    archived: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid


class EngagementIn(Schema):
    client: UUID
    template: str = Field(..., description="The template's key (e.g. retainer, sostac) or its id.")
    name: str
    start_date: dt.date
    monthly_hours: Decimal
    country: str = "RO"
    subdivision: str = ""
    time_zone: str = "Europe/Bucharest"
    currency: str = "EUR"
    language: str = "ro"
    rollover_mode: str = "none"
    rollover_cap: Decimal = Decimal(0)


class EngagementPatch(Schema):
    name: str | None = None
    start_date: dt.date | None = None
    monthly_hours: Decimal | None = None
    country: str | None = None
    subdivision: str | None = None
    time_zone: str | None = None
    currency: str | None = None
    language: str | None = None
    rollover_mode: str | None = None
    rollover_cap: Decimal | None = None


class EngagementPhaseOut(PhaseFieldsOut):  # type: ignore[misc,valid-type]
    completed_on: dt.date | None


class PhasePatch(Schema):
    completed_on: dt.date | None = Field(..., description="The day the phase was completed; null reopens it.")


class EngagementGateOut(GateFieldsOut):  # type: ignore[misc,valid-type]
    passed_on: dt.date | None
    note: str
    recorded_by: str | None

    @staticmethod
    def resolve_recorded_by(obj: Any) -> str | None:
        return str(obj.recorded_by) if obj.recorded_by else None


class GateIn(Schema):
    passed_on: dt.date | None = Field(..., description="The day the gate was passed; null reopens it.")
    note: str = ""


# --- schedule and hours -----------------------------------------------------------------------

class ReasonOut(Schema):
    code: str
    params: dict[str, Any]
    message: str = Field(..., description="The reason as a sentence in the request's language.")


class SchedulePhaseOut(Schema):
    key: str
    name: str
    kind: str
    category: str
    start: dt.date | None
    end: dt.date | None
    end_min: dt.date | None
    end_max: dt.date | None
    hours: float
    logged_hours: float
    planned_hours: float
    status: str
    ongoing: bool
    waiting_for: str | None
    baseline_start: dt.date | None
    baseline_end: dt.date | None
    reasons: list[ReasonOut]


class ScheduleGateOut(Schema):
    key: str
    name: str
    after_phase: str
    date: dt.date | None
    status: str = Field(..., description="passed, expected or holding")


class ScheduleMonthOut(Schema):
    index: int
    start: dt.date
    end: dt.date = Field(..., description="The last day of the month (inclusive).")
    working_days: int
    contracted_hours: float
    planned_hours: float
    logged_hours: float


class ScheduleOut(Schema):
    today: dt.date
    horizon_end: dt.date
    phases: list[SchedulePhaseOut]
    gates: list[ScheduleGateOut]
    months: list[ScheduleMonthOut]


class HoursMonthOut(Schema):
    index: int
    start: dt.date
    end: dt.date
    contracted: float
    carried_in: float
    available: float
    planned: float
    logged: float
    override: float
    usage_percent: int
    level: str = Field(..., description="ok, warning (80 % or more), full or over")
    is_current: bool


# --- time -------------------------------------------------------------------------------------

class TimeEntryOut(Schema):
    id: UUID
    date: dt.date
    hours: float
    phase: str
    phase_name: str
    user: PersonOut
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_phase(obj: Any) -> str:
        return obj.phase.key

    @staticmethod
    def resolve_phase_name(obj: Any) -> str:
        return display_name(obj.phase, fallback=loaded_language(obj))


class TimeEntryIn(Schema):
    date: dt.date
    hours: Decimal
    phase: str = Field(..., description="The key of one of the engagement's phases.")
    note: str = ""
    user: UUID | None = Field(None, description="Log for another team member (managers only).")


class TimeEntryCreatedOut(Schema):
    entry: TimeEntryOut
    month: int = Field(..., description="The engagement month the entry falls in.")
    level: str = Field(..., description="The month's usage after this entry: ok, warning (80 %+) or full.")


class OverrideIn(Schema):
    month: int = Field(..., description="The engagement month (1 = the first).")
    extra_hours: Decimal
    reason: str


class OverrideOut(Schema):
    id: UUID
    month: int
    extra_hours: float
    reason: str
    created_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_month(obj: Any) -> int:
        return obj.month_index

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return str(obj.created_by)


# --- history ----------------------------------------------------------------------------------

class AuditEntryOut(Schema):
    action: str
    actor: str | None
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    created_at: dt.datetime

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor else None
