"""How the dashboard writes its figures: amounts with the currency (the budget's ``money``), counts with the
locale's grouping, changes in percent with their sign."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats

from cadence.budget import queries as budget_queries

register = template.Library()


@register.filter
def money(value: Any, currency: str) -> str:
    """"1 250,50 €" in the reader's locale ("—" for nothing)."""
    return budget_queries.money(None if value is None else Decimal(value), currency)


@register.filter
def count(value: Any) -> str:
    """A whole number with the locale's grouping ("12 480"); a fraction keeps two places."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 2
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def change(value: Any) -> str:
    """A change in percent with its sign ("+12,5 %", "−3 %"); "" when there is nothing to compare with."""
    if value is None:
        return ""
    number = Decimal(value)
    sign = "+" if number > 0 else "−" if number < 0 else ""
    places = 0 if number == number.to_integral_value() else 1
    return f"{sign}{formats.number_format(abs(number), decimal_pos=places, use_l10n=True)}\u00a0%"


@register.filter
def trend(value: Any) -> str:
    """The CSS class of a change: up, down or flat."""
    if value is None:
        return "flat"
    number = Decimal(value)
    return "up" if number > 0 else "down" if number < 0 else "flat"

