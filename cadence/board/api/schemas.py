"""Request and response bodies of the board's API. Bounds the services enforce are stated here too, so a
body that breaks one is a 422 before any service runs; a refusal by a rule (a gate, a reviewer, a stale
revision) is a 400 with its ``code`` and ``field``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator, Strict

from cadence.api.schemas import Date, In, line, whole_number
from cadence.board import services
from cadence.core import validation as v

ColumnKey = Literal["backlog", "todo", "in_progress", "on_hold", "review", "done"]
RoleKey = Literal["", "strategist", "copywriter", "designer", "video", "ads", "community", "analyst", "developer",
                  "account"]
RolePath = Literal["strategist", "copywriter", "designer", "video", "ads", "community", "analyst", "developer",
                   "account"]
Title = Annotated[str, Field(min_length=1, max_length=services.TITLE_MAX, pattern=v.NAME_PATTERN,
                             description="One line with at least one visible character.")]
Markdown = Annotated[str, Field(max_length=services.DESCRIPTION_MAX, pattern=v.TEXT_PATTERN,
                                description="Markdown (rendered sanitised).")]


WHOLE = BeforeValidator(whole_number)  # 4.0 is the integer 4, as JSON Schema says

Estimate = Annotated[float, Strict(), Field(ge=0, le=float(services.ESTIMATE_MAX), multiple_of=0.25,
                                            description="Hours in quarters, from 0 to 1000.")]
Hours = Annotated[float, Strict(), Field(ge=0.25, le=24, multiple_of=0.25, description="Quarter hours, 0.25 to 24.")]
ChecklistText = Annotated[str, Field(min_length=1, max_length=services.CHECKLIST_MAX, pattern=v.NAME_PATTERN)]
PhaseKey = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$",
                                description="The key of one of the engagement's phases.")]
Revision = Annotated[int | None, Field(ge=1, description=(
    "The revision the card had when it was loaded; a save over a newer one is refused with code conflict."))]


# A card of the list is built from a dict (``lookups.card_out``): plain pydantic models, not ninja's Schema,
# whose validator wraps every value for attribute access (a third of the list's time with 200 cards).
class LabelRefOut(BaseModel):
    name: str
    colour: str


class CardOut(BaseModel):
    id: UUID
    title: str
    column: str
    position: int
    revision: int
    assignee: UUID | None
    assignee_name: str | None
    role: str
    role_label: str
    due: dt.date | None
    overdue: bool
    estimate: float | None
    logged: float
    checklist_done: int
    checklist_total: int
    labels: list[LabelRefOut]
    phase: str | None
    phase_name: str | None
    initiative: UUID | None
    initiative_title: str | None
    attachments: int
    reviewer_name: str | None
    gate_blocked: str | None = Field(..., description="The gate that keeps the card's phase closed today.")
    engagement: UUID
    engagement_name: str
    client_name: str


class ChecklistItemOut(Schema):
    id: int
    text: str
    done: bool


class TimeRowOut(Schema):
    date: dt.date
    person: str
    hours: float
    note: str


class AttachmentOut(Schema):
    id: UUID
    name: str


class CardDetailOut(Schema):
    card: CardOut
    description: str
    description_html: str
    checklist: list[ChecklistItemOut]
    time_entries: list[TimeRowOut]
    attachments: list[AttachmentOut]


class TaskIn(In):
    title: Title
    description: Markdown = ""
    column: ColumnKey = "backlog"
    assignee: UUID | None = None
    reviewer: UUID | None = None
    role: RoleKey = ""
    due: Date | None = None
    estimate: Estimate | None = None
    phase: PhaseKey | None = None
    initiative: UUID | None = None
    objective: UUID | None = None
    labels: list[UUID] = Field(default_factory=list, max_length=50)
    checklist: list[ChecklistText] = Field(default_factory=list, max_length=services.CHECKLIST_ITEMS_MAX)


class TaskPatch(In):
    """Only the fields given change; ``null`` clears an optional one."""

    revision: Revision = None
    title: Title | None = None
    description: Markdown | None = None
    assignee: UUID | None = None
    role: RoleKey | None = None
    due: Date | None = None
    estimate: Estimate | None = None
    phase: PhaseKey | None = None
    initiative: UUID | None = None
    objective: UUID | None = None
    labels: list[UUID] | None = Field(None, max_length=50)


class MoveIn(In):
    column: ColumnKey
    before: UUID | None = Field(None, description="The card it lands below (null: see after).")
    after: UUID | None = Field(None, description="The card it lands above (neither: the column's end).")
    reviewer: UUID | None = Field(None, description="Who reviews it (needed to enter Review without one).")


class MoveOut(Schema):
    card: CardOut
    wip_warning: str | None


class TimeIn(In):
    hours: Hours
    date: Date | None = None
    note: Annotated[str, line(v.NOTE_MAX)] = ""


class TimeOut(Schema):
    entry: UUID
    date: dt.date
    hours: float
    level: str
    card: CardOut


class ChecklistIn(In):
    text: ChecklistText


class ChecklistPatch(In):
    text: ChecklistText | None = None
    done: Annotated[bool, Strict()] | None = None


class AttachIn(In):
    file: UUID


class LabelIn(In):
    name: Annotated[str, Field(min_length=1, max_length=services.LABEL_MAX, pattern=v.NAME_PATTERN)]
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#64748b"


class LabelOut(Schema):
    id: UUID
    name: str
    colour: str

    @staticmethod
    def resolve_id(obj: Any) -> UUID:
        return obj.uuid  # type: ignore[no-any-return]


WipLimit = Annotated[int, Strict(), Field(ge=0, le=services.WIP_MAX), WHOLE]


class WipIn(In):
    """Each column's limit (null or 0: none); a column left out keeps its limit."""

    backlog: WipLimit | None = None
    todo: WipLimit | None = None
    in_progress: WipLimit | None = None
    on_hold: WipLimit | None = None
    review: WipLimit | None = None
    done: WipLimit | None = None


