"""Request and response bodies of the content calendar's posts API. The bounds the services enforce are stated
here too, so a body that breaks one is a 422 before any service runs; a refusal by a rule (a network's limit, a
gate, a missing approval, a stale revision) is a 400 with its ``code`` and ``field``; a role that may not act is
a 403."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import AwareDatetime, BeforeValidator, Strict

from cadence.api.schemas import In, whole_number
from cadence.content import services
from cadence.content.domain import captions
from cadence.core import validation as v

ChannelKey = Literal["instagram", "facebook", "tiktok", "linkedin", "youtube", "x", "telegram", "pinterest",
                     "newsletter", "blog"]
FormatKey = Literal["image", "carousel", "video", "story", "text", "article"]
StatusKey = Literal["idea", "draft", "in_review", "approved", "scheduled", "published"]
StartKey = Literal["idea", "draft"]
Title = Annotated[str, Field(max_length=services.TITLE_MAX, pattern=v.LINE_PATTERN,
                             description="A working title (one line, may be empty).")]
Caption = Annotated[str, Field(max_length=services.CAPTION_MAX, pattern=v.TEXT_PATTERN, description=(
    "The caption without its hashtags; each network's own limit (counted with the hashtags appended after a "
    "blank line) is checked when the post leaves draft."))]
Hashtag = Annotated[str, Field(min_length=1, max_length=captions.HASHTAG_MAX + 1,
                               description="Letters, digits and underscores; a leading # is dropped.")]
Hashtags = Annotated[list[Hashtag], Field(max_length=captions.HASHTAGS_MAX)]
Media = Annotated[list[UUID], Field(max_length=services.MEDIA_MAX,
                                    description="Files of the engagement, in the order the post shows them.")]
PhaseKey = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$",
                                description="The key of one of the engagement's phases.")]
PublishAt = Annotated[AwareDatetime, Field(description=(
    "With its UTC offset, e.g. 2026-10-20T10:00:00+03:00; stored to the minute, shown in the engagement's "
    "time zone."))]
Comment = Annotated[str, Field(max_length=services.COMMENT_MAX, pattern=v.TEXT_PATTERN)]
Revision = Annotated[int | None, Field(ge=1, le=2**31 - 1, description=(
    "The revision the post had when it was loaded; a write over a newer one is refused with code conflict."))]
# the validator last: it runs first (2.0 -> 2), and the Field keeps its bounds in the schema
PerWeek = Annotated[int, Strict(), Field(ge=0, le=services.PER_WEEK_MAX, description="0 removes the channel."),
                    BeforeValidator(whole_number)]
Weekday = Annotated[int, Strict(), Field(ge=0, le=6, description="0 = Monday … 6 = Sunday."),
                    BeforeValidator(whole_number)]


class LinkRefOut(Schema):
    id: UUID
    url: str


class MediaOut(Schema):
    id: UUID
    name: str
    kind: str
    preview_url: str | None


class ProblemOut(Schema):
    code: str
    message: str


class PostOut(Schema):
    id: UUID
    channel: str
    channel_label: str
    format: str
    format_label: str
    title: str
    caption: str
    hashtags: list[str]
    text: str = Field(..., description="The caption and hashtags as they will be published.")
    length: int = Field(..., description="Characters of ``text``, as the network counts them.")
    limit: int | None = Field(..., description="The network's limit for ``text`` (null: none).")
    publish_at: dt.datetime | None = Field(..., description="In the engagement's time zone.")
    status: str
    status_label: str
    revision: int
    approved_revision: int | None
    approval_current: bool = Field(..., description="The approved revision is the current one.")
    link: LinkRefOut | None
    objective: UUID | None
    initiative: UUID | None
    phase: str | None
    paid: bool | None = Field(..., description="Null for client users (an internal field).")
    assignee: UUID | None = Field(..., description="Null for client users (an internal field).")
    assignee_name: str | None = Field(..., description="Null for client users (an internal field).")
    media: list[MediaOut]
    problems: list[ProblemOut] = Field(..., description="What keeps the post from leaving draft on its network.")


class ReviewOut(Schema):
    decision: str
    comment: str
    reviewer_name: str | None
    revision: int
    created_at: dt.datetime


class PostDetailOut(PostOut):
    reviews: list[ReviewOut]


class PostIn(In):
    channel: ChannelKey
    format: FormatKey
    title: Title = ""
    caption: Caption = ""
    hashtags: Hashtags = []
    publish_at: PublishAt | None = None
    link: UUID | None = Field(None, description="A link of the engagement's library.")
    objective: UUID | None = Field(None, description="An objective of the engagement's marketing plan (its uid).")
    initiative: UUID | None = Field(None, description="An initiative of the engagement's roadmap.")
    phase: PhaseKey | None = Field(None, description=(
        "The engagement phase it belongs to; a paid post without one takes the phase of its publish date."))
    paid: Annotated[bool, Strict()] = False
    assignee: UUID | None = Field(None, description="A team member's user id.")
    media: Media = []
    status: StartKey = "draft"


class PostPatch(In):
    """Fields left out stay as they are; ``null`` empties an optional field."""

    revision: Revision = None
    channel: ChannelKey | None = None
    format: FormatKey | None = None
    title: Title | None = None
    caption: Caption | None = None
    hashtags: Hashtags | None = None
    publish_at: PublishAt | None = None
    link: UUID | None = None
    objective: UUID | None = None
    initiative: UUID | None = None
    phase: PhaseKey | None = None
    paid: Annotated[bool, Strict()] | None = None
    assignee: UUID | None = None
    media: Media | None = None


class StatusIn(In):
    status: StatusKey


class DecisionIn(In):
    comment: Comment = ""
    revision: Revision = None


class ChangesIn(In):
    comment: Annotated[str, Field(min_length=1, max_length=services.COMMENT_MAX, pattern=v.TEXT_PATTERN,
                                  description="What to change (required).")]
    revision: Revision = None


class CalendarSettingsOut(Schema):
    approval_required: bool


class CalendarSettingsIn(In):
    approval_required: Annotated[bool, Strict()]


class FrequencyItem(Schema):
    channel: ChannelKey
    per_week: PerWeek
    weekdays: Annotated[list[Weekday], Field(max_length=7)] = []


class FrequencyIn(In):
    channels: Annotated[list[FrequencyItem], Field(max_length=10, description=(
        "The whole plan: channels left out are removed from it."))]


class FrequencyOut(Schema):
    channels: list[FrequencyItem]
