"""The budget's pure rules: the advertising rollover (worked examples from seed 002's template, and
invariants with hypothesis) and the totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.budget.domain import rollover as r
from cadence.budget.domain import totals as t

D = Decimal
MONTHS = t.month_list(dt.date(2026, 1, 1), 12)


def months(*pairs: tuple[str, str | None]) -> list[r.Month]:
    return [r.Month(MONTHS[i], D(p), None if a is None else D(a)) for i, (p, a) in enumerate(pairs)]


def test_unspent_money_is_added_to_the_next_month():
    rows = r.rollover(months(("320", "240"), ("320", None)), overspend_reduces_next=True)
    assert rows[0].available == D(320) and rows[0].unspent == D(80) and rows[0].carried_out == D(80)
    assert rows[1].carried_in == D(80) and rows[1].available == D(400) and rows[1].previous == MONTHS[0]
    assert [p.kind for p in r.explain(rows[1])] == ["planned", "unspent", "available"]
    assert [p.amount for p in r.explain(rows[1])] == [D(320), D(80), D(400)]


def test_an_overspend_reduces_the_next_month_when_the_setting_says_so():
    on = r.rollover(months(("500", "650"), ("500", "100")), overspend_reduces_next=True)
    assert on[0].overspent == D(150) and on[0].carried_out == D(-150)
    assert on[1].carried_in == D(-150) and on[1].available == D(350)
    assert [(p.kind, p.amount, p.month) for p in r.explain(on[1])][1] == ("overspent", D(150), MONTHS[0])
    off = r.rollover(months(("500", "650"), ("500", "100")), overspend_reduces_next=False)
    assert off[0].overspent == D(150) and off[0].carried_out == D(0)
    assert off[1].carried_in == D(0) and off[1].available == D(500)


def test_a_month_without_actual_carries_nothing_and_shows_what_is_planned():
    rows = r.rollover(months(("300", "200"), ("300", None), ("300", "250")), overspend_reduces_next=True)
    assert rows[1].available == D(400) and rows[1].difference is None and rows[1].carried_out == D(0)
    assert rows[2].carried_in == D(0) and rows[2].available == D(300) and rows[2].unspent == D(50)


def test_the_chain_of_seed_002s_template():
    """January leaves 80 unspent, February overspends by 30 (taken from March), March spends exactly."""
    rows = r.rollover(months(("320", "240"), ("320", "430"), ("320", "290"), ("320", None)),
                      overspend_reduces_next=True)
    assert [row.available for row in rows] == [D(320), D(400), D(290), D(320)]
    assert [row.carried_out for row in rows] == [D(80), D(-30), D(0), D(0)]


def test_a_month_spending_exactly_what_is_available_carries_zero():
    rows = r.rollover(months(("100", "100"), ("100", "0")), overspend_reduces_next=False)
    assert rows[0].carried_out == D(0) and rows[0].unspent == D(0) and rows[0].overspent == D(0)
    assert rows[1].unspent == D(100) and rows[1].carried_out == D(100)


money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(money, money), min_size=1, max_size=12))
def test_with_every_actual_recorded_and_overspend_carried_nothing_is_lost(cells):
    """Overspend carried: what was spent plus what is still carried equals what was planned."""
    data = [r.Month(MONTHS[i], p, a) for i, (p, a) in enumerate(cells)]
    rows = r.rollover(data, overspend_reduces_next=True)
    assert sum((m.actual or 0 for m in data), D(0)) + rows[-1].carried_out == sum((m.planned for m in data), D(0))
    for prev, row in zip(rows, rows[1:], strict=False):
        assert row.carried_in == prev.carried_out
        assert row.available == row.planned + row.carried_in


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(money, st.one_of(st.none(), money)), min_size=1, max_size=12))
def test_without_overspend_carried_nothing_negative_is_ever_carried(cells):
    data = [r.Month(MONTHS[i], p, a) for i, (p, a) in enumerate(cells)]
    rows = r.rollover(data, overspend_reduces_next=False)
    for row in rows:
        assert row.carried_out >= 0 and row.carried_in >= 0
        assert row.available >= row.planned
        if row.actual is None:
            assert row.carried_out == 0
        else:
            assert row.carried_out == max(row.available - row.actual, D(0))
    if all(m.actual is not None for m in data) and all(row.overspent == 0 for row in rows):
        # no overspend anywhere: spent + carried = planned
        assert sum((m.actual or 0 for m in data), D(0)) + rows[-1].carried_out == sum((m.planned for m in data), D(0))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(money, st.one_of(st.none(), money)), min_size=1, max_size=12), st.booleans())
def test_the_explanation_adds_up_to_the_available_amount(cells, carry):
    for row in r.rollover([r.Month(MONTHS[i], p, a) for i, (p, a) in enumerate(cells)],
                          overspend_reduces_next=carry):
        parts = r.explain(row)
        signed = {"planned": 1, "unspent": 1, "overspent": -1}
        assert sum((p.amount * signed[p.kind] for p in parts if p.kind != "available"), D(0)) == parts[-1].amount
        assert parts[-1].amount == row.available


def test_totals_by_line_category_and_month():
    m1, m2, m3 = MONTHS[:3]
    cells = [t.Cell(1, "advertising", m1, D("100"), D("90")), t.Cell(1, "advertising", m2, D("100"), None),
             t.Cell(2, "services", m1, D("50"), D("70")), t.Cell(2, "services", m3, D("0"), D("5")),
             t.Cell(2, "services", MONTHS[5], D("999"), None)]  # outside the months: left out
    out = t.totals(cells, [m1, m2, m3], ["advertising", "services", "software_tools"])
    assert out.by_month[m1].planned == D(150) and out.by_month[m1].actual == D(160)
    assert out.by_month[m1].variance == D(-10)
    assert out.by_line[1].planned == D(200) and out.by_line[1].actual == D(90)
    assert out.by_category["services"].variance == D(-25)
    assert out.by_category["software_tools"].planned == D(0)
    assert out.by_category_month[("advertising", m2)].actual == D(0)
    assert out.total.planned == D(250) and out.total.actual == D(165)


def test_month_list_crosses_the_year():
    assert t.month_list(dt.date(2026, 11, 17), 3) == [dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1)]
