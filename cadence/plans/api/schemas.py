"""Request and response bodies of the plans API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema

from cadence.api.schemas import In, Name
from cadence.core import validation as v
from cadence.plans import queries, services

SectionKey = Literal["situation", "objectives", "strategy", "tactics", "action", "control"]
Markdown = Annotated[str, Field(max_length=services.ANSWER_MAX, pattern=v.TEXT_PATTERN,
                                description="Markdown text (no control characters but tab and line breaks).")]


def _keys_type(keys: list[str], description: str) -> Any:
    """The question keys as an enum in the schema (it states which keys exist); a slug until the questions
    (``cadence/plans/questions.py``) are there."""
    if keys:
        return Annotated[Literal[tuple(keys)], Field(description=description)]
    return Annotated[str, Field(min_length=1, max_length=services.KEY_MAX, pattern=r"^[a-z0-9_.-]+$",
                                description=description)]


if TYPE_CHECKING:
    QuestionKey = str
    BriefKey = str
else:
    QuestionKey = _keys_type([k for keys in queries.section_question_keys().values() for k in keys],
                             "A guided question's stable key, e.g. situation.audience.")
    BriefKey = _keys_type(queries.brief_question_keys(), "A brief question's stable key, e.g. brief.products.")
Revision = Annotated[int | None, Field(ge=1, description=(
    "The revision the text or record had when it was loaded (null: there was none yet). A save over a newer "
    "revision is refused with code edit_conflict; the error body then has `current` and `submitted`."))]


class FindingOut(Schema):
    code: str
    params: dict[str, str | int]


class SectionCompletenessOut(Schema):
    section: str
    percent: int
    answered: int
    questions: int
    met: int
    requirements: int
    missing: list[FindingOut]


class CompletenessOut(Schema):
    percent: int
    complete: bool
    sections: list[SectionCompletenessOut]


class ChangeRequestOut(Schema):
    id: UUID
    section: str
    comment: str
    author: str | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class VersionOut(Schema):
    number: int
    state: str
    based_on: int | None
    sha256: str = Field(..., description="SHA-256 of the frozen snapshot's canonical text; empty for a draft.")
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    submitted_by: str | None
    approved_at: dt.datetime | None
    approved_by: str | None
    change_requests: list[ChangeRequestOut]


class VersionDocumentOut(VersionOut):
    document: dict[str, Any] = Field(..., description="The version's snapshot document (schema_version 1).")


class PlanOut(Schema):
    engagement: UUID
    open_version: int | None = Field(..., description="The version in draft or in review (none for clients "
                                                      "while it is a draft).")
    state: str | None = Field(..., description="The open version's state, else the approved one's.")
    approved_version: int | None
    client_version: int | None = Field(..., description="The version client users read.")
    versions: list[VersionOut]
    completeness: CompletenessOut


class AnswerOut(Schema):
    key: str
    section: str
    text: str
    revision: int | None = Field(..., description="null when read from a frozen version (client users).")


class AnswerIn(In):
    question: QuestionKey
    text: Markdown
    revision: Revision = None


class BriefAnswerOut(Schema):
    key: str
    text: str
    revision: int | None


class BriefIn(In):
    answers: dict[BriefKey, Markdown] = Field(..., description="Brief question key -> answer (Markdown).")
    revisions: dict[str, int | None] = Field(default_factory=dict, description=(
        "Brief question key -> its revision when loaded (null or left out: there was no answer yet)."))


class RecordOut(Schema):
    kind: str
    uid: UUID
    position: int
    revision: int | None = Field(..., description="null when read from a frozen version (client users).")
    values: dict[str, Any] = Field(..., description=(
        "Every editable field of the kind (see GET /workspaces/{workspace}/plan-kinds): records they point at "
        "by uid, decimals as exact text, dates as YYYY-MM-DD."))


class RecordIn(In):
    values: dict[str, Any] = Field(..., description=(
        "Field name -> value (the kind's fields, see GET /workspaces/{workspace}/plan-kinds): text, numbers (or "
        "their exact text), dates YYYY-MM-DD, booleans, records of this plan by uid. Fields left out keep their "
        "value (or default)."))
    position: Annotated[int | None, Field(ge=0, le=services.POSITION_MAX)] = None


class RecordUpdateIn(RecordIn):
    revision: int = Field(..., ge=1, description="The record's revision when it was loaded.")


class KindFieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    max_length: int | None
    choices: list[str] | None
    record_kind: str | None = Field(..., description="For a link to another record: its kind.")


class KindOut(Schema):
    kind: str
    label: str
    plural: str
    section: str
    parent: str | None
    singleton: bool
    fields: list[KindFieldOut]


class ApproveIn(In):
    note: Annotated[str, Field(max_length=services.APPROVAL_NOTE_MAX, pattern=v.TEXT_PATTERN,
                               description="A note for the agency (kept with the gate).")] = ""


class RequestChangesIn(In):
    section: SectionKey
    comment: Annotated[str, Field(min_length=1, max_length=services.COMMENT_MAX, pattern=v.REASON_PATTERN)]


class TemplateSaveIn(In):
    name: Name


class TemplateStartIn(In):
    plan_template: UUID


class PlanTemplateOut(Schema):
    id: UUID
    name: str
    language: str
    created_at: dt.datetime


class FieldChangeOut(Schema):
    field: str
    change: str
    old: Any
    new: Any


class RecordChangeOut(Schema):
    kind: str
    uid: str
    change: str
    fields: list[FieldChangeOut]


class SectionDiffOut(Schema):
    section: str
    change: str | None
    answers: list[FieldChangeOut]
    records: list[RecordChangeOut]


class DiffOut(Schema):
    old: int
    new: int
    plan: list[FieldChangeOut]
    sections: list[SectionDiffOut]
