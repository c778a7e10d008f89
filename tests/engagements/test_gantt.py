"""The SVG Gantt chart: valid XML, accessible, every phase and gate drawn, text escaped, no style attributes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from cadence.engagements.builtin_templates import RETAINER, SOSTAC
from cadence.engagements.gantt import LABEL_W, MONTH_W, RIGHT_PAD, render_gantt
from cadence.engagements.schedule import (
    GateSpec,
    PhaseActuals,
    PhaseKind,
    PhaseSpec,
    ScheduleInput,
    TemplateSpec,
    compute_schedule,
)

NS = {"svg": "http://www.w3.org/2000/svg"}


def _render(schedule, today=None, **kwargs):
    return render_gantt(
        schedule, today=today, labels={p.key: p.name for p in schedule.phases},
        gate_labels={g.key: g.name for g in schedule.gates}, month_label=lambda d: d.strftime("%d %b"), **kwargs,
    )


def _retainer(today=dt.date(2027, 1, 11), **kwargs):
    return compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                          template=RETAINER, today=today, **kwargs))


def test_it_is_valid_accessible_svg_with_every_phase_and_gate():
    schedule = _retainer()
    svg = _render(schedule, title="Timeline")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find("svg:title", NS).get("id") == title_id
    assert root.find("svg:desc", NS).get("id") == desc_id
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for p in RETAINER.phases:
        assert p.name[:20] in texts
    for g in RETAINER.gates:
        assert g.name in texts
    assert {e.get("data-phase") for e in root.iter() if e.get("data-phase")} == {p.key for p in RETAINER.phases}
    assert {e.get("data-gate") for e in root.iter() if e.get("data-gate")} == {"plan_approved", "materials_ready"}


def test_it_uses_no_style_attributes():
    svg = _render(_retainer(), today=dt.date(2027, 2, 1))
    root = ET.fromstring(svg)
    assert all("style" not in e.attrib for e in root.iter())
    assert "<style" not in svg and "<script" not in svg


def test_its_width_follows_the_number_of_months():
    schedule = _retainer()
    root = ET.fromstring(_render(schedule))
    assert int(root.get("width")) == LABEL_W + len(schedule.months) * MONTH_W + RIGHT_PAD
    slower = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(10), country="RO",
                                            template=RETAINER, today=dt.date(2027, 1, 11)))
    assert len(slower.months) > len(schedule.months)
    assert int(ET.fromstring(_render(slower)).get("width")) > int(root.get("width"))


def test_it_escapes_names():
    tpl = TemplateSpec(key="t", name="t", phases=(
        PhaseSpec(key="a", name="Plan <b> & \"ads\"", kind=PhaseKind.EFFORT, effort_hours=Decimal(8)),),
        gates=(GateSpec(key="g", name="<ok>", after_phase="a"),))
    schedule = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                              template=tpl, today=dt.date(2027, 1, 11)))
    svg = _render(schedule, title="<script>alert(1)</script>")
    root = ET.fromstring(svg)  # would fail on unescaped markup
    assert "<b>" not in svg and "<script>" not in svg
    assert "Plan <b> & \"ads\"" in " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))


def test_it_draws_today_only_inside_the_chart():
    schedule = _retainer(today=dt.date(2027, 2, 15))
    inside = ET.fromstring(_render(schedule, today=dt.date(2027, 2, 15), today_label="Azi"))
    assert any(g.get("class") == "today" for g in inside.iter("{http://www.w3.org/2000/svg}g"))
    assert "Azi" in ET.tostring(inside, encoding="unicode")
    outside = ET.fromstring(_render(schedule, today=dt.date(2020, 1, 1)))
    assert not any(g.get("class") == "today" for g in outside.iter("{http://www.w3.org/2000/svg}g"))


def test_it_colours_gates_by_status():
    schedule = _retainer(today=dt.date(2027, 3, 1), gates_passed={"plan_approved": dt.date(2027, 2, 10)},
                         actuals={"research": PhaseActuals(logged={dt.date(2027, 2, 9): Decimal(20),
                                                                   dt.date(2027, 2, 10): Decimal(12)})})
    root = ET.fromstring(_render(schedule, today=dt.date(2027, 3, 1)))
    statuses = {g.get("data-gate"): g.get("data-status") for g in root.iter() if g.get("data-gate")}
    assert statuses["plan_approved"] == "passed"


def test_it_draws_the_range_of_duration_phases_and_the_open_end_of_continuous_ones():
    sostac = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                            template=SOSTAC, today=dt.date(2027, 1, 11)))
    svg = _render(sostac)
    assert 'stroke-dasharray="3 2"' in svg  # the earliest-to-latest end band
    retainer = _render(_retainer())
    assert "url(#gantt-fade-" in retainer  # the continuous phase fades out to the right edge
    ET.fromstring(svg)


def test_it_keeps_ids_unique_with_a_prefix():
    svg = _render(_retainer(), id_prefix="preview")
    assert 'id="preview-title"' in svg and 'id="gantt-title"' not in svg


def test_it_flags_a_phase_awaiting_confirmation_and_ends_it_on_its_last_day_of_work():
    research_days = [dt.date(2027, 1, d) for d in (11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29)]
    logs = {d: Decimal(2) for d in research_days}  # 30 of 32 h, the last on 29 January
    infra = {dt.date(2027, 2, d): Decimal(2) for d in (8, 9, 10)}
    schedule = _retainer(today=dt.date(2027, 3, 15), gates_passed={"plan_approved": dt.date(2027, 2, 5)},
                         actuals={"research": PhaseActuals(logged=logs), "infrastructure": PhaseActuals(logged=infra)})
    root = ET.fromstring(_render(schedule, today=dt.date(2027, 3, 15)))
    research = root.find(".//svg:g[@data-phase='research']", NS)
    assert research is not None and research.get("data-status") == "awaiting"
    bars = research.findall("svg:rect", NS)
    assert any(b.get("stroke-dasharray") == "4 2" for b in bars)  # flagged
    assert schedule.phase("research").end == dt.date(2027, 1, 29)  # and not stretched to today
