"""The SVG Gantt chart: valid XML, accessible, every phase and gate drawn, text escaped, no style attributes;
calendar-month columns, the period it covers, names never cut, today's date, the legend, the screen split."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from cadence.engagements.builtin_templates import RETAINER, SOSTAC
from cadence.engagements.gantt import (
    LEGEND_KINDS,
    MAX_NAME_W,
    legend_kinds,
    legend_swatch,
    render_gantt,
    render_gantt_screen,
    text_width,
)
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
SVG = "{http://www.w3.org/2000/svg}"


def _render(schedule, today=None, renderer=render_gantt, labels=None, **kwargs):
    return renderer(
        schedule, today=today, labels=labels or {p.key: p.name for p in schedule.phases},
        gate_labels={g.key: g.name for g in schedule.gates}, month_label=lambda d: d.strftime("%d %b %Y"), **kwargs,
    )


def _texts(root):
    """Each text element's words (the lines of a wrapped name joined with a space)."""
    return [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]


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
    texts = " ".join(_texts(root))
    for p in RETAINER.phases:
        assert p.name in texts
    for g in RETAINER.gates:
        assert g.name in texts
    assert {e.get("data-phase") for e in root.iter() if e.get("data-phase")} == {p.key for p in RETAINER.phases}
    assert {e.get("data-gate") for e in root.iter() if e.get("data-gate")} == {"plan_approved", "materials_ready"}


def test_it_uses_no_style_attributes():
    svg = _render(_retainer(), today=dt.date(2027, 2, 1))
    root = ET.fromstring(svg)
    assert all("style" not in e.attrib for e in root.iter())
    assert "<style" not in svg and "<script" not in svg


def test_the_download_is_as_wide_as_asked_and_its_default_width_follows_the_months():
    schedule = _retainer()
    assert ET.fromstring(_render(schedule, width=1400)).get("width") == "1400"
    twelve = int(ET.fromstring(_render(schedule)).get("width"))
    assert int(ET.fromstring(_render(schedule, months=24)).get("width")) > twelve


def test_the_page_chart_takes_the_whole_width_beside_a_label_column():
    gantt = _render(_retainer(), today=dt.date(2027, 2, 15), renderer=render_gantt_screen)
    chart, names = ET.fromstring(gantt.chart), ET.fromstring(gantt.labels)
    assert chart.get("width") == "100%" and chart.get("role") == "img"
    assert names.get("aria-hidden") == "true" and int(names.get("width")) == gantt.label_width
    assert chart.get("height") == names.get("height")  # the rows line up
    # bars are placed in percent of the card's width, names live only in the fixed column
    bars = [r for g in chart.iter(f"{SVG}g") if g.get("class") == "phase" for r in g.iter(f"{SVG}rect")]
    assert bars and all(r.get("x").endswith("%") and r.get("width").endswith("%") for r in bars)
    assert any("Research" in t for t in _texts(names)) and not any("Research" in t for t in _texts(chart))
    assert all("style" not in e.attrib for root in (chart, names) for e in root.iter())
    assert gantt.min_width_class == "gantt-m13"  # 13 calendar months: scrolls on a phone rather than squeezing


@pytest.mark.parametrize("months", [1, 13, 25, 60])
def test_the_stylesheet_gives_every_chart_its_minimum_width(months):
    from pathlib import Path

    from cadence.engagements.gantt import MIN_MONTH_W, ScreenGantt

    css = (Path(__file__).parents[2] / "cadence" / "static" / "cadence.css").read_text()
    cls = ScreenGantt(labels="", chart="", months=months, label_width=0, legend=[]).min_width_class
    assert f".{cls} svg.gantt-chart {{ min-width: {months * MIN_MONTH_W}px; }}" in css


