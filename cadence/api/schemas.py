"""Request and response bodies of the JSON API. Ids are UUIDs, dates ISO 8601, hours numbers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator, Strict, StringConstraints, create_model, model_validator

from cadence.core import validation as v
from cadence.engagements.phase_fields import GATE_FIELDS, LANGUAGE_CODES, PHASE_FIELDS, PhaseField
from cadence.engagements.queries import display_description, display_name, loaded_language, tr

if TYPE_CHECKING:  # the resolvers' objects
    from cadence.accounts.models import User
    from cadence.core.models import Client
    from cadence.engagements.models import (
        ContractTerms,
        Engagement,
        HoursOverride,
        ProcessTemplate,
        TimeEntry,
    )


class FieldErrorOut(Schema):
    field: str | None
    message: str
    type: str


class ErrorOut(Schema):
    """Every error of the API has this shape (see ``cadence.api.errors``)."""

    detail: str = Field(..., description="A sentence in the request's language.")
    code: str = Field(..., description="A stable word: not_found, forbidden, invalid, hours_exceeded, ...")
    field: str | None = Field(None, description="The input the error is about, when there is one.")
    errors: list[FieldErrorOut] | None = Field(None, description="On 422: every problem of the input.")
    refusals: list[dict[str, Any]] | None = Field(
        None, description="A refused timesheet: each refused cell (engagement, phase, date, detail).")


# --- input types: the bounds the services enforce, stated in the schema -----------------------

class In(Schema):
    """A request body: a JSON object (a list or a number is refused with 422, never read as empty)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        obj = getattr(data, "_obj", data)  # ninja wraps the input in a DjangoGetter
        if not isinstance(obj, dict):
            raise ValueError("The body must be a JSON object.")
        return data


def _text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("Input should be a string in the format YYYY-MM-DD.")
    return value


def _line(max_length: int, **extra: Any) -> Any:
    return Field(max_length=max_length, pattern=v.LINE_PATTERN, **extra)


Name = Annotated[str, Field(min_length=1, max_length=v.NAME_MAX, pattern=v.NAME_PATTERN,
                            description="Text with at least one visible character, no control characters.")]
# Dates within MIN_DATE..MAX_DATE (2000-01-01 to 2100-12-31), written YYYY-MM-DD.
DATE_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
Date = Annotated[dt.date, BeforeValidator(_text_only), Field(
    ge=v.MIN_DATE, le=v.MAX_DATE, description="A date from 2000-01-01 to 2100-12-31.",
    json_schema_extra={"pattern": DATE_PATTERN})]
Country = Annotated[str, Field(pattern=v.COUNTRY_PATTERN, description="ISO 3166 code, e.g. RO.")]
Language = Literal["en", "ro", "ru"]
Currency = Literal["EUR", "RON", "MDL", "RUB", "UAH", "USD", "GBP", "PLN", "BGN", "HUF", "CZK", "BYN", "KZT", "CAD"]
RolloverMode = Literal["none", "carry"]
# What Django's URLValidator accepts, in a form JSON Schema can state: http(s), a dotted host name
# with a letters-only top-level domain, an optional port and path.
WEBSITE_PATTERN = (r"^(https?://([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:[0-9]{1,5})?"
                   r"(/[^\s\x00-\x1f\x7f-\x9f]*)?)?$")
Website = Annotated[str, Field(max_length=200, pattern=WEBSITE_PATTERN, description="http(s) address, or empty.")]
Notes = Annotated[str, Field(max_length=v.NOTES_MAX, pattern=v.TEXT_PATTERN)]
MonthlyHours = Annotated[float, Strict(), Field(ge=0.5, le=1000, multiple_of=0.25,
                                                description="Hours bought each month, in quarter hours.")]
Cap = Annotated[float, Strict(), Field(ge=0, le=1000, multiple_of=0.25)]
EntryHours = Annotated[float, Strict(), Field(ge=0.25, le=24, multiple_of=0.25,
                                              description="Quarter hours, from 0.25 to 24.")]
ExtraHours = Annotated[float, Strict(), Field(ge=0.25, le=1000, multiple_of=0.25,
                                              description="Quarter hours, from 0.25 to 1000.")]
