"""The dashboard's charts: Vega-Lite specs drawn as SVG on the server by ``cadence.core.charts.render_svg`` (the
same renderer, and so the same drawing, as the budget, the KPIs and the monthly report's PDF). Labels are the
reader's language; amounts in the engagement's currency. The KPI sparklines are the KPIs app's own."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadence.core.charts import render_svg

if TYPE_CHECKING:
    from cadence.dashboard.queries import DashboardView

COLOURS = ["#4c78a8", "#b9c7d8"]
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def _number(value: Decimal | None) -> float:
    return float(value or 0)  # chart geometry only; every figure shown as text is a Decimal


def _compared_bars(values: list[dict[str, Any]], order: list[str], *, title: str, x_title: str,
                   number_format: str) -> dict[str, Any]:
    now, before = _("This period"), _("Previous period")
    return {
        "$schema": SCHEMA, "title": title, "width": 420, "height": max(60, 26 * len(order)), "background": "white",
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            # labels never cut (no measuring to fit them), five ticks: each label drawn is measured, and the
            # measuring is most of a bar chart's drawing time
            "y": {"field": "label", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 0}},
            "yOffset": {"field": "kind", "sort": [now, before]},
            "x": {"field": "value", "type": "quantitative", "title": x_title,
                  "axis": {"format": number_format, "tickCount": 5}},
            "color": {"field": "kind", "type": "nominal", "sort": [now, before], "title": None,
                      "scale": {"domain": [now, before], "range": COLOURS}, "legend": {"orient": "top"}},
        },
    }


def channels_spec(view: DashboardView) -> dict[str, Any]:
    now, before = _("This period"), _("Previous period")
    values, order = [], []
    for row in view.channels:
        order.append(row.label)
        values.append({"label": row.label, "kind": now, "value": _number(row.sessions.current)})
        if row.sessions.previous is not None:
            values.append({"label": row.label, "kind": before, "value": _number(row.sessions.previous)})
    return _compared_bars(values, order, title=_("Sessions by channel"), x_title=_("Sessions"), number_format=",.0f")


def spend_spec(view: DashboardView) -> dict[str, Any]:
    now, before = _("This period"), _("Previous period")
    values, order = [], []
    for row in view.spend.by_platform:
        order.append(row.label)
        values.append({"label": row.label, "kind": now, "value": _number(row.spend.current)})
        if row.spend.previous is not None:
            values.append({"label": row.label, "kind": before, "value": _number(row.spend.previous)})
    return _compared_bars(values, order, title=_("Advertising spend by platform"),
                          x_title=_("Spend (%(currency)s)") % {"currency": view.currency}, number_format=",.0f")


def channels_svg(view: DashboardView) -> SafeString | None:
    return render_svg(channels_spec(view)) if view.channels else None


def spend_svg(view: DashboardView) -> SafeString | None:
    return render_svg(spend_spec(view)) if view.spend.by_platform else None
