"""What the plan's rules report: a code and its parameters, never a sentence.

The app layer turns each code into a translated sentence (as ``cadence/engagements/reasons.py`` does for
the schedule's reasons), so this package stays free of gettext. Parameter values are plain strings or
integers: numbers are given as the exact decimal text (``"1200"``, ``"2.5"``), dates in ISO form, and
records by their ``uid``, so the app can format them for the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ParamValue = str | int


@dataclass(frozen=True)
class Finding:
    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)


def number_text(value: Decimal) -> str:
    """A Decimal as plain text without an exponent or trailing zeros: ``Decimal("1.50")`` -> ``"1.5"``,
    ``Decimal("1E+3")`` -> ``"1000"``."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text


def date_text(value: dt.date) -> str:
    return value.isoformat()
