"""Request and response bodies of the links' API. Bounds the services enforce are stated here too, so a body
that breaks one is a 422 before any service runs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool

from cadence.api.schemas import In, line
from cadence.core import validation as v
from cadence.links import services

# What the services accept: http(s), a dotted host name (or localhost) with a letters-only top-level domain, an
# optional port, then a path, query or fragment without spaces or control characters.
URL_PATTERN = (r"^[hH][tT][tT][pP][sS]?://(([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}|localhost)"
               rf"(:[0-9]{{1,5}})?([/?#][^\s{v.CONTROL_CHARS}]*)?$")
BaseUrl = Annotated[str, Field(min_length=1, max_length=services.BASE_URL_MAX, pattern=URL_PATTERN,
                               description="The landing page: an http(s) address (its query and fragment are kept).")]


def required(max_length: int, **extra: Any) -> Any:
    """A one-line value with at least one visible character."""
    return Field(min_length=1, max_length=max_length, pattern=v.NAME_PATTERN, **extra)
Separator = Literal["_", "-", "."]


class LinkIn(In):
    base_url: BaseUrl
    source: str = required(100, description="utm_source: facebook, newsletter…")
    medium: str = required(100, description="utm_medium: cpc, paid_social, email…")
    campaign: str = required(200, description="utm_campaign")
    term: str = line(200, default="")
    content: str = line(200, default="")
    utm_id: str = line(100, default="")
    name: str = line(services.NAME_MAX, default="")
    apply_rule: StrictBool = Field(False, description="Apply the workspace's naming rule to the values before saving.")


class LinkPatch(In):
    base_url: BaseUrl | None = None
    source: str | None = required(100, default=None)
    medium: str | None = required(100, default=None)
    campaign: str | None = required(200, default=None)
    term: str | None = line(200, default=None)
    content: str | None = line(200, default=None)
    utm_id: str | None = line(100, default=None)
    name: str | None = line(services.NAME_MAX, default=None)
    apply_rule: StrictBool = False


class LinkOut(Schema):
    id: UUID
    name: str
    url: str
    base_url: str
    source: str
    medium: str
    campaign: str
    term: str
    content: str
    utm_id: str
    channel_group: str = Field(..., description="How GA4's default channel group will classify the visits.")
    created_at: dt.datetime


class PreviewIn(In):
    base_url: BaseUrl
    source: str = line(100, default="")
    medium: str = line(100, default="")
    campaign: str = line(200, default="")
    term: str = line(200, default="")
    content: str = line(200, default="")
    utm_id: str = line(100, default="")


class WarningOut(Schema):
    code: str = Field(..., description="missing_campaign, missing_source, spaces, mixed_case, unknown_medium")
    field: str
    message: str


class SuggestionOut(Schema):
    source: str
    medium: str
    campaign: str
    term: str
    content: str
    utm_id: str


class PreviewOut(Schema):
    url: str
    warnings: list[WarningOut]
    channel_group: str
    suggestion: SuggestionOut | None = Field(None, description="The values under the naming rule, when they differ.")


class RuleIn(In):
    lowercase: StrictBool
    separator: Separator
    extra_mediums: list[Annotated[str, Field(min_length=1, max_length=services.MEDIUM_MAX, pattern=v.NAME_PATTERN)]] = Field(
        default_factory=list, max_length=services.EXTRA_MEDIUMS_MAX)


class RuleOut(Schema):
    lowercase: bool
    separator: str
    extra_mediums: list[str]
