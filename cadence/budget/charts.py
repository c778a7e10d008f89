"""The budget's charts: Vega-Lite specs rendered to SVG on the server (vl-convert), inlined in the page.
Labels, month names and numbers are the reader's language (month names from Django's formats, the number
format from Django's separators); amounts in the engagement's currency. Rendered SVGs are cached by spec."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadence.budget.queries import SYMBOLS, BudgetView, month_short
from cadence.core.charts import render_svg

COLOURS = ["#4c78a8", "#f58518"]


def _number(value: Decimal) -> float:
    return float(value)  # chart geometry only; every figure shown as text is a Decimal


def _grouped(values: list[dict[str, Any]], order: list[str], *, x_title: str, currency: str,
             title: str) -> dict[str, Any]:
    planned, actual = _("Planned"), _("Actual")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title, "width": 760, "height": 220, "background": "white",
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "x", "type": "nominal", "sort": order, "title": x_title, "axis": {"labelAngle": -30}},
            "xOffset": {"field": "kind", "sort": [planned, actual]},
            "y": {"field": "amount", "type": "quantitative", "axis": {"format": ",.0f"},
                  "title": _("Amount (%(currency)s)") % {"currency": SYMBOLS.get(currency, currency)}},
            "color": {"field": "kind", "type": "nominal", "sort": [planned, actual], "title": None,
                      "scale": {"domain": [planned, actual], "range": COLOURS},
                      "legend": {"orient": "top"}},
        },
    }


def by_month_spec(view: BudgetView) -> dict[str, Any]:
    planned, actual = _("Planned"), _("Actual")
    values, order = [], []
    for m in view.months:
        label = month_short(m)
        order.append(label)
        total = view.totals.by_month[m]
        values.append({"x": label, "kind": planned, "amount": _number(total.planned)})
        values.append({"x": label, "kind": actual, "amount": _number(total.actual)})
    return _grouped(values, order, x_title=_("Month"), currency=view.currency, title=_("Planned and actual by month"))


def by_category_spec(view: BudgetView) -> dict[str, Any]:
    planned, actual = _("Planned"), _("Actual")
    values, order = [], []
    for key, label in view.categories:
        total = view.totals.by_category[key]
        order.append(label)
        values.append({"x": label, "kind": planned, "amount": _number(total.planned)})
        values.append({"x": label, "kind": actual, "amount": _number(total.actual)})
    spec = _grouped(values, order, x_title=_("Category"), currency=view.currency,
                    title=_("Planned and actual by category"))
    spec["width"] = 420
    return spec


def by_month_svg(view: BudgetView) -> SafeString | None:
    return render_svg(by_month_spec(view)) if view.lines else None


def by_category_svg(view: BudgetView) -> SafeString | None:
    return render_svg(by_category_spec(view)) if view.lines else None
