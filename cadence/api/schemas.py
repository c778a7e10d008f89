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
    refusals: list[dict[str, Any]] | None = Field(
        None, description="A refused timesheet: each refused cell (engagement, phase, date, detail).")


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
            "choice": Literal["effort", "duration", "continuous"], "keys": list[str], "bool": bool,
        }[f.type]
        if f.type == "bool":
            description = str(f.help_text or f.label)
            fields[f.name] = (bool, Field(... if output else bool(f.default), description=description))
            continue
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
    contract_months: int | None = Field(None, description="The contract's length; null: open-ended.")
    close_after_days: int = Field(..., description="Days after a month ends until its time entries are locked.")
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
    contract_months: int | None = None
    close_after_days: int = 5


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
    contract_months: int | None = None
    close_after_days: int | None = None


class TermsOut(Schema):
    id: UUID
    from_month: int = Field(..., description="The engagement month these terms apply from (1 = the first).")
    monthly_hours: float
    rollover_mode: str
    rollover_cap: float
    reason: str
    created_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_created_by(obj: Any) -> str | None:
        return str(obj.created_by) if obj.created_by else None


class TermsIn(Schema):
    from_month: int = Field(..., description="The current engagement month or a later one.")
    monthly_hours: Decimal
    rollover_mode: str = "none"
    rollover_cap: Decimal = Decimal(0)
    reason: str = ""


class MonthCloseIn(Schema):
    reason: str = ""


class MonthStateOut(Schema):
    month: int
    closed: bool


class EngagementPhaseOut(PhaseFieldsOut):  # type: ignore[misc,valid-type]
    completed_on: dt.date | None
    keep_open_since: dt.date | None = Field(
        None, description="The manager chose to keep the phase open on that day (it is not asked again).")
    awaiting_confirmation: bool = Field(
        False, description="Below its estimate while later phases have hours: mark it completed or keep it open.")
    unused_hours: float = Field(0, description="Effort phases completed (or awaiting confirmation) below their "
                                               "estimate: the hours of the estimate not used.")

    @staticmethod
    def resolve_awaiting_confirmation(obj: Any) -> bool:
        return bool(getattr(obj, "awaiting_confirmation", False))

    @staticmethod
    def resolve_unused_hours(obj: Any) -> float:
        return float(getattr(obj, "unused_hours", 0))


class PhasePatch(Schema):
    completed_on: dt.date | None = Field(..., description="The day the phase was completed; null reopens it.")


class PhaseCompleteIn(Schema):
    completed_on: dt.date | None = Field(None, description="Defaults to the phase's last day with hours logged.")


class EngagementGateOut(GateFieldsOut):  # type: ignore[misc,valid-type]
    passed_on: dt.date | None
    note: str
    approved_by: str = Field(..., description="Who approved it on the client's side.")
    recorded_by: str | None

    @staticmethod
    def resolve_recorded_by(obj: Any) -> str | None:
        return str(obj.recorded_by) if obj.recorded_by else None


class ClientGateOut(_TextResolvers):
    """A gate as client users see it: whether and when it passed; no internal notes, no staff names.

    Name and explanation in the reader's language (per-language texts), like every other gate output.
    """

    key: str
    name: str
    after_phase: str
    description: str
    client_approvable: bool
    passed_on: dt.date | None


class GateIn(Schema):
    passed_on: dt.date | None = Field(..., description="The day the gate was passed; null reopens it.")
    note: str = Field("", max_length=1000, description="An internal note (never shown to client users).")
    approved_by: str = Field("", max_length=200,
                             description="Who approved it on the client's side (required for gates the client "
                                         "approves), e.g. “Ion Popescu, director”.")
    reason: str = Field("", max_length=1000, description="Why a passed gate is reopened (required when passed_on "
                                                         "is null).")


class GateApproveIn(Schema):
    note: str = Field("", max_length=1000, description="A note for the agency.")


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
    start_shift: int = Field(..., description="Working days the start moved from the first plan (positive: later).")
    end_shift: int = Field(..., description="Working days the end moved from the first plan (positive: later).")
    awaiting_confirmation: bool
    unused_hours: float
    reasons: list[ReasonOut] = Field(..., description="Why it moved, the main cause first.")


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


