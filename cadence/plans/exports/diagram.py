"""The goal tree as a server-side SVG diagram: objective -> SMM tasks with their KPI -> actions by expected
impact -> the metrics tracked per action. The same SVG goes into the plan page and the PDF.

Two steps, so the geometry is tested on its own:

* ``layout(trees)`` is pure: it takes ``Node`` trees (texts already translated and formatted) and places
  one box per node in four columns, each box as tall as its wrapped text needs (a long word is split, never
  cut), children stacked top-down with their parent centred on them, and elbow connectors from the
  parent's right edge to each child's left edge.
* ``svg(layout, ...)`` writes the SVG; every text goes through XML escaping.

``goal_tree_svg(document)`` builds the nodes from a snapshot document in the active language (the exports
run it inside ``translation.override`` of the plan's language; a page runs it in the reader's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from cadence.engagements.gantt import text_width

KINDS = ("objective", "task", "action", "metrics")
WIDTHS = {"objective": 178.0, "task": 184.0, "action": 164.0, "metrics": 150.0}
GAP = 26.0  # between columns (the connectors run there)
PAD = 10.0  # around the drawing
HEADER_H = 24.0
BOX_PAD_X = 8.0
BOX_PAD_Y = 7.0
TITLE_SIZE = 11.0
DETAIL_SIZE = 9.5
TITLE_LINE = 14.0
DETAIL_LINE = 12.5
BOLD = 1.15  # bold DejaVu Sans is about this much wider than the regular estimate of ``text_width``
DETAIL_SAFETY = 1.05
V_GAP = 10.0  # between sibling boxes
TREE_GAP = 22.0  # between two objectives' trees
FONT = "'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK, MUTED, LINE = "#1d2433", "#5b6478", "#9aa5b8"
STYLE = {  # fill, stroke, title colour, detail colour
    "objective": ("#1f3a5f", "#1f3a5f", "#ffffff", "#d5deeb"),
    "task": ("#edf2fd", "#3b5bdb", INK, MUTED),
    "action": ("#e8f6f5", "#0c8599", INK, MUTED),
    "metrics": ("#f5f6f8", "#aab3c2", INK, MUTED),
}
WARNING = "#d9480f"


@dataclass(frozen=True)
class Node:
    kind: str  # one of KINDS; a node's children are of the next kind
    title: str
    details: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    warning: bool = False  # drawn with an orange dashed border (e.g. a task without a KPI)


@dataclass(frozen=True)
class Box:
    kind: str
    x: float
    y: float
    w: float
    h: float
    title: tuple[str, ...]  # wrapped lines
    details: tuple[str, ...]  # wrapped lines
    warning: bool = False

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def middle(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    columns: tuple[float, ...] = field(default=())  # the x of each column


def split_word(word: str, width: float, size: float) -> list[str]:
    """A word too wide for ``width`` in pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch, size) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` px at ``size``; newlines are kept as line breaks."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            for piece in split_word(word, width, size) if text_width(word, size) > width else [word]:
                candidate = f"{current} {piece}" if current else piece
                if current and text_width(candidate, size) > width:
                    lines.append(current)
                    current = piece
                else:
                    current = candidate
        if current:
            lines.append(current)
    return lines


def box_height(title: Sequence[str], details: Sequence[str]) -> float:
    return BOX_PAD_Y * 2 + len(title) * TITLE_LINE + len(details) * DETAIL_LINE + (4 if title and details else 0)


def columns() -> tuple[float, ...]:
    xs: list[float] = []
    x = PAD
    for kind in KINDS:
        xs.append(x)
        x += WIDTHS[kind] + GAP
    return tuple(xs)


def layout(trees: Sequence[Node]) -> Layout:
    """Place the trees one under the other (pure geometry, no Django)."""
    xs = columns()
    boxes: list[Box] = []
    edges: list[Edge] = []

    def place(node: Node, top: float) -> tuple[Box, float]:
        depth = KINDS.index(node.kind)
        w = WIDTHS[node.kind]
        inner = w - 2 * BOX_PAD_X
        title = tuple(wrap(node.title, inner, TITLE_SIZE * BOLD))
        details = tuple(line for d in node.details for line in wrap(d, inner, DETAIL_SIZE * DETAIL_SAFETY))
        h = box_height(title, details)
        if not node.children:
            box = Box(node.kind, xs[depth], top, w, h, title, details, node.warning)
            boxes.append(box)
            return box, top + h
        placed: list[Box] = []
        child_top = top
        bottom = top
        for child in node.children:
            child_box, bottom = place(child, child_top)
            placed.append(child_box)
            child_top = bottom + V_GAP
        span = bottom - top
        box = Box(node.kind, xs[depth], top + max(0.0, (span - h) / 2), w, h, title, details, node.warning)
        boxes.append(box)
        edges.extend(Edge(box.right, box.middle, c.x, c.middle) for c in placed)
        return box, max(bottom, box.bottom)

    top = PAD + HEADER_H
    for tree in trees:
        _box, bottom = place(tree, top)
        top = bottom + TREE_GAP
    height = (top - TREE_GAP if trees else top) + PAD
    width = xs[-1] + WIDTHS[KINDS[-1]] + PAD
    return Layout(width, height, tuple(sorted(boxes, key=lambda b: (b.x, b.y))), tuple(edges), xs)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(lay: Layout, *, title: str, headers: Sequence[str], description: str = "", empty: str = "") -> str:
    """The SVG document of a layout; ``headers`` label the four columns. Every text is escaped."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="goal-tree" width="{_n(lay.width)}" '
        f'height="{_n(lay.height)}" viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" role="img" '
        f'font-family={quoteattr(FONT)}>',
        f"<title>{escape(title)}</title>",
    ]
    if description:
        out.append(f"<desc>{escape(description)}</desc>")
    out.append(f'<rect x="0" y="0" width="{_n(lay.width)}" height="{_n(lay.height)}" fill="#ffffff"/>')
    for x, kind, label in zip(lay.columns, KINDS, headers, strict=False):
        out.append(f'<text x="{_n(x)}" y="{_n(PAD + 12)}" fill="{MUTED}" font-size="9.5" font-weight="700" '
                   f'letter-spacing="0.4">{escape(label.upper())}</text>')
        out.append(f'<line x1="{_n(x)}" y1="{_n(PAD + 17)}" x2="{_n(x + WIDTHS[kind])}" y2="{_n(PAD + 17)}" '
                   f'stroke="#dde2ea" stroke-width="1"/>')
    if not lay.boxes and empty:
        out.append(f'<text x="{_n(PAD)}" y="{_n(PAD + HEADER_H + 14)}" fill="{MUTED}" font-size="11">'
                   f"{escape(empty)}</text>")
    for e in lay.edges:
        mid = e.x1 + (e.x2 - e.x1) / 2
        out.append(f'<path d="M{_n(e.x1)} {_n(e.y1)} H{_n(mid)} V{_n(e.y2)} H{_n(e.x2)}" fill="none" '
                   f'stroke="{LINE}" stroke-width="1.2"/>')
    for b in lay.boxes:
        fill, stroke, ink, muted = STYLE[b.kind]
        border = f'stroke="{WARNING}" stroke-width="1.6" stroke-dasharray="4 3"' if b.warning else \
            f'stroke="{stroke}" stroke-width="1"'
        out.append(f'<g class="node node-{b.kind}">')
        out.append(f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}" rx="5" ry="5" '
                   f'fill="{fill}" {border}/>')
        y = b.y + BOX_PAD_Y
        for line in b.title:
            y += TITLE_LINE
            out.append(f'<text x="{_n(b.x + BOX_PAD_X)}" y="{_n(y - 3.5)}" fill="{ink}" font-size="{_n(TITLE_SIZE)}" '
                       f'font-weight="700">{escape(line)}</text>')
        if b.title and b.details:
            y += 4
        for line in b.details:
            y += DETAIL_LINE
            colour = WARNING if b.warning and b.kind != "objective" else muted
            out.append(f'<text x="{_n(b.x + BOX_PAD_X)}" y="{_n(y - 3)}" fill="{colour}" '
                       f'font-size="{_n(DETAIL_SIZE)}">{escape(line)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


# --- from a snapshot document ---------------------------------------------------------------------

def trees(document: Mapping[str, Any], *, objective: str | None = None) -> list[Node]:
    """The goal-tree nodes of a document (every objective, or only the one with uid ``objective``)."""
    from cadence.plans import models as m  # noqa: PLC0415 - keep the layout importable without Django apps
    from cadence.plans.exports.values import (  # noqa: PLC0415
        by_parent,
        choice_label,
        horizon_text,
        kpi_text,
        levels_text,
        ranked,
        records,
        text,
    )

    currency = text(document.get("plan", {}).get("currency")) or "EUR"
    tasks = by_parent(records(document, "smm_task"), "objective")
    actions = by_parent(records(document, "plan_action"), "task")
    metrics = by_parent(records(document, "tracked_metric"), "action")
    out: list[Node] = []
    for obj in records(document, "objective"):
        uid = str(obj.get("uid"))
        if objective is not None and uid != objective:
            continue
        task_nodes: list[Node] = []
        for t in tasks.get(uid, []):
            action_nodes: list[Node] = []
            for a in ranked(actions.get(str(t.get("uid")), [])):
                names = [text(x.get("name")) for x in metrics.get(str(a.get("uid")), []) if text(x.get("name"))]
                metric_node = (Node("metrics", "", tuple(f"• {n}" for n in names)) if names
                               else Node("metrics", "", (_("No metrics yet"),), warning=True))
                rank = a.get("rank")
                head = f"{rank}. {text(a.get('title'))}" if rank is not None else text(a.get("title"))
                action_nodes.append(Node("action", head, (text(a.get("channel")),) if text(a.get("channel")) else (),
                                         (metric_node,), warning=rank is None))
            kpi = kpi_text(t, currency)
            task_nodes.append(Node("task", text(t.get("title")),
                                   (_("KPI: %(kpi)s") % {"kpi": kpi},) if kpi else (_("No KPI yet"),),
                                   tuple(action_nodes), warning=not kpi))
        details = [d for d in (choice_label(m.DepartmentChoice, obj.get("department")), levels_text(obj),
                               horizon_text(obj)) if d]
        out.append(Node("objective", text(obj.get("title")), tuple(details), tuple(task_nodes)))
    return out


def goal_tree_svg(document: Mapping[str, Any], *, objective: str | None = None) -> str:
    """The goal tree of a snapshot document as an SVG string, in the active language."""
    nodes = trees(document, objective=objective)
    headers = (_("Objective"), _("SMM tasks and KPIs"), _("Actions by impact"), _("Metrics"))
    return svg(layout(nodes), title=_("Goal tree"), headers=headers,
               description=_("Objectives, their SMM tasks with the KPI of each, the actions ranked by expected "
                             "impact and the metrics tracked for each action."),
               empty=_("No objectives set yet."))
