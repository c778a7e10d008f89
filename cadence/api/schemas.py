"""Schema pieces every app's API shares: the error body, the request-body base, and field types.

Each app's own request and response bodies live with its router (``cadence/<app>/api``). Ids are
UUIDs, dates ISO 8601, hours numbers.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator, model_validator

from cadence.core import validation as v

if TYPE_CHECKING:  # the resolvers' objects
    from cadence.accounts.models import User


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
    """A request body: a JSON object (a list or a number is refused with 422, never read as empty); a number
    field refuses true and false (pydantic would read them as 1 and 0)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        obj = getattr(data, "_obj", data)  # ninja wraps the input in a DjangoGetter
        if not isinstance(obj, dict):
            raise ValueError("The body must be a JSON object.")
        for name in _number_fields(cls):
            if isinstance(obj.get(name), bool):
                raise ValueError(f"{name}: a number is expected, not true or false.")
        return data


@functools.cache
def _number_fields(cls: type[Schema]) -> tuple[str, ...]:
    """The body's fields that take a number (``int``, ``float``, ``Decimal``, optional or not), by their JSON name."""
    names = []
    for name, field in cls.model_fields.items():
        annotation = field.annotation
        options = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) \
            else (annotation,)
        if any(option in (int, float, Decimal) for option in options):
            names.append(field.alias or name)
    return tuple(names)


def _text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("Input should be a string in the format YYYY-MM-DD.")
    return value


def line(max_length: int, **extra: Any) -> Any:
    """A one-line text field of at most ``max_length`` characters (no line breaks, no control characters)."""
    return Field(max_length=max_length, pattern=v.LINE_PATTERN, **extra)


def whole_number(value: Any) -> Any:
    """JSON Schema counts 3.0 as an integer; text and booleans are not numbers, and neither is a float past
    2**53 (no longer an exact integer: the strict check that follows refuses it)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


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
# What Django's URLValidator accepts, in a form JSON Schema can state: http(s), a dotted host name
# with a letters-only top-level domain, an optional port and path.
WEBSITE_PATTERN = (r"^(https?://([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:[0-9]{1,5})?"
                   r"(/[^\s\x00-\x1f\x7f-\x9f]*)?)?$")
Website = Annotated[str, Field(max_length=200, pattern=WEBSITE_PATTERN, description="http(s) address, or empty.")]
Notes = Annotated[str, Field(max_length=v.NOTES_MAX, pattern=v.TEXT_PATTERN)]
OptionalReason = Annotated[str, Field(max_length=v.REASON_MAX, pattern=v.TEXT_PATTERN)]


# --- shared outputs (a class's docstring would become its description in the OpenAPI schema) ---

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
