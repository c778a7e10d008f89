"""The engagement timeline as a standalone SVG Gantt chart, rendered on the server.

Pure function, no Django: the caller passes translated labels and date formatters, so the same
chart goes into the web page, the ``gantt.svg`` download and (later) PDF reports. Only SVG
presentation attributes are used (no ``style``), which keeps the strict Content Security Policy happy.

Layout: a label column on the left, one column per engagement month (equal width, whatever the
month's length), one row per phase, then a row of gate diamonds. Effort and duration phases are bars
from start to end (the logged share darker; duration phases get a lighter band from their earliest to
latest end); continuous phases run to the right edge and fade out. A red line marks today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from cadence.engagements.schedule import PhaseKind, PhaseResult, Schedule

MONTH_W = 90
LABEL_W = 230
ROW_H = 32
BAR_H = 16
HEAD_H = 34
GATE_ROW_H = 50
FOOT_H = 22
RIGHT_PAD = 16
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"

# (strong, planned, light) per phase, cycling: calm, distinguishable, printable.
PALETTE = (
    ("#3b5bdb", "#91a7ff", "#dbe4ff"),
    ("#0c8599", "#66d9e8", "#c5f6fa"),
    ("#7048e8", "#b197fc", "#e5dbff"),
    ("#2b8a3e", "#8ce99a", "#d3f9d8"),
    ("#e8590c", "#ffa94d", "#ffe8cc"),
    ("#c2255c", "#faa2c1", "#ffdeeb"),
)
GATE_COLOURS = {"passed": "#2b8a3e", "expected": "#5b6478", "holding": "#e67700"}
INK, MUTED, GRID, BAND, TODAY = "#1d2433", "#5b6478", "#dde2ea", "#f6f7fb", "#c92a2a"


def _a(value: object) -> str:
    """An attribute value, quoted and escaped."""
    return quoteattr(str(value))


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Axis:
    """Dates to x positions: every engagement month gets the same width."""

    def __init__(self, schedule: Schedule) -> None:
        self.months = [(m.start, m.end) for m in schedule.months]
        if not self.months:
            end = schedule.horizon_end + dt.timedelta(days=1)
            self.months = [(end - dt.timedelta(days=30), end)]
        self.first = self.months[0][0]
        self.last = self.months[-1][1]  # exclusive
        self.right = LABEL_W + len(self.months) * MONTH_W

    def x(self, day: dt.date) -> float:
        """The x of the start of ``day`` (clamped to the chart)."""
        if day <= self.first:
            return LABEL_W
        if day >= self.last:
            return self.right
        for i, (start, end) in enumerate(self.months):
            if start <= day < end:
                return LABEL_W + (i + (day - start).days / (end - start).days) * MONTH_W
        return self.right  # pragma: no cover - the months are contiguous

    def x_end(self, day: dt.date) -> float:
        """The x of the end of ``day``."""
        return self.x(day + dt.timedelta(days=1))


def render_gantt(
    schedule: Schedule,
    *,
    today: dt.date | None,
    labels: Mapping[str, str],
    gate_labels: Mapping[str, str],
    month_label: Callable[[dt.date], str],
    date_label: Callable[[dt.date], str] = dt.date.isoformat,
    title: str = "Timeline",
    gates_heading: str = "Gates",
    today_label: str = "Today",
    ongoing_label: str = "ongoing",
    id_prefix: str = "gantt",
) -> str:
    """A standalone, accessible SVG document (a string) for the schedule."""
    axis = _Axis(schedule)
    n_rows = len(schedule.phases)
    rows_top = HEAD_H
    gates_top = rows_top + n_rows * ROW_H
    chart_bottom = gates_top + (GATE_ROW_H if schedule.gates else 0)
    width = axis.right + RIGHT_PAD
    height = chart_bottom + FOOT_H
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"

    def span(p: PhaseResult) -> str:
        if p.start is None:
            return "—"
        if p.ongoing:
            return f"{date_label(p.start)} – {ongoing_label}"
        if p.end_min and p.end_max and p.end_min != p.end_max:
            return f"{date_label(p.start)} – {date_label(p.end_min)}…{date_label(p.end_max)}"
        return f"{date_label(p.start)} – {date_label(p.end) if p.end else '?'}"

    desc_parts = [f"{labels.get(p.key, p.name)}: {span(p)}" for p in schedule.phases]
    desc_parts += [
        f"{gate_labels.get(g.key, g.name)}: {date_label(g.date) if g.date else '?'} ({g.status})"
        for g in schedule.gates
    ]

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family={_a(FONT)} font-size="12">',
        f"<title id={_a(title_id)}>{escape(title)}</title>",
        f"<desc id={_a(desc_id)}>{escape('; '.join(desc_parts))}</desc>",
        "<defs>",
    ]
    for i, (strong, planned, _light) in enumerate(PALETTE):
        out.append(
            f'<linearGradient id="{id_prefix}-fade-{i}" x1="0" y1="0" x2="1" y2="0">'
            f'<stop offset="0" stop-color="{planned}" stop-opacity="0.9"/>'
            f'<stop offset="0.7" stop-color="{planned}" stop-opacity="0.55"/>'
            f'<stop offset="1" stop-color="{planned}" stop-opacity="0"/></linearGradient>'
        )
        out.append(
            f'<linearGradient id="{id_prefix}-fadelog-{i}" x1="0" y1="0" x2="1" y2="0">'
            f'<stop offset="0" stop-color="{strong}" stop-opacity="1"/>'
            f'<stop offset="1" stop-color="{strong}" stop-opacity="0.85"/></linearGradient>'
        )
    out.append("</defs>")
    out.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>')

    # Month columns: alternate shading, grid lines and labels along the top.
    out.append('<g class="months">')
    for i, (start, _end) in enumerate(axis.months):
        col = LABEL_W + i * MONTH_W
        if i % 2 == 1:
            out.append(f'<rect x="{col}" y="{HEAD_H}" width="{MONTH_W}" height="{chart_bottom - HEAD_H}" fill="{BAND}"/>')
        out.append(f'<line x1="{col}" y1="6" x2="{col}" y2="{chart_bottom}" stroke="{GRID}" stroke-width="1"/>')
        out.append(
            f'<text x="{col + MONTH_W / 2}" y="{HEAD_H - 12}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="11.5" font-weight="600">{escape(_truncate(month_label(start), 14))}</text>'
        )
    out.append(f'<line x1="{axis.right}" y1="6" x2="{axis.right}" y2="{chart_bottom}" stroke="{GRID}" stroke-width="1"/>')
    out.append(f'<line x1="0" y1="{HEAD_H}" x2="{axis.right}" y2="{HEAD_H}" stroke="{GRID}" stroke-width="1"/>')
    out.append("</g>")

    # Phase rows.
    for i, p in enumerate(schedule.phases):
        strong, planned, light = PALETTE[i % len(PALETTE)]
        y = rows_top + i * ROW_H
        bar_y = y + (ROW_H - BAR_H) / 2
        name = labels.get(p.key, p.name)
        out.append(f'<g class="phase" data-phase={_a(p.key)} data-status={_a(str(p.status))}>')
        out.append(f"<title>{escape(f'{name}: {span(p)}')}</title>")
        out.append(f'<line x1="0" y1="{y + ROW_H}" x2="{axis.right}" y2="{y + ROW_H}" stroke="{GRID}" '
                   f'stroke-width="0.6"/>')
        out.append(f'<text x="12" y="{y + ROW_H / 2 + 4}" fill="{INK}" font-size="12.5">{escape(_truncate(name, 32))}</text>')
        if p.start is None:
            out.append(f'<text x="{LABEL_W + 6}" y="{y + ROW_H / 2 + 4}" fill="{MUTED}" font-size="11">—</text>')
            out.append("</g>")
            continue
        x0 = axis.x(p.start)
        if p.ongoing or (p.kind == PhaseKind.CONTINUOUS and p.end is None):
            x1 = float(axis.right)
            out.append(f'<rect x="{_num(x0)}" y="{bar_y}" width="{_num(max(x1 - x0, 2))}" height="{BAR_H}" rx="3" '
                       f'fill="url(#{id_prefix}-fade-{i % len(PALETTE)})"/>')
            if today is not None and today > p.start and p.logged_hours > 0:
                xt = min(axis.x(today), x1)
                out.append(f'<rect x="{_num(x0)}" y="{bar_y}" width="{_num(max(xt - x0, 0))}" height="{BAR_H}" '
                           f'rx="3" fill="url(#{id_prefix}-fadelog-{i % len(PALETTE)})"/>')
            out.append(f'<line x1="{_num(x1 - 1)}" y1="{bar_y - 2}" x2="{_num(x1 - 1)}" y2="{bar_y + BAR_H + 2}" '
                       f'stroke="{strong}" stroke-width="1.5" stroke-dasharray="2 2"/>')
            out.append("</g>")
            continue
        end = p.end or p.end_max or p.start
        x1 = axis.x_end(end)
        if p.kind == PhaseKind.DURATION and p.end_min and p.end_max and p.end_min != p.end_max:
            bx0, bx1 = axis.x_end(p.end_min), axis.x_end(p.end_max)
            out.append(f'<rect x="{_num(bx0)}" y="{bar_y - 3}" width="{_num(max(bx1 - bx0, 2))}" height="{BAR_H + 6}" '
                       f'rx="3" fill="{light}" stroke="{planned}" stroke-width="1" stroke-dasharray="3 2"/>')
        waiting = str(p.status) in ("waiting", "awaiting")  # a gate, or the manager's "is it finished?"
        outline = ' stroke="#e67700" stroke-width="1.5" stroke-dasharray="4 2"' if waiting else ""
        out.append(f'<rect x="{_num(x0)}" y="{bar_y}" width="{_num(max(x1 - x0, 3))}" height="{BAR_H}" rx="3" '
                   f'fill="{planned}"{outline}/>')
        share = Decimal(0)
        if p.hours > 0:
            share = min(Decimal(p.logged_hours) / Decimal(p.hours), Decimal(1))
        elif str(p.status) == "done":
            share = Decimal(1)
        if share > 0:
            w = max((x1 - x0) * float(share), 2)
            out.append(f'<rect x="{_num(x0)}" y="{bar_y}" width="{_num(w)}" height="{BAR_H}" rx="3" fill="{strong}"/>')
        out.append("</g>")

    # Gates: a dashed line down through the phases and a diamond on the gate row.
    if schedule.gates:
        y = gates_top
        out.append('<g class="gates">')
        out.append(f'<text x="12" y="{y + 18}" fill="{MUTED}" font-size="11.5" font-weight="600">'
                   f"{escape(gates_heading)}</text>")
        cy = y + 12
        placed: list[tuple[float, float, int]] = []  # label extents per line, so labels never overlap
        for g in sorted(schedule.gates, key=lambda g: g.date or dt.date.max):
            colour = GATE_COLOURS.get(g.status, MUTED)
            name = gate_labels.get(g.key, g.name)
            if g.date is None:
                continue
            gx = axis.x_end(g.date)
            out.append(f'<g class="gate" data-gate={_a(g.key)} data-status={_a(g.status)}>')
            out.append(f"<title>{escape(f'{name}: {date_label(g.date)}')}</title>")
            out.append(f'<line x1="{_num(gx)}" y1="{rows_top}" x2="{_num(gx)}" y2="{cy}" stroke="{colour}" '
                       f'stroke-width="1" stroke-dasharray="3 3" stroke-opacity="0.7"/>')
            out.append(f'<path d="M {_num(gx)} {cy - 7} L {_num(gx + 7)} {cy} L {_num(gx)} {cy + 7} '
                       f'L {_num(gx - 7)} {cy} Z" fill="{colour if g.status != "expected" else "#ffffff"}" '
                       f'stroke="{colour}" stroke-width="2"/>')
            label = _truncate(name, 28)
            text_w = len(label) * 6.0
            left = gx - 8
            anchor = "start"
            if left + text_w > axis.right:
                anchor, left = "end", gx + 8 - text_w
            line = 0
            while any(ln == line and left < r + 6 and left + text_w > lft - 6 for lft, r, ln in placed):
                line += 1
            placed.append((left, left + text_w, line))
            tx = left if anchor == "start" else left + text_w
            out.append(f'<text x="{_num(tx)}" y="{cy + 21 + line * 13}" text-anchor="{anchor}" fill="{colour}" '
                       f'font-size="11">{escape(label)}</text>')
            out.append("</g>")
        out.append("</g>")

    # Today.
    if today is not None and axis.first <= today < axis.last:
        tx = axis.x(today)
        out.append('<g class="today">')
        out.append(f'<line x1="{_num(tx)}" y1="{HEAD_H - 4}" x2="{_num(tx)}" y2="{chart_bottom + 4}" stroke="{TODAY}" '
                   f'stroke-width="1.5"/>')
        anchor = "middle"
        if tx - LABEL_W < 30:
            anchor = "start"
        elif axis.right - tx < 30:
            anchor = "end"
        out.append(f'<text x="{_num(tx)}" y="{chart_bottom + 16}" text-anchor="{anchor}" fill="{TODAY}" '
                   f'font-size="11" font-weight="600">{escape(today_label)}</text>')
        out.append("</g>")

    out.append("</svg>")
    return "\n".join(out)
