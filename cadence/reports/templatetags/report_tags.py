"""Filters of the report's templates: money in the engagement's currency and a KPI's value with its unit,
both in the active language's format (the page: the reader's; the PDF: the engagement's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats

from cadence.budget.queries import money as money_text

register = template.Library()


@register.filter
def money(amount: Any, currency: str) -> str:
    if amount is None or amount == "":
        return "—"
    return money_text(Decimal(amount), currency)


@register.filter
def number(value: Any, places: int = 2) -> str:
    """A number with at most ``places`` decimals (no trailing zeros), grouped as the locale groups."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    shown = amount.quantize(Decimal(1).scaleb(-places)).normalize()
    exponent = shown.as_tuple().exponent
    decimals = max(-exponent, 0) if isinstance(exponent, int) else 0
    return formats.number_format(shown, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def with_unit(value: Any, unit: str) -> str:
    """A KPI's value and its worded unit: "1,4 %", "0,35 EUR", "1 250"."""
    text = number(value)
    if text == "—" or not unit:
        return text
    return f"{text}\u00a0{unit}"


@register.filter
def day(value: Any) -> str:
    """A date in the report: "5 Oct 2026", "5 oct. 2026", "5 окт. 2026"."""
    from cadence.reports.queries import short_date

    return short_date(value) if value else ""


@register.filter
def long_day(value: Any) -> str:
    from cadence.reports.queries import long_date

    return long_date(value) if value else ""


@register.filter
def month(value: Any) -> str:
    from cadence.reports.queries import month_label

    return month_label(value) if value else ""


@register.filter
def kpi_text(card: Any, which: str) -> str:
    """A KPI card's value ("current", "previous", "acceptable", "optimal", "best", "baseline") as the KPIs app
    writes it (its unit and decimal places, the active language)."""
    text: str = card.text(getattr(card, which, None))
    return text


@register.filter
def svg_image(svg: Any) -> str:
    """An inline SVG chart as a ``data:`` image for the PDF: WeasyPrint draws the same vector drawing, but its
    HTML parser does not walk the chart's thousands of elements (half the time of a report otherwise)."""
    import base64

    from django.utils.html import format_html

    text = str(svg or "")
    if not text.startswith("<svg"):
        return ""
    data = base64.b64encode(text.encode()).decode()
    return format_html('<img class="chart-img" src="data:image/svg+xml;base64,{}" alt="">', data)
