"""Server-rendered charts: Vega-Lite specs drawn as SVG by vl-convert, the same SVG for the page and the PDF.

Every app builds its spec (``cadence.budget.charts``, the KPIs' sparklines and charts, the monthly report) and
calls ``render_svg``: the number format is the reader's language (Django's separators), the drawing scales to
its container, it carries a role and a label for screen readers, and rendered SVGs are cached by spec."""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from typing import Any

from django.core.cache import cache
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def number_locale() -> dict[str, Any]:
    """The d3 number format locale of the active language (vl-convert's ``format_locale``)."""
    return {"decimal": str(formats.get_format("DECIMAL_SEPARATOR")),
            "thousands": str(formats.get_format("THOUSAND_SEPARATOR")) or "\u00a0", "grouping": [3],
            "currency": ["", ""]}


def time_locale() -> dict[str, Any]:
    """The d3 time format locale of the active language (vl-convert's ``time_format_locale``): month and day
    names from Django's own translated tables, so a chart's time axis reads "oct. 2026" or "окт. 2026"."""
    from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR

    days = [str(WEEKDAYS[(i + 6) % 7]) for i in range(7)]  # d3 starts on Sunday, Django on Monday
    short_days = [str(WEEKDAYS_ABBR[(i + 6) % 7]) for i in range(7)]
    return {"dateTime": "%x, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
            "days": days, "shortDays": short_days,
            "months": [str(MONTHS[i]) for i in range(1, 13)],
            # Django's abbreviations are lower case; capitalised where the language capitalises month names
            "shortMonths": [str(MONTHS_3[i]).capitalize() if str(MONTHS[i])[:1].isupper() else str(MONTHS_3[i])
                            for i in range(1, 13)]}


# The last SVGs drawn in this process, in front of the shared cache (a chart is a pure function of its key, so
# this is never stale): a page's or a report's charts are drawn once per process even when the cache is
# cleared or remote, as the demo's reports and the tests that build the demo draw the same ones again.
MEMO_SIZE = 256
_memo: OrderedDict[str, str] = OrderedDict()


def render_svg(spec: dict[str, Any], *, label: str | None = None, fixed_size: bool = False) -> SafeString:
    """The SVG of a Vega-Lite spec (vl-convert escapes every text it draws). ``label`` is what a screen reader
    says (the spec's title by default); ``fixed_size`` keeps the drawing's own width (sparklines, PDF cells)
    instead of scaling it to the width of its container."""
    import vl_convert

    locale, times = number_locale(), time_locale()
    said = label if label is not None else str(spec.get("title", ""))
    key = "chart-svg:" + hashlib.sha256(json.dumps([spec, locale, times, said, fixed_size], sort_keys=True,
                                                   default=str).encode()).hexdigest()
    svg = _memo.get(key)
    if svg is None:
        svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(spec, format_locale=locale, time_format_locale=times)
        if fixed_size:
            svg = re.sub(r"^<svg ", lambda m: f'<svg role="img" aria-label="{escape(said)}" ', svg, count=1)
        else:
            svg = re.sub(r'^<svg ([^>]*?)width="[\d.]+" height="[\d.]+"',
                         lambda m: f'<svg role="img" aria-label="{escape(said)}" {m[1]}width="100%"', svg, count=1)
        cache.set(key, svg, 3600)
    _memo[key] = svg
    _memo.move_to_end(key)
    while len(_memo) > MEMO_SIZE:
        _memo.popitem(last=False)
    return mark_safe(str(svg))  # noqa: S308 -- produced by vl-convert from data it escapes
