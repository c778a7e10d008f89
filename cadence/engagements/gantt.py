"""The engagement timeline as SVG Gantt charts, rendered on the server: the one Gantt renderer.

Pure functions, no Django: the caller passes translated labels and date formatters, so the same
chart goes into the web page, the SVG/PNG/PDF downloads and (later) PDF reports. Only SVG
presentation attributes are used (no ``style``), which keeps the strict Content Security Policy happy.

Two renderings of one layout:

* ``render_gantt_screen`` for the page: a label column (its own small SVG, so the names stay in place)
  and the chart (an SVG whose x positions are percentages, so it takes the card's whole width; on a
  phone the page scrolls it sideways under a CSS minimum width).
* ``render_gantt`` for downloads: one standalone SVG of a given pixel width, with an optional heading
  (engagement, client, date) and the legend drawn in.

Layout: a label column on the left (as wide as the longest name needs, names wrapped, never cut), one
column per calendar month (starting on the 1st, its name at the column start) covering the given
period (by default 12 months from the start; later if a one-off phase or gate ends after it), one row
per phase, then a row of gate diamonds. Effort and duration phases are bars from start to end (the
logged share darker; duration phases get a lighter band from their earliest to latest end);
continuous phases run to the right edge and fade out. A red line marks today, labelled with its date.

Extra rows (``GanttRow``, the roadmap's initiatives) may follow the gates under a heading of their own, on the
same axis: a bar per row in its status colour with its progress filled in, a red outline when it is late,
and finish-to-start arrows from the end of a row to the start of each row that follows it (red and dashed
when the follower starts before the other ends). Without extra rows the drawing is exactly the timeline's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from dateutil.relativedelta import relativedelta

from cadence.core.svgtext import text_width
from cadence.engagements.schedule import PhaseKind, PhaseResult, Schedule

ROW_H = 32
LINE_H = 14
BAR_H = 16
HEAD_H = 34
GATE_ROW_H = 50
FOOT_H = 24
RIGHT_PAD = 16
LABEL_PAD = 12
NAME_FONT = 12.5
MAX_NAME_W = 160.0  # names wrap at this width (px), so that a phone keeps room for the months
MIN_LABEL_W = 110
MIN_MONTH_W = 64  # on screen the chart never gets narrower than this per month: it scrolls instead
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
WAITING = "#e67700"
INK, MUTED, GRID, BAND, TODAY = "#1d2433", "#5b6478", "#dde2ea", "#f6f7fb", "#c92a2a"

# Extra rows (the roadmap's initiatives): (strong, light) per status, the progress fill and the bar.
EXTRA_HEAD_H = 26
STATUS_COLOURS = {"planned": ("#5b6478", "#dee2e6"), "active": ("#1971c2", "#a5d8ff"),
                  "done": ("#2b8a3e", "#b2f2bb"), "cancelled": ("#868e96", "#f1f3f5")}
LATE = TODAY

# What the colours mean, in the order the legend lists them; the caller gives each a translated label.
LEGEND_KINDS = ("logged", "in_progress", "planned", "range", "ongoing", "waiting", "gate_passed",
                "gate_expected", "gate_holding", "today", "contract_end", "bar_planned", "bar_active", "bar_done",
                "bar_cancelled", "bar_late", "dependency")


@dataclass(frozen=True)
class GanttRow:
    """An extra row drawn below the phases and gates (the roadmap's initiatives): a bar from ``start`` to
    ``end`` (both included) in the colour of its ``status`` (planned, active, done, cancelled) with the share
    ``progress`` (0 to 1) filled in, outlined in red when ``late``, and a finish-to-start arrow from the end
    of each row whose ``key`` is in ``after``. ``detail`` follows the name in its tooltip (dates, status,
    progress: translated by the caller)."""

    key: str
    name: str
    start: dt.date
    end: dt.date
    status: str = "planned"
    progress: float = 0.0
    late: bool = False
    after: tuple[str, ...] = ()
    detail: str = ""


def _a(value: object) -> str:
    """An attribute value, quoted and escaped."""
    return quoteattr(str(value))


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# --- text wrapping (widths from cadence.core.svgtext: an estimate on the safe side) ----------------



def wrap(text: str, width: float, size: float = NAME_FONT) -> list[str]:
    """``text`` in lines no wider than ``width`` (a single longer word gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


# --- layout ---------------------------------------------------------------------------------------

def calendar_months(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Calendar months ``[1st, 1st of the next)`` from the month of ``first`` to the month of ``last``."""
    out = []
    start = first.replace(day=1)
    while start <= last:
        nxt: dt.date = start + relativedelta(months=1)
        out.append((start, nxt))
        start = nxt
    return out


def period_end(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` months from ``start`` (e.g. a contract)."""
    end: dt.date = start + relativedelta(months=months)
    return end - dt.timedelta(days=1)


class _Axis:
    """Dates to fractions of the chart's width: every calendar month gets the same width."""

    def __init__(self, months: list[tuple[dt.date, dt.date]]) -> None:
        self.months = months
        self.first = months[0][0]
        self.last = months[-1][1]  # exclusive

    def f(self, day: dt.date) -> float:
        """The fraction of the start of ``day`` (clamped to the chart)."""
        if day <= self.first:
            return 0.0
        if day >= self.last:
            return 1.0
        n = len(self.months)
        i = (day.year - self.first.year) * 12 + day.month - self.first.month
        start, end = self.months[i]
        return (i + (day - start).days / (end - start).days) / n

    def f_end(self, day: dt.date) -> float:
        """The fraction of the end of ``day``."""
        return self.f(day + dt.timedelta(days=1))


@dataclass(frozen=True)
class _Row:
    phase: PhaseResult
    index: int
    name: str
    lines: list[str]
    top: float
    height: float


@dataclass(frozen=True)
class _ExtraRow:
    row: GanttRow
    lines: list[str]
    top: float
    height: float

    @property
    def bar_y(self) -> float:
        return self.top + (self.height - BAR_H) / 2


@dataclass(frozen=True)
class _Layout:
    axis: _Axis
    rows: list[_Row]
    label_w: int
    gates_top: float
    chart_bottom: float
    height: float
    contract_end: dt.date | None  # drawn when asked (a contract's end, even at the chart's edge) or when work
    # goes on past the period
    extra: list[_ExtraRow] = field(default_factory=list)  # the extra rows, below the gates
    extra_top: float = 0.0  # where their heading starts


def _layout(schedule: Schedule, labels: Mapping[str, str], *, start: dt.date | None, months: int,
            today: dt.date | None, mark_end: bool = False, max_name_w: float = MAX_NAME_W,
            extra: Sequence[GanttRow] = ()) -> _Layout:
    first = start or (schedule.months[0].start if schedule.months else schedule.horizon_end)
    if extra:  # a row that starts before the period widens the chart to its month
        first = min(first, *(r.start for r in extra))
    end = period_end(first, max(months, 1))
    last = end
    # Whatever one-off work or gate falls after the period is still drawn, with the period's end marked.
    later = [d for p in schedule.phases if not p.ongoing for d in (p.end_max, p.end) if d]
    later += [g.date for g in schedule.gates if g.date]
    later += [r.end for r in extra]
    overrun = bool(later) and max(later) > end
    if overrun:
        last = max(later)
    if today is not None and today > last and today - last < dt.timedelta(days=62):
        last = today
    axis = _Axis(calendar_months(first, last))
    rows: list[_Row] = []
    top = float(HEAD_H)
    widest = 0.0
    for i, p in enumerate(schedule.phases):
        name = labels.get(p.key, p.name)
        lines = wrap(name, max_name_w)
        widest = max([widest, *(text_width(line) for line in lines)])
        height = max(ROW_H, len(lines) * LINE_H + 14)
        rows.append(_Row(phase=p, index=i, name=name, lines=lines, top=top, height=height))
        top += height
    gates_top = top
    chart_bottom = gates_top + (GATE_ROW_H if schedule.gates else 0)
    extra_rows: list[_ExtraRow] = []
    extra_top = chart_bottom
    if extra:
        top = extra_top + EXTRA_HEAD_H
        for r in extra:
            lines = wrap(r.name, max_name_w)
            widest = max([widest, *(text_width(line) for line in lines)])
            height = max(ROW_H, len(lines) * LINE_H + 14)
            extra_rows.append(_ExtraRow(row=r, lines=lines, top=top, height=height))
            top += height
        chart_bottom = top
    label_w = max(MIN_LABEL_W, int(widest + 2 * LABEL_PAD + 0.999))
    return _Layout(axis=axis, rows=rows, label_w=label_w, gates_top=gates_top, chart_bottom=chart_bottom,
                   height=chart_bottom + FOOT_H,
                   contract_end=end if mark_end or (overrun and axis.last > end + dt.timedelta(days=1)) else None,
                   extra=extra_rows, extra_top=extra_top)


class _Place:
    """Turns fractions of the chart's width into SVG coordinates: percentages (screen) or pixels (export)."""

    def __init__(self, *, left: float = 0, width: float | None = None, nominal: float = 900) -> None:
        self.left, self.width = left, width
        self.px_width = width if width is not None else nominal  # for placing labels so they never overlap

    def x(self, f: float) -> str:
        if self.width is None:
            return f"{_num(f * 100)}%"
        return _num(self.left + f * self.width)

    def w(self, df: float, min_px: float = 0) -> str:
        if self.width is None:
            return f"{max(df * 100, min_px / self.px_width * 100):.3f}%"
        return _num(max(df * self.width, min_px))

    def px(self, f: float) -> float:
        return f * self.px_width

    def at(self, f: float, y: float, inner: str) -> str:
        """``inner`` (drawn around its own origin) placed at fraction ``f`` and ``y``."""
        if self.width is None:
            return (f'<svg x="{self.x(f)}" y="{_num(y)}" width="1" height="1" overflow="visible">'
                    f"{inner}</svg>")
        return f'<g transform="translate({self.x(f)} {_num(y)})">{inner}</g>'


def _diamond(colour: str, status: str, r: float = 7) -> str:
    fill = colour if status != "expected" else "#ffffff"
    return (f'<path d="M 0 {-r} L {r} 0 L 0 {r} L {-r} 0 Z" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2"/>')


# --- parts ----------------------------------------------------------------------------------------

def _defs(id_prefix: str) -> list[str]:
    out = ["<defs>"]
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
    return out


def _name_text(lines: list[str], *, x0: float, top: float, height: float, attr: str) -> str:
    first_y = top + height / 2 + 4 - (len(lines) - 1) * LINE_H / 2
    tspans = "".join(
        f'<tspan{"" if k == 0 else f" x={_a(_num(x0 + LABEL_PAD))} dy={_a(LINE_H)}"}>{escape(line)}</tspan>'
        for k, line in enumerate(lines))
    return f'<text x="{_num(x0 + LABEL_PAD)}" y="{_num(first_y)}" fill="{INK}" font-size="{NAME_FONT}" {attr}>{tspans}</text>'


def _names(lay: _Layout, *, x0: float, right: float, gates_heading: str, has_gates: bool,
           extra_heading: str = "") -> list[str]:
    """The label column: phase names (wrapped), the gate row's heading, the row lines; then the extra rows'
    heading and names."""
    out = ['<g class="names">']
    for row in lay.rows:
        out.append(f'<line x1="{_num(x0)}" y1="{_num(row.top + row.height)}" x2="{_num(right)}" '
                   f'y2="{_num(row.top + row.height)}" stroke="{GRID}" stroke-width="0.6"/>')
        out.append(_name_text(row.lines, x0=x0, top=row.top, height=row.height,
                              attr=f"data-phase-name={_a(row.phase.key)}"))
    if has_gates:
        out.append(f'<text x="{_num(x0 + LABEL_PAD)}" y="{_num(lay.gates_top + 18)}" fill="{MUTED}" '
                   f'font-size="11.5" font-weight="600">{escape(gates_heading)}</text>')
    if lay.extra:
        out.append(f'<line x1="{_num(x0)}" y1="{_num(lay.extra_top)}" x2="{_num(right)}" y2="{_num(lay.extra_top)}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{_num(x0 + LABEL_PAD)}" y="{_num(lay.extra_top + 17)}" fill="{MUTED}" '
                   f'font-size="11.5" font-weight="600">{escape(extra_heading)}</text>')
        for extra in lay.extra:
            bottom = extra.top + extra.height
            out.append(f'<line x1="{_num(x0)}" y1="{_num(bottom)}" x2="{_num(right)}" y2="{_num(bottom)}" '
                       f'stroke="{GRID}" stroke-width="0.6"/>')
            out.append(_name_text(extra.lines, x0=x0, top=extra.top, height=extra.height,
                                  attr=f"data-row-name={_a(extra.row.key)}"))
    out.append(f'<line x1="{_num(x0)}" y1="{HEAD_H}" x2="{_num(right)}" y2="{HEAD_H}" stroke="{GRID}" '
               f'stroke-width="1"/>')
    out.append("</g>")
    return out


def _chart(schedule: Schedule, lay: _Layout, place: _Place, *, top: float, today: dt.date | None,
           gate_labels: Mapping[str, str], month_label: Callable[[dt.date], str],
           span: Callable[[PhaseResult], str], date_label: Callable[[dt.date], str], today_label: str,
           contract_end_label: str, id_prefix: str) -> list[str]:
    """Month columns, bars, gates, today: everything right of the label column, shifted down by ``top``."""
    axis = lay.axis
    n = len(axis.months)
    bottom = top + lay.chart_bottom
    out: list[str] = ['<g class="months">']
    for i, (start, _end) in enumerate(axis.months):
        f0 = i / n
        if i % 2 == 1:
            out.append(f'<rect x="{place.x(f0)}" y="{_num(top + HEAD_H)}" width="{place.w(1 / n)}" '
                       f'height="{_num(lay.chart_bottom - HEAD_H)}" fill="{BAND}"/>')
        out.append(f'<line x1="{place.x(f0)}" y1="{_num(top + 6)}" x2="{place.x(f0)}" y2="{_num(bottom)}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{place.x(f0)}" dx="5" y="{_num(top + HEAD_H - 12)}" fill="{MUTED}" font-size="11.5" '
                   f'font-weight="600" data-month={_a(start.isoformat())}>{escape(month_label(start))}</text>')
    out.append(f'<line x1="{place.x(1)}" y1="{_num(top + 6)}" x2="{place.x(1)}" y2="{_num(bottom)}" stroke="{GRID}" '
               f'stroke-width="1"/>')
    out.append(f'<line x1="{place.x(0)}" y1="{_num(top + HEAD_H)}" x2="{place.x(1)}" y2="{_num(top + HEAD_H)}" '
               f'stroke="{GRID}" stroke-width="1"/>')
    out.append("</g>")

    for row in lay.rows:
        p, i = row.phase, row.index
        strong, planned, light = PALETTE[i % len(PALETTE)]
        y = top + row.top
        bar_y = y + (row.height - BAR_H) / 2
        out.append(f'<g class="phase" data-phase={_a(p.key)} data-status={_a(str(p.status))}>')
        out.append(f"<title>{escape(f'{row.name}: {span(p)}')}</title>")
        out.append(f'<line x1="{place.x(0)}" y1="{_num(y + row.height)}" x2="{place.x(1)}" '
                   f'y2="{_num(y + row.height)}" stroke="{GRID}" stroke-width="0.6"/>')
        if p.start is None:
            out.append(f'<text x="{place.x(0)}" dx="6" y="{_num(y + row.height / 2 + 4)}" fill="{MUTED}" '
                       f'font-size="11">—</text>')
            out.append("</g>")
            continue
        f0 = axis.f(p.start)
        if p.ongoing or (p.kind == PhaseKind.CONTINUOUS and p.end is None):
            out.append(f'<rect x="{place.x(f0)}" y="{_num(bar_y)}" width="{place.w(1 - f0, 2)}" height="{BAR_H}" '
                       f'rx="3" fill="url(#{id_prefix}-fade-{i % len(PALETTE)})"/>')
            if today is not None and today > p.start and p.logged_hours > 0:
                ft = axis.f(today)
                out.append(f'<rect x="{place.x(f0)}" y="{_num(bar_y)}" width="{place.w(max(ft - f0, 0))}" '
                           f'height="{BAR_H}" rx="3" fill="url(#{id_prefix}-fadelog-{i % len(PALETTE)})"/>')
            out.append(place.at(1, bar_y, f'<line x1="-1" y1="-2" x2="-1" y2="{BAR_H + 2}" stroke="{strong}" '
                                          f'stroke-width="1.5" stroke-dasharray="2 2"/>'))
            out.append("</g>")
            continue
        end = p.end or p.end_max or p.start
        f1 = axis.f_end(end)
        if p.kind == PhaseKind.DURATION and p.end_min and p.end_max and p.end_min != p.end_max:
            b0, b1 = axis.f_end(p.end_min), axis.f_end(p.end_max)
            out.append(f'<rect x="{place.x(b0)}" y="{_num(bar_y - 3)}" width="{place.w(b1 - b0, 2)}" '
                       f'height="{BAR_H + 6}" rx="3" fill="{light}" stroke="{planned}" stroke-width="1" '
                       f'stroke-dasharray="3 2"/>')
        waiting = str(p.status) in ("waiting", "awaiting")  # a gate, or the manager's "is it finished?"
        outline = f' stroke="{WAITING}" stroke-width="1.5" stroke-dasharray="4 2"' if waiting else ""
        out.append(f'<rect x="{place.x(f0)}" y="{_num(bar_y)}" width="{place.w(f1 - f0, 3)}" height="{BAR_H}" '
                   f'rx="3" fill="{planned}"{outline}/>')
        share = Decimal(0)
        if p.hours > 0:
            share = min(Decimal(p.logged_hours) / Decimal(p.hours), Decimal(1))
        elif str(p.status) == "done":
            share = Decimal(1)
        if share > 0:
            out.append(f'<rect x="{place.x(f0)}" y="{_num(bar_y)}" width="{place.w((f1 - f0) * float(share), 2)}" '
                       f'height="{BAR_H}" rx="3" fill="{strong}"/>')
        out.append("</g>")

    # Gates: a dashed line down through the phases and a diamond on the gate row.
    if schedule.gates:
        cy = top + lay.gates_top + 12
        out.append('<g class="gates">')
        placed: list[tuple[float, float, int]] = []  # label extents per line (px), so labels never overlap
        for g in sorted(schedule.gates, key=lambda g: g.date or dt.date.max):
            if g.date is None:
                continue
            colour = GATE_COLOURS.get(g.status, MUTED)
            name = gate_labels.get(g.key, g.name)
            gf = axis.f_end(g.date)
            out.append(f'<g class="gate" data-gate={_a(g.key)} data-status={_a(g.status)}>')
            out.append(f"<title>{escape(f'{name}: {date_label(g.date)}')}</title>")
            out.append(f'<line x1="{place.x(gf)}" y1="{_num(top + HEAD_H)}" x2="{place.x(gf)}" y2="{_num(cy)}" '
                       f'stroke="{colour}" stroke-width="1" stroke-dasharray="3 3" stroke-opacity="0.7"/>')
            out.append(place.at(gf, cy, _diamond(colour, g.status)))
            gx = place.px(gf)
            text_w = text_width(name, 11)
            left, anchor = gx - 8, "start"
            if left + text_w > place.px_width:
                anchor, left = "end", gx + 8 - text_w
            line = 0
            while any(ln == line and left < r + 6 and left + text_w > lft - 6 for lft, r, ln in placed):
                line += 1
            placed.append((left, left + text_w, line))
            dx = -8 if anchor == "start" else 8
            out.append(f'<text x="{place.x(gf)}" dx="{dx}" y="{_num(cy + 21 + line * 13)}" text-anchor="{anchor}" '
                       f'fill="{colour}" font-size="11">{escape(name)}</text>')
            out.append("</g>")
        out.append("</g>")

    if lay.extra:
        out.extend(_extra_rows(lay, place, top=top))

    # The end of the period (contract), when the chart goes on past it.
    if lay.contract_end is not None:
        fe = axis.f_end(lay.contract_end)
        out.append('<g class="contract-end">')
        out.append(f'<line x1="{place.x(fe)}" y1="{_num(top + 6)}" x2="{place.x(fe)}" y2="{_num(bottom + 4)}" '
                   f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 3"/>')
        if contract_end_label:
            out.append(f'<text x="{place.x(fe)}" dx="-4" y="{_num(bottom + 16)}" text-anchor="end" fill="{INK}" '
                       f'font-size="11">{escape(contract_end_label)}</text>')
        out.append("</g>")

    # Today, labelled with its date.
    if today is not None and axis.first <= today < axis.last:
        ft = axis.f(today)
        out.append('<g class="today">')
        out.append(f'<line x1="{place.x(ft)}" y1="{_num(top + HEAD_H - 4)}" x2="{place.x(ft)}" y2="{_num(bottom + 4)}" '
                   f'stroke="{TODAY}" stroke-width="1.5"/>')
        anchor = "middle"
        label_w = text_width(today_label, 11)
        if place.px(ft) < label_w / 2 + 4:
            anchor = "start"
        elif place.px_width - place.px(ft) < label_w / 2 + 4:
            anchor = "end"
        out.append(f'<text x="{place.x(ft)}" y="{_num(bottom + 16)}" text-anchor="{anchor}" fill="{TODAY}" '
                   f'font-size="11" font-weight="600">{escape(today_label)}</text>')
        out.append("</g>")
    return out


def _extra_rows(lay: _Layout, place: _Place, *, top: float) -> list[str]:
    """The extra rows' bars (status colour, progress, late outline) and their finish-to-start arrows."""
    axis = lay.axis
    out = [f'<g class="extra-rows"><line x1="{place.x(0)}" y1="{_num(top + lay.extra_top)}" x2="{place.x(1)}" '
           f'y2="{_num(top + lay.extra_top)}" stroke="{GRID}" stroke-width="1"/>']
    for extra in lay.extra:
        r = extra.row
        strong, light = STATUS_COLOURS.get(r.status, STATUS_COLOURS["planned"])
        y = top + extra.top
        bar_y = top + extra.bar_y
        late = ' data-late="true"' if r.late else ""
        out.append(f'<g class="row" data-row={_a(r.key)} data-status={_a(r.status)}{late}>')
        out.append(f"<title>{escape(f'{r.name}: {r.detail}' if r.detail else r.name)}</title>")
        out.append(f'<line x1="{place.x(0)}" y1="{_num(y + extra.height)}" x2="{place.x(1)}" '
                   f'y2="{_num(y + extra.height)}" stroke="{GRID}" stroke-width="0.6"/>')
        f0, f1 = axis.f(r.start), axis.f_end(max(r.end, r.start))
        out.append(f'<rect x="{place.x(f0)}" y="{_num(bar_y)}" width="{place.w(f1 - f0, 3)}" height="{BAR_H}" '
                   f'rx="3" fill="{light}" stroke="{strong}" stroke-width="1"/>')
        share = min(max(float(r.progress), 0.0), 1.0)
        if share > 0:
            out.append(f'<rect x="{place.x(f0)}" y="{_num(bar_y)}" width="{place.w((f1 - f0) * share, 2)}" '
                       f'height="{BAR_H}" rx="3" fill="{strong}"/>')
        if r.status == "cancelled":
            out.append(f'<line x1="{place.x(f0)}" y1="{_num(bar_y + BAR_H / 2)}" x2="{place.x(f1)}" '
                       f'y2="{_num(bar_y + BAR_H / 2)}" stroke="{strong}" stroke-width="1.5"/>')
        if r.late:
            out.append(f'<rect x="{place.x(f0)}" y="{_num(bar_y - 2)}" width="{place.w(f1 - f0, 3)}" '
                       f'height="{BAR_H + 4}" rx="4" fill="none" stroke="{LATE}" stroke-width="2"/>')
            out.append(place.at(f1, bar_y + BAR_H / 2, f'<circle cx="9" cy="0" r="6" fill="{LATE}"/>'
                                f'<text x="9" y="4" text-anchor="middle" fill="#ffffff" font-size="10" '
                                f'font-weight="700">!</text>'))
        out.append("</g>")
    by_key = {e.row.key: e for e in lay.extra}
    arrows: list[str] = []
    for extra in lay.extra:
        for key in extra.row.after:
            pred = by_key.get(key)
            if pred is None or pred is extra:
                continue
            broken = extra.row.start <= pred.row.end
            colour = LATE if broken else MUTED
            dash = ' stroke-dasharray="3 2"' if broken else ""
            xe, xs = axis.f_end(pred.row.end), axis.f(extra.row.start)
            y2 = top + extra.bar_y + BAR_H / 2
            y1 = top + pred.bar_y + (BAR_H if extra.top > pred.top else 0)
            arrows.append(f'<g class="dependency" data-from={_a(key)} data-to={_a(extra.row.key)}'
                          f'{" data-broken=" + _a("true") if broken else ""}>'
                          f"<title>{escape(f'{pred.row.name} → {extra.row.name}')}</title>")
            arrows.append(f'<line x1="{place.x(xe)}" y1="{_num(y1)}" x2="{place.x(xe)}" y2="{_num(y2)}" '
                          f'stroke="{colour}" stroke-width="1.2"{dash}/>')
            arrows.append(f'<line x1="{place.x(xe)}" y1="{_num(y2)}" x2="{place.x(xs)}" y2="{_num(y2)}" '
                          f'stroke="{colour}" stroke-width="1.2"{dash}/>')
            arrows.append(place.at(xs, y2, f'<path d="M -6 -4 L 0 0 L -6 4 Z" fill="{colour}"/>'))
            arrows.append("</g>")
    if arrows:
        out.append('<g class="dependencies">')
        out.extend(arrows)
        out.append("</g>")
    out.append("</g>")
    return out


def legend_swatch(kind: str) -> str:
    """The sample drawn before a legend entry, in a 24 × 14 box (SVG elements, no ``<svg>`` around them)."""
    strong, planned, light = PALETTE[0]
    if kind == "logged":
        return f'<rect x="1" y="2" width="22" height="10" rx="2" fill="{strong}"/>'
    if kind == "in_progress":
        return (f'<rect x="1" y="2" width="22" height="10" rx="2" fill="{planned}"/>'
                f'<rect x="1" y="2" width="11" height="10" rx="2" fill="{strong}"/>')
    if kind == "planned":
        return f'<rect x="1" y="2" width="22" height="10" rx="2" fill="{planned}"/>'
    if kind == "range":
        return (f'<rect x="1" y="1" width="22" height="12" rx="2" fill="{light}" stroke="{planned}" '
                f'stroke-dasharray="3 2"/>')
    if kind == "ongoing":
        return (f'<rect x="1" y="2" width="14" height="10" rx="2" fill="{planned}"/>'
                f'<rect x="15" y="2" width="5" height="10" fill="{planned}" fill-opacity="0.4"/>'
                f'<line x1="22" y1="0" x2="22" y2="14" stroke="{strong}" stroke-width="1.5" stroke-dasharray="2 2"/>')
    if kind == "waiting":
        return (f'<rect x="1.5" y="2.5" width="21" height="9" rx="2" fill="{planned}" stroke="{WAITING}" '
                f'stroke-width="1.5" stroke-dasharray="4 2"/>')
    if kind.startswith("gate_"):
        status = kind[len("gate_"):]
        return f'<g transform="translate(12 7)">{_diamond(GATE_COLOURS.get(status, MUTED), status, 5.5)}</g>'
    if kind == "today":
        return f'<line x1="12" y1="0" x2="12" y2="14" stroke="{TODAY}" stroke-width="2"/>'
    if kind == "contract_end":
        return f'<line x1="12" y1="0" x2="12" y2="14" stroke="{INK}" stroke-width="1.5" stroke-dasharray="4 2"/>'
    if kind.startswith("bar_") and kind[len("bar_"):] in STATUS_COLOURS:
        bar_strong, bar_light = STATUS_COLOURS[kind[len("bar_"):]]
        return (f'<rect x="1" y="2" width="22" height="10" rx="2" fill="{bar_light}" stroke="{bar_strong}"/>'
                f'<rect x="1" y="2" width="9" height="10" rx="2" fill="{bar_strong}"/>')
    if kind == "bar_late":
        return f'<rect x="1.5" y="1.5" width="21" height="11" rx="3" fill="none" stroke="{LATE}" stroke-width="2"/>'
    if kind == "dependency":
        return (f'<line x1="2" y1="2" x2="2" y2="7" stroke="{MUTED}" stroke-width="1.2"/>'
                f'<line x1="2" y1="7" x2="20" y2="7" stroke="{MUTED}" stroke-width="1.2"/>'
                f'<path d="M 16 3 L 22 7 L 16 11 Z" fill="{MUTED}"/>')
    raise ValueError(kind)


def legend_kinds(schedule: Schedule, *, today: dt.date | None, start: dt.date | None = None,
                 months: int = 12, mark_end: bool = False, extra: Sequence[GanttRow] = ()) -> list[str]:
    """The legend entries this chart needs, in the legend's order."""
    kinds = {"planned", "logged"}
    statuses = {str(p.status) for p in schedule.phases}
    if "in_progress" in statuses:
        kinds.add("in_progress")
    if any(p.kind == PhaseKind.DURATION and p.end_min and p.end_max and p.end_min != p.end_max
           for p in schedule.phases):
        kinds.add("range")
    if any(p.ongoing or (p.kind == PhaseKind.CONTINUOUS and p.end is None) for p in schedule.phases if p.start):
        kinds.add("ongoing")
    if statuses & {"waiting", "awaiting"}:  # one outline for both: waiting for a gate or a confirmation
        kinds.add("waiting")
    kinds |= {f"gate_{g.status}" for g in schedule.gates if g.date}
    kinds |= {f"bar_{r.status}" for r in extra if r.status in STATUS_COLOURS}
    if any(r.late for r in extra):
        kinds.add("bar_late")
    if any(r.after for r in extra):
        kinds.add("dependency")
    lay = _layout(schedule, {}, start=start, months=months, today=today, mark_end=mark_end, extra=extra)
    if today is not None and lay.axis.first <= today < lay.axis.last:
        kinds.add("today")
    if lay.contract_end is not None:
        kinds.add("contract_end")
    return [k for k in LEGEND_KINDS if k in kinds]


def _span_text(date_label: Callable[[dt.date], str], ongoing_label: str) -> Callable[[PhaseResult], str]:
    def span(p: PhaseResult) -> str:
        if p.start is None:
            return "—"
        if p.ongoing:
            return f"{date_label(p.start)} – {ongoing_label}"
        if p.end_min and p.end_max and p.end_min != p.end_max:
            return f"{date_label(p.start)} – {date_label(p.end_min)}…{date_label(p.end_max)}"
        return f"{date_label(p.start)} – {date_label(p.end) if p.end else '?'}"
    return span


def _description(schedule: Schedule, labels: Mapping[str, str], gate_labels: Mapping[str, str],
                 date_label: Callable[[dt.date], str], span: Callable[[PhaseResult], str],
                 extra: Sequence[GanttRow] = ()) -> str:
    parts = [f"{labels.get(p.key, p.name)}: {span(p)}" for p in schedule.phases]
    parts += [f"{gate_labels.get(g.key, g.name)}: {date_label(g.date) if g.date else '?'} ({g.status})"
              for g in schedule.gates]
    parts += [f"{r.name}: {r.detail or f'{date_label(r.start)} – {date_label(r.end)}'}" for r in extra]
    return "; ".join(parts)


@dataclass(frozen=True)
class ScreenGantt:
    """The page's Gantt: the fixed label column, the scrolling chart, and the legend entries."""

    labels: str  # SVG
    chart: str  # SVG
    months: int
    label_width: int
    legend: list[tuple[str, str]]  # (kind, translated label)

    @property
    def min_width_class(self) -> str:
        """A CSS class giving the chart a minimum width (``MIN_MONTH_W`` a month, in cadence.css), so it
        scrolls rather than squeezes."""
        return f"gantt-m{min(self.months, 60)}"

    def swatches(self) -> list[tuple[str, str]]:
        return [(legend_swatch(kind), label) for kind, label in self.legend]

    def __str__(self) -> str:  # for templates that only print it
        return self.labels + self.chart


def render_gantt_screen(
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
    contract_end_label: str = "",
    legend_labels: Mapping[str, str] | None = None,
    start: dt.date | None = None,
    months: int = 12,
    mark_end: bool = False,
    id_prefix: str = "gantt",
    extra_rows: Sequence[GanttRow] = (),
    extra_heading: str = "",
) -> ScreenGantt:
    """The Gantt for a web page: a label column SVG beside a chart SVG 100 % wide (percent positions);
    ``extra_rows`` below the gates, under ``extra_heading``."""
    lay = _layout(schedule, labels, start=start, months=months, today=today, mark_end=mark_end, extra=extra_rows)
    span = _span_text(date_label, ongoing_label)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    h = _num(lay.height)
    names = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt-names-svg" width="{lay.label_w}" height="{h}" '
             f'viewBox="0 0 {lay.label_w} {h}" aria-hidden="true" font-family={_a(FONT)} font-size="12">',
             *_names(lay, x0=0, right=lay.label_w, gates_heading=gates_heading, has_gates=bool(schedule.gates),
                     extra_heading=extra_heading),
             "</svg>"]
    n = len(lay.axis.months)
    nominal = max(n * MIN_MONTH_W, 1200 - 80 - lay.label_w)
    chart = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt-chart" width="100%" height="{h}" role="img" '
             f'aria-labelledby="{title_id} {desc_id}" font-family={_a(FONT)} font-size="12" overflow="visible">',
             f"<title id={_a(title_id)}>{escape(title)}</title>",
             f"<desc id={_a(desc_id)}>{escape(_description(schedule, labels, gate_labels, date_label, span, extra_rows))}"
             "</desc>",
             *_defs(id_prefix),
             *_chart(schedule, lay, _Place(nominal=nominal), top=0, today=today, gate_labels=gate_labels,
                     month_label=month_label, span=span, date_label=date_label, today_label=today_label,
                     contract_end_label=contract_end_label, id_prefix=id_prefix),
             "</svg>"]
    kinds = legend_kinds(schedule, today=today, start=start, months=months, mark_end=mark_end, extra=extra_rows)
    legend = [(k, (legend_labels or {}).get(k, k)) for k in kinds]
    return ScreenGantt(labels="\n".join(names), chart="\n".join(chart), months=n, label_width=lay.label_w,
                       legend=legend)


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
    contract_end_label: str = "",
    legend_labels: Mapping[str, str] | None = None,
    heading: Sequence[str] = (),
    start: dt.date | None = None,
    months: int = 12,
    mark_end: bool = False,
    width: int | None = None,
    id_prefix: str = "gantt",
    extra_rows: Sequence[GanttRow] = (),
    extra_heading: str = "",
) -> str:
    """A standalone, accessible SVG document (a string) for downloads: ``width`` px wide (by default as
    wide as the months need), with ``heading`` lines on top (the first in bold) and the legend below
    when ``legend_labels`` is given; ``extra_rows`` below the gates, under ``extra_heading``."""
    lay = _layout(schedule, labels, start=start, months=months, today=today, mark_end=mark_end, max_name_w=240,
                  extra=extra_rows)
    n = len(lay.axis.months)
    if width is None:
        width = lay.label_w + n * 80 + RIGHT_PAD
    chart_w = max(width - lay.label_w - RIGHT_PAD, n * 30)
    width = lay.label_w + chart_w + RIGHT_PAD
    span = _span_text(date_label, ongoing_label)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"

    head: list[str] = []
    top = 0.0
    if heading:
        top = 14.0
        for k, line in enumerate(heading):
            size, weight = (18, ' font-weight="700"') if k == 0 else (12.5, "")
            top += 24 if k == 0 else 18
            head.append(f'<text x="{LABEL_PAD}" y="{_num(top)}" fill="{INK if k == 0 else MUTED}" font-size="{size}"'
                        f'{weight}>{escape(line)}</text>')
        top += 14

    legend: list[str] = []
    legend_h = 0.0
    if legend_labels is not None:
        kinds = legend_kinds(schedule, today=today, start=start, months=months, mark_end=mark_end, extra=extra_rows)
        x, y = float(LABEL_PAD), top + lay.height + 10
        legend_h = 10 + 22
        for kind in kinds:
            label = legend_labels.get(kind, kind)
            item_w = 24 + 6 + text_width(label, 11.5) + 18
            if x + item_w > width - RIGHT_PAD and x > LABEL_PAD:
                x, y = float(LABEL_PAD), y + 22
                legend_h += 22
            legend.append(f'<g class="legend-item" data-kind={_a(kind)} transform="translate({_num(x)} {_num(y)})">'
                          f'{legend_swatch(kind)}<text x="30" y="11" fill="{INK}" font-size="11.5">'
                          f"{escape(label)}</text></g>")
            x += item_w
        legend_h += 8

    height = top + lay.height + legend_h
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{_num(height)}" '
        f'viewBox="0 0 {width} {_num(height)}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family={_a(FONT)} font-size="12">',
        f"<title id={_a(title_id)}>{escape(title)}</title>",
        f"<desc id={_a(desc_id)}>{escape(_description(schedule, labels, gate_labels, date_label, span, extra_rows))}"
        "</desc>",
        *_defs(id_prefix),
        f'<rect x="0" y="0" width="{width}" height="{_num(height)}" fill="#ffffff"/>',
        *head,
        f'<g transform="translate(0 {_num(top)})">',
        *_names(lay, x0=0, right=lay.label_w, gates_heading=gates_heading, has_gates=bool(schedule.gates),
                extra_heading=extra_heading),
        "</g>",
        *_chart(schedule, lay, _Place(left=lay.label_w, width=chart_w), top=top, today=today, gate_labels=gate_labels,
                month_label=month_label, span=span, date_label=date_label, today_label=today_label,
                contract_end_label=contract_end_label,
                id_prefix=id_prefix),
        *legend,
        "</svg>",
    ]
    return "\n".join(out)