def test_month_columns_are_calendar_months_named_at_their_start():
    root = ET.fromstring(_render(_retainer(), width=1400))  # starts on 2027-01-11
    months = [t for t in root.iter(f"{SVG}text") if t.get("data-month")]
    assert [t.get("data-month") for t in months][:3] == ["2027-01-01", "2027-02-01", "2027-03-01"]
    assert months[0].text == "01 Jan 2027"
    grid = {line.get("x1") for g in root.iter(f"{SVG}g") if g.get("class") == "months" for line in g.iter(f"{SVG}line")}
    assert all(t.get("x") in grid and float(t.get("dx")) > 0 for t in months)  # the name starts at its column


@pytest.mark.parametrize(("months", "first", "last"), [(12, "2027-01-01", "2028-01-01"), (24, "2027-01-01", "2029-01-01"),
                                                        (3, "2027-01-01", None)])
def test_it_covers_the_period_it_is_given(months, first, last):
    schedule = _retainer()
    root = ET.fromstring(_render(schedule, start=dt.date(2027, 1, 11), months=months))
    dates = [t.get("data-month") for t in root.iter(f"{SVG}text") if t.get("data-month")]
    assert dates[0] == first
    if last:
        assert dates[-1] == last
    else:  # one-off phases end after three months: the chart goes on to them and marks the period's end
        research_end = max(p.end for p in schedule.phases if p.end and not p.ongoing)
        assert dates[-1] == research_end.replace(day=1).isoformat()
        assert any(g.get("class") == "contract-end" for g in root.iter(f"{SVG}g"))


def test_it_starts_where_it_is_told():
    root = ET.fromstring(_render(_retainer(), start=dt.date(2027, 3, 1), months=6))
    dates = [t.get("data-month") for t in root.iter(f"{SVG}text") if t.get("data-month")]
    assert dates[0] == "2027-03-01"


def test_long_names_wrap_and_are_never_cut():
    long_en = "Research, marketing plan and first implementation of the tracking and the landing pages"
    long_ru = "Исследование, маркетинговый план и первая настройка аналитики и посадочных страниц"
    tpl = TemplateSpec(key="t", name="t", phases=(
        PhaseSpec(key="a", name=long_en, kind=PhaseKind.EFFORT, effort_hours=Decimal(8)),
        PhaseSpec(key="b", name=long_ru, kind=PhaseKind.EFFORT, effort_hours=Decimal(8)),
        PhaseSpec(key="c", name="Короткая", kind=PhaseKind.EFFORT, effort_hours=Decimal(8))))
    schedule = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                              template=tpl, today=dt.date(2027, 1, 11)))
    for renderer in (render_gantt, render_gantt_screen):
        out = _render(schedule, renderer=renderer)
        root = ET.fromstring(out if isinstance(out, str) else out.labels)
        names = {t.get("data-phase-name"): t for t in root.iter(f"{SVG}text") if t.get("data-phase-name")}
        for key, name in (("a", long_en), ("b", long_ru)):
            lines = [ts.text for ts in names[key].iter(f"{SVG}tspan")]
            assert len(lines) >= 2 and " ".join(lines) == name  # wrapped, every word there
            label_w = int(root.get("width")) if renderer is render_gantt_screen else None
            if label_w:
                assert all(text_width(line) + 12 <= label_w for line in lines)
                assert all(text_width(line) <= MAX_NAME_W for line in lines)
        assert "…" not in out if isinstance(out, str) else "…" not in out.labels


def test_todays_line_is_labelled_with_its_date():
    schedule = _retainer(today=dt.date(2027, 2, 15))
    root = ET.fromstring(_render(schedule, today=dt.date(2027, 2, 15), today_label="Today, 15 Feb 2027"))
    today = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "today")
    assert [t.text for t in today.iter(f"{SVG}text")] == ["Today, 15 Feb 2027"]


