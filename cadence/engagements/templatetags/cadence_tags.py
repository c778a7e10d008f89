"""Template filters for engagement screens: built-in names in the user's language, hours, dates.

``{% load cadence_tags %}`` then ``{{ phase.name|tr }}``, ``{{ row.logged|hours }}`` ("20,5 h": the unit
is part of the filter's output, never written after it),
``{{ phase|phase_dates }}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cadence.engagements import queries
from cadence.engagements.domain.rollover import percent

register = template.Library()


@register.filter
def tr(value: Any) -> str:
    """A built-in phase or gate name (or description) in the current language."""
    return queries.tr(str(value)) if value else ""


@register.filter
def display_name(row: Any, fallback: str | None = None) -> str:
    """A phase's or gate's name in the reader's language: ``{{ e.phase|display_name:engagement.language }}``."""
    return queries.display_name(row, fallback=fallback or None) if row else ""


@register.filter
def display_description(row: Any, fallback: str | None = None) -> str:
    return queries.display_description(row, fallback=fallback or None) if row else ""


def format_hours(value: Any) -> str:
    """Hours as a localised number with at most two decimals and no trailing zeros: 40, 12.5, 0.25."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return str(value)
    return _localised_hours(number, get_language())


@lru_cache(maxsize=4096)
def _localised_hours(number: Decimal, language: str | None) -> str:
    """A page shows the same few amounts many times (40, 0, 12.5): each is formatted once per language
    (the format depends on the number and the active language only; the language is part of the key)."""
    places = 0
    if number != number.to_integral_value():
        places = 1 if (number * 10) == (number * 10).to_integral_value() else 2
    return number_format(number, decimal_pos=places, use_l10n=True)


def hours_text(value: Any) -> str:
    """Hours with their unit, as the reader's language writes them: "20 h", "20,5 h", "20 ч"."""
    number = format_hours(value)
    if not number:
        return ""
    return _("%(hours)s h") % {"hours": number}


@register.filter
def hours(value: Any) -> str:
    """The one way templates show hours: the number in the locale's format and the unit ("20,5 h", "20 ч")."""
    return hours_text(value)


@register.filter
def short_date(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


@register.filter
def percent_of(part: Any, whole: Any) -> int:
    """``part`` as a whole percentage of ``whole`` (0 when ``whole`` is 0)."""
    try:
        p, w = Decimal(str(part)), Decimal(str(whole))
    except (InvalidOperation, ValueError):
        return 0
    return percent(p, w)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def plural_count(value: Any) -> int:
    """The number that picks the plural form of an amount (``{% blocktranslate count %}``): the amount itself
    when whole, else 2, whose form is the one fractions take in English, Romanian and Russian
    ("2.5 hours", "2,5 ore", "2,5 часа")."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return 0
    if not amount.is_finite():
        return 0
    return int(amount) if amount == amount.to_integral_value() else 2
