"""Request and response bodies of the engagements API: templates, engagements, phases, gates, terms, history.

The schedule, hours, time entries and timesheet bodies are in ``schemas_hours``; the pieces every
app shares (``In``, ``ErrorOut``, ``Date``, ...) in ``cadence.api.schemas``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator, Strict, StringConstraints, create_model

from cadence.api.schemas import (
    Country,
    Currency,
    Date,
    In,
    Language,
    Name,
    OptionalReason,
    line,
    whole_number,
)
from cadence.core import validation as v
from cadence.engagements.phase_fields import GATE_FIELDS, LANGUAGE_CODES, PHASE_FIELDS, PhaseField
from cadence.engagements.queries import display_description, display_name, tr

if TYPE_CHECKING:  # the resolvers' objects
    from cadence.core.models import Client
    from cadence.engagements.models import ContractTerms, Engagement, ProcessTemplate

# --- input types of engagements ---------------------------------------------------------------

RolloverMode = Literal["none", "carry"]
MonthlyHours = Annotated[float, Strict(), Field(ge=0.5, le=1000, multiple_of=0.25,
                                                description="Hours bought each month, in quarter hours.")]
Cap = Annotated[float, Strict(), Field(ge=0, le=1000, multiple_of=0.25)]
Month = Annotated[int, Field(ge=1, le=1200, description="The engagement month (1 = the first)."),
                  BeforeValidator(whole_number), Strict()]
ContractMonths = Annotated[int, Field(ge=1, le=120, description="The contract's length in months (null: open-ended)."),
                           BeforeValidator(whole_number), Strict()]
CloseAfterDays = Annotated[int, Field(ge=0, le=60, description="Days after a month ends until its entries lock."),
                           BeforeValidator(whole_number), Strict()]
PhaseKeyField = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]


# --- templates --------------------------------------------------------------------------------

def _spec_fields(specs: tuple[PhaseField, ...], *, output: bool) -> dict[str, Any]:
    """Pydantic fields for a list of phase (or gate) field specs: the API schemas are derived from it."""
    texts_help = "Custom text per language code (" + ", ".join(LANGUAGE_CODES) + "); empty ones are left out."
    fields: dict[str, Any] = {}
    for f in specs:
        bounds: dict[str, Any] = {
            k: v for k, v in (("ge", f.min_value), ("le", f.max_value), ("max_length", f.max_length)) if v is not None
        }
        if f.type == "decimal" and not output:
            bounds = {k: float(v) if k in ("ge", "le") else v for k, v in bounds.items()}
            if f.decimal_places:
                bounds["multiple_of"] = 10 ** -f.decimal_places
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
            # numbers in JSON (never text), with the model's decimal places as the schema's multipleOf
            "int": int, "decimal": float if output else Annotated[float, Strict()], "slug": str, "hidden": str,
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
if TYPE_CHECKING:  # mypy cannot see a created model's fields: a Schema to it, usable in annotations
    PhaseIn = Schema
else:
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
    def resolve_id(obj: ProcessTemplate) -> UUID:
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
    def resolve_id(obj: Client) -> UUID:
        return obj.uuid


class TemplateRef(Schema):
    id: UUID
    key: str
    name: str

    @staticmethod
    def resolve_id(obj: ProcessTemplate) -> UUID:
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
    manager: UUID | None = Field(None, description="The account manager (a team member's user id): receives the "
                                                   "KPI alerts; null: the workspace's owners and managers do.")

    @staticmethod
    def resolve_id(obj: Engagement) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_manager(obj: Engagement) -> UUID | None:
        return obj.manager.uuid if obj.manager_id is not None and obj.manager is not None else None


Subdivision = Annotated[str, line(10, description="A region code where holidays differ by region.")]
TimeZone = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_+/-]+$",
                                description="An IANA time zone, e.g. Europe/Bucharest.")]
TemplateRef_ = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$",
                                    description="The template's key (e.g. retainer, sostac) or its id.")]


class EngagementIn(In):
    client: UUID
    template: TemplateRef_
    name: Name
    start_date: Date
    monthly_hours: MonthlyHours
    country: Country = "RO"
    subdivision: Subdivision = ""
    time_zone: TimeZone = "Europe/Bucharest"
    currency: Currency = "EUR"
    language: Language = "ro"
    rollover_mode: RolloverMode = "none"
    rollover_cap: Cap = 0
    contract_months: ContractMonths | None = None
    close_after_days: CloseAfterDays = 5


class EngagementPatch(In):
    """Only the fields sent change."""

    name: Name | None = None
    start_date: Date | None = None
    monthly_hours: MonthlyHours | None = None
    country: Country | None = None
    subdivision: Subdivision | None = None
    time_zone: TimeZone | None = None
    currency: Currency | None = None
    language: Language | None = None
    rollover_mode: RolloverMode | None = None
    rollover_cap: Cap | None = None
    contract_months: ContractMonths | None = None
    close_after_days: CloseAfterDays | None = None
    manager: UUID | None = Field(None, description="A team member's user id; null clears it.")


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
    def resolve_id(obj: ContractTerms) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_created_by(obj: Any) -> str | None:
        return str(obj.created_by) if obj.created_by else None


class TermsIn(In):
    from_month: Month = Field(..., description="The current engagement month or a later one.")
    monthly_hours: MonthlyHours
    rollover_mode: RolloverMode = "none"
    rollover_cap: Cap = 0
    reason: OptionalReason = ""


class MonthCloseIn(In):
    reason: OptionalReason = ""


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


class PhasePatch(In):
    completed_on: Date | None = Field(..., description="The day the phase was completed; null reopens it.")


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


class PhaseCompleteIn(In):
    completed_on: Date | None = Field(None, description="Defaults to the phase's last day with hours logged.")


class EngagementGateOut(GateFieldsOut):  # type: ignore[misc,valid-type]
    """A gate as the agency's team sees it."""

    passed_on: dt.date | None
    note: str
    approved_by: str = Field(..., description="Who approved it on the client's side.")
    recorded_by: str | None

    @staticmethod
    def resolve_recorded_by(obj: Any) -> str | None:
        return str(obj.recorded_by) if obj.recorded_by else None


class GateIn(In):
    passed_on: Date | None = Field(..., description="The day the gate was passed; null reopens it.")
    note: Annotated[str, Field(max_length=v.GATE_NOTE_MAX, pattern=v.TEXT_PATTERN,
                               description="An internal note (never shown to client users).")] = ""
    approved_by: Annotated[str, Field(max_length=200, pattern=v.LINE_PATTERN,
                                      description="Who approved it on the client's side (required for gates the "
                                                  "client approves), e.g. “Ion Popescu, director”.")] = ""
    reason: Annotated[str, Field(max_length=v.GATE_NOTE_MAX, pattern=v.TEXT_PATTERN,
                                 description="Why a passed gate is reopened (required when passed_on is null).")] = ""


class GateApproveIn(In):
    note: Annotated[str, Field(max_length=v.GATE_NOTE_MAX, pattern=v.TEXT_PATTERN,
                               description="A note for the agency.")] = ""


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
