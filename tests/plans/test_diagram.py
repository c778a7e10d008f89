"""The goal-tree diagram: the pure layout (boxes, wrapping, connectors) and the SVG built from a document."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from django.utils import translation

from cadence.engagements.gantt import text_width
from cadence.plans.exports.diagram import (
    BOLD,
    BOX_PAD_X,
    DETAIL_SAFETY,
    DETAIL_SIZE,
    KINDS,
    TITLE_SIZE,
    WIDTHS,
    Node,
    goal_tree_svg,
    layout,
    svg,
    wrap,
)
from tests.plans.documents import HOSTILE, furniture_document, hostile_document, uid

SVG = "{http://www.w3.org/2000/svg}"


def tree(n_tasks: int = 3, n_actions: int = 2, title: str = "Grow online orders by a third") -> Node:
    return Node("objective", title, ("Marketing", "acceptable 16, optimal 20, best 24"), tuple(
        Node("task", f"Task {t} with a rather long title that must wrap", (f"KPI: followers from 2,900 to 6,000 #{t}",),
             tuple(Node("action", f"{a + 1}. Weekly reels from the workshop", ("Instagram",),
                        (Node("metrics", "", ("• Reach", "• Saves", "• Link clicks")),))
                   for a in range(n_actions)))
        for t in range(n_tasks)))


def overlaps(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_one_box_per_node_in_the_column_of_its_kind():
    lay = layout([tree(3, 2)])
    assert len(lay.boxes) == 1 + 3 + 6 + 6
    for box in lay.boxes:
        assert box.x == lay.columns[KINDS.index(box.kind)] and box.w == WIDTHS[box.kind]
    assert len(lay.edges) == len(lay.boxes) - 1


def test_boxes_never_overlap_and_stay_inside_the_drawing():
    lay = layout([tree(4, 3), tree(2, 1, "Answer every message within two hours")])
    for a, b in itertools.combinations(lay.boxes, 2):
        assert not overlaps(a, b), (a, b)
    for box in lay.boxes:
        assert 0 <= box.x and box.right <= lay.width and 0 <= box.y and box.bottom <= lay.height


def test_a_parent_is_centred_on_its_children_and_linked_to_each():
    lay = layout([tree(3, 2)])
    root = next(b for b in lay.boxes if b.kind == "objective")
    tasks = [b for b in lay.boxes if b.kind == "task"]
    assert min(t.middle for t in tasks) < root.middle < max(t.middle for t in tasks)
    from_root = [e for e in lay.edges if e.x1 == root.right]
    assert len(from_root) == 3
    assert sorted(e.y2 for e in from_root) == sorted(t.middle for t in tasks)
    assert all(e.x2 == tasks[0].x and e.y1 == root.middle for e in from_root)


def test_every_line_fits_its_box_and_long_words_are_split_not_cut():
    word = "Supercalifragilisticexpialidocious" * 3
    lay = layout([Node("objective", f"{word} and more", (word,), ())])
    box = lay.boxes[0]
    inner = box.w - 2 * BOX_PAD_X
    assert all(text_width(line, TITLE_SIZE * BOLD) <= inner for line in box.title)
    assert all(text_width(line, DETAIL_SIZE * DETAIL_SAFETY) <= inner for line in box.details)
    assert "".join(box.details) == word  # nothing lost
    assert "".join(box.title).replace(" ", "") == f"{word}andmore"


def test_wrap_keeps_newlines_and_drops_blank_lines():
    assert wrap("one\ntwo  three\n\n", 500, 10) == ["one", "two three"]
    assert wrap("", 100, 10) == []


def test_a_tall_parent_pushes_the_next_tree_down():
    tall = Node("objective", "word " * 80, (), (Node("task", "short"),))
    lay = layout([tall, tree(1, 1)])
    first_root, second_root = sorted((b for b in lay.boxes if b.kind == "objective"), key=lambda b: b.y)
    assert second_root.y > first_root.bottom


def test_svg_escapes_every_text_and_is_well_formed():
    node = Node("objective", HOSTILE, (HOSTILE,), (Node("task", HOSTILE),))
    out = svg(layout([node]), title=HOSTILE, headers=(HOSTILE, "b", "c", "d"), description=HOSTILE)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    root = ET.fromstring(out)  # noqa: S314 - our own output
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<script>" in texts  # shown as text


def test_empty_document_says_so():
    doc = furniture_document()
    doc["sections"]["objectives"]["records"] = {}
    with translation.override("en"):
        out = goal_tree_svg(doc)
    assert "No objectives set yet." in out
    ET.fromstring(out)  # noqa: S314


def test_goal_tree_of_the_furniture_plan():
    doc = furniture_document()
    with translation.override("en"):
        out = goal_tree_svg(doc, objective=uid("obj-sales"))
    root = ET.fromstring(out)  # noqa: S314
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Creșterea" in texts and "Răspunsuri rapide" not in texts  # only the objective asked for
    assert "KPI:" in texts and "2,900" in texts and "6,000" in texts
    assert "1. Reels" in texts and "2. Postări" in texts  # ranked
    assert "• Acoperire" in texts
    groups = [g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "")]
    assert len(groups) == 1 + 4 + 8 + 8


def test_a_task_without_kpi_and_an_action_without_metrics_are_flagged():
    doc = furniture_document()
    task = doc["sections"]["objectives"]["records"]["smm_task"][0]
    task["metric_key"] = ""
    doc["sections"]["objectives"]["records"]["tracked_metric"] = [
        m for m in doc["sections"]["objectives"]["records"]["tracked_metric"] if m["action"] != uid("task-0-a0")]
    with translation.override("en"):
        out = goal_tree_svg(doc, objective=uid("obj-sales"))
    assert "No KPI yet" in out and "No metrics yet" in out
    assert out.count('stroke-dasharray="4 3"') == 2


def test_hostile_document_text_is_escaped():
    with translation.override("en"):
        out = goal_tree_svg(hostile_document())
    assert "<script" not in out and "&lt;script&gt;" in out
    ET.fromstring(out)  # noqa: S314
