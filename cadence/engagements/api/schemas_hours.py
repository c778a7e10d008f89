"""Request and response bodies of the engagements API about time: the schedule, the hours table,
time entries, the weekly timesheet and hour overrides."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import Strict

from cadence.api.schemas import Date, In, PersonOut, line
from cadence.core import validation as v
from cadence.engagements.api.schemas import Month, PhaseKeyField
from cadence.engagements.queries import display_name, loaded_language

if TYPE_CHECKING:  # the resolvers' objects
    from cadence.engagements.models import HoursOverride, TimeEntry

EntryHours = Annotated[float, Strict(), Field(ge=0.25, le=24, multiple_of=0.25,
                                              description="Quarter hours, from 0.25 to 24.")]
ExtraHours = Annotated[float, Strict(), Field(ge=0.25, le=1000, multiple_of=0.25,
                                              description="Quarter hours, from 0.25 to 1000.")]
# A timesheet cell: quarter hours as a number, or text such as "1,5"; "" or 0 for none; null leaves the day.
WeekCell = Annotated[float | str | None, Field(description="Hours of the day.")]


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
    note: Annotated[str, line(v.NOTE_MAX)] = ""
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