class ContractWarningOut(Schema):
    code: str = Field(..., description="starts_after or ends_after: the phase does not fit into the contract.")
    phase: str
    contract_end: dt.date
    message: str


class ScheduleOut(Schema):
    today: dt.date
    horizon_end: dt.date
    contract_months: int | None
    contract_end: dt.date | None
    warnings: list[ContractWarningOut]
    phases: list[SchedulePhaseOut]
    gates: list[ScheduleGateOut]
    months: list[ScheduleMonthOut]


class HoursMonthOut(Schema):
    index: int
    start: dt.date
    end: dt.date
    contracted: float = Field(..., description="The hours of the contract terms in force in the month.")
    carried_in: float
    extra: float = Field(..., description="Extra hours approved by a manager (overrides); part of available.")
    override: float = Field(..., description="The same as extra (older name).")
    extra_reasons: list[str]
    available: float = Field(..., description="contracted + carried_in + extra")
    planned: float
    logged: float
    remaining: float
    usage_percent: int = Field(..., description="logged as a percentage of available")
    level: str = Field(..., description="ok, warning (80 % or more), full or over")
    is_current: bool
    closed: bool = Field(..., description="Time entries locked: only a manager changes them, with a reason.")
    in_contract: bool

    @staticmethod
    def resolve_extra_reasons(obj: Any) -> list[str]:
        return [reason for _hours, reason in obj.extras]


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
    reason: str = Field("", description="Needed (managers only) to log into a closed month; kept in the history.")


class TimeEntryCreatedOut(Schema):
    entry: TimeEntryOut
    month: int = Field(..., description="The engagement month the entry falls in.")
    level: str = Field(..., description="The month's usage after this entry: ok, warning (80 %+) or full.")


class TimeEntryPatch(Schema):
    date: dt.date | None = None
    hours: Decimal | None = None
    phase: str | None = Field(None, description="The key of one of the engagement's phases.")
    note: str | None = None


# --- the weekly timesheet ---------------------------------------------------------------------

class WeekRowOut(Schema):
    engagement: UUID
    engagement_name: str
    client_name: str
    phase: str = Field(..., description="The phase's key.")
    phase_name: str
    hours: list[float] = Field(..., description="Monday to Sunday.")
    total: float


class WeekEngagementOut(Schema):
    engagement: UUID
    total: float = Field(..., description="Hours on the engagement this week.")
    month: int = Field(..., description="The engagement month the remaining hours are for.")
    available: float = Field(..., description="The month's available hours, overrides included.")
    logged: float
    remaining: float


class WeekOut(Schema):
    week: str = Field(..., description="The ISO week, e.g. 2026-W48.")
    start: dt.date
    end: dt.date
    user: PersonOut
    days: list[dt.date]
    rows: list[WeekRowOut]
    engagements: list[WeekEngagementOut]
    day_totals: list[float]
    total: float


class WeekRowIn(Schema):
    engagement: UUID
    phase: str = Field(..., description="The key of one of the engagement's phases.")
    hours: list[Decimal | str | None] = Field(
        ..., description="Seven cells, Monday to Sunday: the day's hours on the phase (\"1,5\" or 1.5; 0 or \"\" for "
                         "none, which deletes what was logged); null leaves the day as it is.")


class WeekIn(Schema):
    week: str = Field(..., description="The ISO week, e.g. 2026-W48.")
    user: UUID | None = Field(None, description="A teammate's week (managers only).")
    rows: list[WeekRowIn]


class WeekLevelOut(Schema):
    engagement: UUID
    month: int
    level: str = Field(..., description="ok, warning (80 % or more), full or over")


class WeekSavedOut(Schema):
    created: int
    updated: int
    deleted: int
    levels: list[WeekLevelOut] = Field(..., description="The usage of each engagement month the save changed.")
    week: WeekOut


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