class ColumnOut(Schema):
    column: str
    label: str
    count: int
    wip_limit: int | None
    over_limit: bool
    cards: list[CardOut]


class CapacityOut(Schema):
    month: int
    first: dt.date
    last: dt.date
    planned: float = Field(..., description="Remaining estimates of the open cards that fall in the month.")
    left: float = Field(..., description="Hours the month still has (available minus logged).")
    fits: bool
    shortfall: float
    unestimated: int


class BoardOut(Schema):
    columns: list[ColumnOut]
    capacity: list[CapacityOut]


Weekday = Annotated[int, Strict(), Field(ge=0, le=6), WHOLE]


class RecurringIn(In):
    title: Title
    kind: Literal["weekly", "monthly", "every_n_weeks"]
    starts_on: Date
    weekdays: list[Weekday] = Field(default_factory=list, max_length=7, description="Monday = 0.")
    month_day: Annotated[int, Strict(), Field(ge=1, le=31), WHOLE] | None = None
    interval: Annotated[int, Strict(), Field(ge=1, le=52), WHOLE] = 1
    ends_on: Date | None = None
    description: Markdown = ""
    role: RoleKey = ""
    assignee: UUID | None = None
    phase: PhaseKey | None = None
    estimate: Estimate | None = None
    due_after_days: Annotated[int, Strict(), Field(ge=0, le=90), WHOLE] = 0
    lead_days: Annotated[int, Strict(), Field(ge=0, le=31), WHOLE] = 0
    active: bool = True
    labels: list[UUID] = Field(default_factory=list, max_length=50)


class RecurringPatch(In):
    title: Title | None = None
    kind: Literal["weekly", "monthly", "every_n_weeks"] | None = None
    starts_on: Date | None = None
    weekdays: list[Weekday] | None = Field(None, max_length=7)
    month_day: Annotated[int, Strict(), Field(ge=1, le=31), WHOLE] | None = None
    interval: Annotated[int, Strict(), Field(ge=1, le=52), WHOLE] | None = None
    ends_on: Date | None = None
    description: Markdown | None = None
    role: RoleKey | None = None
    assignee: UUID | None = None
    phase: PhaseKey | None = None
    estimate: Estimate | None = None
    due_after_days: Annotated[int, Strict(), Field(ge=0, le=90), WHOLE] | None = None
    lead_days: Annotated[int, Strict(), Field(ge=0, le=31), WHOLE] | None = None
    active: bool | None = None
    labels: list[UUID] | None = Field(None, max_length=50)


class RecurringOut(Schema):
    id: UUID
    title: str
    kind: str
    weekdays: list[int]
    month_day: int | None
    interval: int
    starts_on: dt.date
    ends_on: dt.date | None
    description: str
    role: str
    assignee: UUID | None
    phase: str | None
    estimate: float | None
    due_after_days: int
    lead_days: int
    active: bool
    labels: list[UUID]


class TaskTemplateIn(In):
    template: UUID = Field(..., description="The process template.")
    phase: PhaseKey
    title: Title
    description: Markdown = ""
    role: RoleKey = ""
    estimate: Estimate | None = None
    checklist: list[ChecklistText] = Field(default_factory=list, max_length=services.CHECKLIST_ITEMS_MAX)
    position: Annotated[int, Strict(), Field(ge=0, le=10000), WHOLE] | None = None


class TaskTemplatePatch(In):
    phase: PhaseKey | None = None
    title: Title | None = None
    description: Markdown | None = None
    role: RoleKey | None = None
    estimate: Estimate | None = None
    checklist: list[ChecklistText] | None = Field(None, max_length=services.CHECKLIST_ITEMS_MAX)
    position: Annotated[int, Strict(), Field(ge=0, le=10000), WHOLE] | None = None


class TaskTemplateOut(Schema):
    id: UUID
    template: UUID
    phase: str
    title: str = Field(..., description="In the request's language (built-in ones are translated).")
    stored_title: str
    description: str
    role: str
    estimate: float | None
    checklist: list[str]
    position: int


class BoardSettingsIn(In):
    template_tasks: Literal["phase_start", "engagement_start"]


class BoardSettingsOut(Schema):
    template_tasks: str
