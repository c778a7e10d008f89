"""Bounds of user input, checked once in the services so the forms and the API refuse the same things.

Small pure helpers: each takes the raw value and the field's name, returns the cleaned value, or
raises ``InvalidInput`` (a ``DomainError``) with a translated message, a stable code and the field.
The API's schemas state the same bounds (``cadence.api.schemas`` and each app's ``api`` schemas import
the constants below).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cadence.core.errors import InvalidInput

# Dates a user may type: the engine computes calendars from them, so they must stay reasonable
# (9999-06-01 overflowed the calendar; 0001-01-01 made every page compute two thousand years).
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
QUARTER = Decimal("0.25")

# Control characters: C0, DEL and the C1 block, and the bidirectional embedding, override and isolate marks
# (they reorder what a reader sees: a name shown reversed in a page, a PDF or a DOCX). Single-line text
# refuses all of them; multiline text allows tab, line feed and carriage return (browsers send CR LF from a
# textarea).
# (Regex ranges written with escapes, so Python, pydantic and JSON Schema read them the same way.)
CONTROL_CHARS = r"\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
MULTILINE_CONTROL_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE_BAD = re.compile(f"[{CONTROL_CHARS}]")
_MULTILINE_BAD = re.compile(f"[{MULTILINE_CONTROL_CHARS}]")
# The same rules as JSON Schema patterns (for the API's OpenAPI schema).
NAME_PATTERN = rf"^[^{CONTROL_CHARS}]*[^\s{CONTROL_CHARS}][^{CONTROL_CHARS}]*$"
REASON_PATTERN = rf"^[^{MULTILINE_CONTROL_CHARS}]*[^\s{CONTROL_CHARS}][^{MULTILINE_CONTROL_CHARS}]*$"
LINE_PATTERN = rf"^[^{CONTROL_CHARS}]*$"
TEXT_PATTERN = rf"^[^{MULTILINE_CONTROL_CHARS}]*$"

# Lengths shared by the models, forms, services and the API.
NAME_MAX = 160
NOTE_MAX = 500
GATE_NOTE_MAX = 1000
REASON_MAX = 2000
NOTES_MAX = 10000


def has_control_chars(value: str, *, multiline: bool = False) -> bool:
    return bool((_MULTILINE_BAD if multiline else _SINGLE_LINE_BAD).search(value))


def _as_text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("This value must be text."), code="invalid_type", field=field)
    return value


def _check_length(value: str, *, field: str, max_length: int) -> None:
    if len(value) > max_length:
        raise InvalidInput(
            _("This text is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": len(value), "max": max_length},
            code="too_long", field=field,
        )


def clean_name(value: Any, *, field: str = "name", max_length: int = NAME_MAX) -> str:
    """A required single-line name: trimmed, not blank, no control characters, not too long."""
    text = _as_text(value, field)
    if has_control_chars(text):
        raise InvalidInput(_("Names cannot contain control characters such as line breaks."),
                           code="control_characters", field=field)
    text = text.strip()
    if not text:
        raise InvalidInput(_("This needs a name; spaces alone are not one."), code="required", field=field)
    _check_length(text, field=field, max_length=max_length)
    return text


def clean_text(value: Any, *, field: str, max_length: int, multiline: bool = True, required: bool = False) -> str:
    """Free text (notes, reasons): trimmed; over-long text is refused, never cut."""
    text = _as_text(value, field)
    if has_control_chars(text, multiline=multiline):
        raise InvalidInput(_("The text contains control characters that cannot be saved."),
                           code="control_characters", field=field)
    text = text.strip()
    if required and not text:
        raise InvalidInput(_("This field cannot be empty."), code="required", field=field)
    _check_length(text, field=field, max_length=max_length)
    return text


def clean_hours(value: Any, *, field: str = "hours", minimum: Decimal = QUARTER,
                maximum: Decimal = Decimal(24)) -> Decimal:
    """Hours as a Decimal in quarters of an hour, within [minimum, maximum]."""
    try:
        hours = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(_("Hours must be a number."), code="invalid_number", field=field) from None
    if not hours.is_finite() or hours < minimum or hours > maximum:
        raise InvalidInput(
            _("Hours must be between %(min)s and %(max)s.") % {"min": minimum.normalize(), "max": maximum.normalize()},
            code="out_of_range", field=field,
        )
    if hours % QUARTER != 0:
        raise InvalidInput(_("Use quarters of an hour (0.25, 0.5, 0.75…)."), code="not_quarter", field=field)
    return hours


def clean_date(value: Any, *, field: str) -> dt.date:
    """A date between MIN_DATE and MAX_DATE."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInput(_("Enter a valid date."), code="invalid_date", field=field)
    if not MIN_DATE <= value <= MAX_DATE:
        raise InvalidInput(
            _("Dates must lie between %(min)s and %(max)s.") % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
            code="out_of_range", field=field,
        )
    return value


def clean_choice(value: Any, *, field: str, choices: Any) -> str:
    """One of ``choices`` (values, or (value, label) pairs)."""
    allowed = {c[0] if isinstance(c, tuple | list) else c for c in choices}
    if value not in allowed:
        raise InvalidInput(_("Choose one of the offered values."), code="invalid_choice", field=field)
    return str(value)


COUNTRY_PATTERN = r"^[A-Z]{2}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
COUNTRY_RE = re.compile(COUNTRY_PATTERN)
CURRENCY_RE = re.compile(CURRENCY_PATTERN)


def clean_code(value: Any, *, field: str, pattern: re.Pattern[str]) -> str:
    """A code such as a country (``RO``) or a currency (``EUR``): exactly the pattern, nothing else."""
    text = _as_text(value, field)
    if not pattern.fullmatch(text):
        raise InvalidInput(_("This code is not in the expected format."), code="invalid_code", field=field)
    return text