def test_the_download_has_a_heading_and_the_legend():
    schedule = _retainer(today=dt.date(2027, 2, 15))
    labels = {k: f"L-{k}" for k in LEGEND_KINDS}
    svg = _render(schedule, today=dt.date(2027, 2, 15), heading=["Kiwi retainer", "Client: Kiwi", "15 Feb 2027"],
                  legend_labels=labels)
    root = ET.fromstring(svg)
    texts = _texts(root)
    assert texts[:3] == ["Kiwi retainer", "Client: Kiwi", "15 Feb 2027"]
    kinds = [g.get("data-kind") for g in root.iter(f"{SVG}g") if g.get("data-kind")]
    assert {"logged", "planned", "ongoing", "gate_expected", "today"} <= set(kinds)
    assert "range" not in kinds  # the retainer has no duration phase: no entry that explains nothing
    assert all(f"L-{k}" in texts for k in kinds)


def test_the_page_legend_lists_what_the_chart_draws():
    sostac = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                            template=SOSTAC, today=dt.date(2027, 1, 11)))
    gantt = _render(sostac, today=dt.date(2027, 1, 20), renderer=render_gantt_screen,
                    legend_labels={"range": "earliest to latest end"})
    kinds = [k for k, _label in gantt.legend]
    assert "range" in kinds and "today" in kinds and "planned" in kinds
    assert ("range", "earliest to latest end") in gantt.legend
    for swatch, _label in gantt.swatches():
        ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{swatch}</svg>')


@pytest.mark.parametrize("kind", LEGEND_KINDS)
def test_every_legend_kind_has_a_swatch(kind):
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{legend_swatch(kind)}</svg>')
    assert len(root) >= 1  # it draws something (an unknown kind raises ValueError)


def test_it_escapes_names():
    tpl = TemplateSpec(key="t", name="t", phases=(
        PhaseSpec(key="a", name="Plan <b> & \"ads\"", kind=PhaseKind.EFFORT, effort_hours=Decimal(8)),),
        gates=(GateSpec(key="g", name="<ok>", after_phase="a"),))
    schedule = compute_schedule(ScheduleInput(start=dt.date(2027, 1, 11), monthly_hours=Decimal(40), country="RO",
                                              template=tpl, today=dt.date(2027, 1, 11)))
    svg = _render(schedule, title="<script>alert(1)</script>")
    root = ET.fromstring(svg)  # would fail on unescaped markup
    assert "<b>" not in svg and "<script>" not in svg
    assert "Plan <b> & \"ads\"" in " ".join(_texts(root))


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


def test_the_periods_end_is_marked_when_asked_or_when_work_goes_past_it():
    schedule = _retainer()  # one-off phases end within 12 months

    def marked(**kwargs):
        root = ET.fromstring(_render(schedule, **kwargs))
        return any(g.get("class") == "contract-end" for g in root.iter(f"{SVG}g"))

    assert not marked(months=12)
    assert marked(months=12, mark_end=True, contract_end_label="End of the contract")
    assert marked(months=2)  # campaigns go on after a two-month contract: say where it ends


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


def test_a_contract_ending_with_a_calendar_month_is_marked_at_the_charts_edge():
    schedule = compute_schedule(ScheduleInput(start=dt.date(2027, 2, 1), monthly_hours=Decimal(40), country="RO",
                                              template=RETAINER, today=dt.date(2027, 2, 1)))
    root = ET.fromstring(_render(schedule, start=dt.date(2027, 2, 1), months=12, mark_end=True,
                                 contract_end_label="End of the contract"))
    months = [t.get("data-month") for t in root.iter(f"{SVG}text") if t.get("data-month")]
    assert months[0] == "2027-02-01" and months[-1] == "2028-01-01"  # the contract's months, no more
    ends = [g for g in root.iter(f"{SVG}g") if g.get("class") == "contract-end"]
    assert len(ends) == 1 and "End of the contract" in "".join(ends[0].itertext())
    assert "contract_end" in legend_kinds(schedule, today=dt.date(2027, 2, 1), start=dt.date(2027, 2, 1), months=12,
                                          mark_end=True)