def _whole_number(value: Any) -> Any:
    """JSON Schema counts 3.0 as an integer; text and booleans are not numbers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Month = Annotated[int, Field(ge=1, le=1200, description="The engagement month (1 = the first)."),
                  BeforeValidator(_whole_number), Strict()]
ContractMonths = Annotated[int, Field(ge=1, le=120, description="The contract's length in months (null: open-ended)."),
                           BeforeValidator(_whole_number), Strict()]
CloseAfterDays = Annotated[int, Field(ge=0, le=60, description="Days after a month ends until its entries lock."),
                           BeforeValidator(_whole_number), Strict()]
OptionalReason = Annotated[str, Field(max_length=v.REASON_MAX, pattern=v.TEXT_PATTERN)]
PhaseKeyField = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]
# A timesheet cell: quarter hours as a number, or text such as "1,5"; "" or 0 for none; null leaves the day.
WeekCell = Annotated[float | str | None, Field(description="Hours of the day.")]


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
    def resolve_id(obj: User) -> UUID:
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
    currency: str
    website: str
    notes: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: Client) -> UUID:
        return obj.uuid


# A client's usual currency, or empty for the country's usual one.
ClientCurrency = Annotated[str, Field(pattern=r"^([A-Z]{3})?$", description="ISO 4217 code, or empty.")]


class ClientIn(In):
    name: Name
    country: Country = "RO"
    language: Language = "ro"
    currency: ClientCurrency = ""
    website: Website = ""
    notes: Notes = ""


class ClientPatch(In):
    """Only the fields sent change."""

    name: Name | None = None
    country: Country | None = None
    language: Language | None = None
    currency: ClientCurrency | None = None
    website: Website | None = None
    notes: Notes | None = None


# --- templates --------------------------------------------------------------------------------

def _spec_fields(specs: tuple[PhaseField, ...], *, output: bool) -> dict[str, Any]:
    """Pydantic fields for a list of phase (or gate) field specs: the API schemas are derived from it."""
    texts_help = "Custom text per language code (" + ", ".join(LANGUAGE_CODES) + "); empty ones are left out."
    fields: dict[str, Any] = {}
    for f in specs:
        bounds: dict[str, Any] = {k: v for k, v in (("ge", f.min_value), ("le", f.max_value), ("max_length", f.max_length))
                  if v is not None}
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

    @staticmethod
    def resolve_id(obj: Engagement) -> UUID:
        return obj.uuid


Subdivision = Annotated[str, _line(10, description="A region code where holidays differ by region.")]
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
    def resolve_id(obj: TimeEntry) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_phase(obj: TimeEntry) -> str:
        return obj.phase.key

    @staticmethod
    def resolve_phase_name(obj: Any) -> str:
        return display_name(obj.phase, fallback=loaded_language(obj))


class TimeEntryIn(In):
    date: Date
    hours: EntryHours
    phase: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$",
                                description="The key of one of the engagement's phases.")]
    note: Annotated[str, _line(v.NOTE_MAX)] = ""
    user: UUID | None = Field(None, description="Log for another team member (managers only).")
    reason: str = Field("", description="Needed (managers only) to log into a closed month; kept in the history.")


class TimeEntryCreatedOut(Schema):
    entry: TimeEntryOut
    month: int = Field(..., description="The engagement month the entry falls in.")
    level: str = Field(..., description="The month's usage after this entry: ok, warning (80 %+) or full.")


class TimeEntryPatch(In):
    """Only the fields sent change."""

    date: Date | None = None
    hours: EntryHours | None = None
    phase: PhaseKeyField | None = Field(None, description="The key of one of the engagement's phases.")
    note: Annotated[str, Field(max_length=v.NOTE_MAX, pattern=v.TEXT_PATTERN)] | None = None


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


class WeekRowIn(In):
    engagement: UUID
    phase: PhaseKeyField = Field(..., description="The key of one of the engagement's phases.")
    hours: list[WeekCell] = Field(..., min_length=7, max_length=7,
                                  description=
        "Seven cells, Monday to Sunday: the day's hours on the phase (\"1,5\" or 1.5; 0 or \"\" for "
                         "none, which deletes what was logged); null leaves the day as it is.")


class WeekIn(In):
    week: str = Field(..., pattern=r"^[0-9]{4}-W[0-9]{2}$", description="The ISO week, e.g. 2026-W48.")
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


class OverrideIn(In):
    month: Month
    extra_hours: ExtraHours
    reason: Annotated[str, Field(min_length=1, max_length=v.REASON_MAX, pattern=v.REASON_PATTERN, description="Why: the client can read it.")]


class OverrideOut(Schema):
    id: UUID
    month: int
    extra_hours: float
    reason: str
    created_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: HoursOverride) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_month(obj: HoursOverride) -> int:
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
