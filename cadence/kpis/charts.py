"""The KPIs' charts, the only place a KPI is drawn (the KPI page, the dashboard and the monthly report's PDF):
Vega-Lite specs rendered to SVG on the server by ``cadence.core.charts.render_svg`` (numbers in the reader's
language).

* ``sparkline_svg(card)``: the 12 months as a small line, fixed size, no axes (the dashboard's cards).
* ``kpi_chart_svg(card)``: the months' values, the three levels as rules, and the projection from the last value
  to the due date with its 80 % range as a band.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadence.core.charts import render_svg
from cadence.kpis.queries import KpiCard

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
LINE, PROJECTION = "#4c78a8", "#f58518"
LEVEL_COLOURS = {"acceptable": "#e45756", "optimal": "#54a24b", "best": "#2f7d32"}


def _n(value: Any) -> float:
    return float(value)  # chart geometry only; every figure shown as text is a Decimal


def _points(card: KpiCard) -> list[dict[str, Any]]:
    return [{"date": p.start.isoformat(), "value": _n(p.value)} for p in card.series if p.value is not None]


def sparkline_spec(card: KpiCard) -> dict[str, Any]:
    colour = {"on_track": "#2f7d32", "at_risk": "#b26b00", "off_track": "#b3261e"}.get(card.status, LINE)
    return {
        "$schema": SCHEMA, "width": 120, "height": 32, "background": None, "padding": 2,
        "config": {"view": {"stroke": None}},
        "data": {"values": _points(card)},
        "mark": {"type": "line", "point": {"size": 12}, "color": colour, "strokeWidth": 2},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "axis": None, "scale": {"type": "utc"}},
            "y": {"field": "value", "type": "quantitative", "axis": None, "scale": {"zero": False}},
        },
    }


def sparkline_svg(card: KpiCard) -> SafeString | None:
    """A small line of the card's months (None when no month has a value)."""
    if not _points(card):
        return None
    label = _("%(name)s over the last 12 months") % {"name": card.name}
    return render_svg(sparkline_spec(card), label=label, fixed_size=True)


def kpi_chart_spec(card: KpiCard) -> dict[str, Any]:
    unit = f" ({card.unit})" if card.unit else ""
    values, projection, levels = _points(card), [], []
    value_title = _("Value") + unit
    for name, label, level in (("acceptable", _("Acceptable"), card.acceptable),
                               ("optimal", _("Optimal"), card.optimal), ("best", _("Best"), card.best)):
        if level is not None:
            levels.append({"level": label, "value": _n(level), "colour": LEVEL_COLOURS[name]})
    if card.projection is not None and values:
        start = values[-1]
        projection = [{"date": start["date"], "value": start["value"], "low": start["value"],
                       "high": start["value"]},
                      {"date": card.projection.on.isoformat(), "value": _n(card.projection.value),
                       "low": _n(card.projection.low), "high": _n(card.projection.high)}]
    months = [p.start for p in card.series]
    if card.projection is not None:
        months.append(card.projection.on.replace(day=1))
    style = "M Y" if translation.get_language() == "en" else "b Y"  # "Aug 2026", "aug 2026", "авг 2026"
    names = {m.strftime("%Y-%m"): formats.date_format(m, style) for m in months}
    x = {"field": "date", "type": "temporal", "title": None, "scale": {"type": "utc"},
         "axis": {"values": [m.isoformat() for m in sorted(set(months))], "labelAngle": -30,
                  "labelExpr": f"{json.dumps(names, ensure_ascii=False)}[utcFormat(datum.value, '%Y-%m')] || ''"}}
    y = {"field": "value", "type": "quantitative", "title": value_title, "scale": {"zero": False}}
    layers: list[dict[str, Any]] = []
    if projection:
        layers.append({"data": {"values": projection}, "mark": {"type": "area", "opacity": 0.18,
                                                                  "color": PROJECTION},
                       "encoding": {"x": x, "y": {**y, "field": "low"}, "y2": {"field": "high"}}})
        layers.append({"data": {"values": projection},
                       "mark": {"type": "line", "strokeDash": [6, 4], "color": PROJECTION, "point": True},
                       "encoding": {"x": x, "y": y}})
    layers.append({"data": {"values": values}, "mark": {"type": "line", "point": True, "color": LINE,
                                                         "tooltip": True},
                   "encoding": {"x": x, "y": y}})
    if levels:
        layers.append({"data": {"values": levels}, "mark": {"type": "rule", "strokeDash": [2, 2]},
                       "encoding": {"y": {"field": "value", "type": "quantitative"},
                                    "color": {"field": "level", "type": "nominal", "title": None,
                                              "scale": {"domain": [lv["level"] for lv in levels],
                                                        "range": [lv["colour"] for lv in levels]},
                                              "legend": {"orient": "top"}}}})
    return {"$schema": SCHEMA, "title": card.name, "width": 640, "height": 220, "background": "white",
            "layer": layers}


def kpi_chart_svg(card: KpiCard) -> SafeString | None:
    """The KPI's chart: values, levels and the projection with its range (None when no month has a value)."""
    if not _points(card):
        return None
    return render_svg(kpi_chart_spec(card))
