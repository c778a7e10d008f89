"""The weekly timesheet's pure grid logic: weeks, cells with a decimal comma, the changes a save makes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from cadence.engagements.domain.timesheet import (
    Existing,
    Op,
    OpKind,
    RowKey,
    day_totals,
    iso_week,
    parse_cell,
    parse_week,
    plan_cell,
    plan_week,
    row_totals,
    week_days,
    week_start,
)

TODAY = dt.date(2026, 11, 26)  # a Thursday of ISO week 48


def test_weeks_are_iso_weeks_starting_on_monday():
    assert week_start(TODAY) == dt.date(2026, 11, 23)
    assert parse_week("", TODAY) == parse_week(None, TODAY) == dt.date(2026, 11, 23)
    assert parse_week("2026-W48", TODAY) == dt.date(2026, 11, 23)
    assert parse_week("2026w01", TODAY) == dt.date(2025, 12, 29)
    assert iso_week(dt.date(2025, 12, 29)) == "2026-W01"
    assert iso_week(dt.date(2026, 11, 23)) == "2026-W48"
    days = week_days(dt.date(2026, 11, 23))
    assert len(days) == 7 and days[0].weekday() == 0 and days[-1] == dt.date(2026, 11, 29)


@pytest.mark.parametrize("text", ["2026-W54", "2026-W00", "48", "next week", "0001-W01", "2026-W4x"])
def test_a_bad_week_is_refused(text):
    with pytest.raises(ValueError):
        parse_week(text, TODAY)


@pytest.mark.parametrize(("text", "hours"), [
    ("", D(0)), ("  ", D(0)), (None, D(0)), ("0", D(0)), ("2", D(2)), ("1,5", D("1.5")), ("1.5", D("1.5")),
    (" 0,25 ", D("0.25")), (D("3.5"), D("3.5")), (4, D(4)), ("25", D(25)),
])
def test_cells_take_a_decimal_comma_or_point(text, hours):
    assert parse_cell(text) == hours


@pytest.mark.parametrize("text", ["abc", "1,5,5", "1.5,5", "-1", "Infinity", "NaN", "1e400x"])
def test_a_cell_that_is_not_hours_is_refused(text):
    with pytest.raises(ValueError):
        parse_cell(text)


def test_plan_cell_creates_keeps_and_deletes():
    assert plan_cell([], D(0)) == []
    assert plan_cell([], D(2)) == [Op(OpKind.CREATE, D(2))]
    assert plan_cell([Existing(1, D(2))], D(2)) == []
    assert plan_cell([Existing(1, D(2)), Existing(2, D(1))], D(0)) == [
        Op(OpKind.DELETE, D(0), 1, D(2)), Op(OpKind.DELETE, D(0), 2, D(1))]


def test_plan_cell_raises_the_last_entry_and_lowers_from_the_last():
    two = [Existing(1, D(2)), Existing(2, D(3))]
    assert plan_cell(two, D(6)) == [Op(OpKind.UPDATE, D(4), 2, D(3))]
    assert plan_cell(two, D(4)) == [Op(OpKind.UPDATE, D(2), 2, D(3))]
    assert plan_cell(two, D(1)) == [Op(OpKind.DELETE, D(0), 2, D(3)), Op(OpKind.UPDATE, D(1), 1, D(2))]
    assert plan_cell(two, D(2)) == [Op(OpKind.DELETE, D(0), 2, D(3))]


@pytest.mark.parametrize("value", [D(0), D("0.25"), D(1), D("4.75"), D(5), D(9), D(24)])
def test_after_the_plan_the_cell_adds_up_to_its_value(value):
    existing = [Existing(1, D("1.5")), Existing(2, D(2)), Existing(3, D("1.5"))]
    hours = {e.id: e.hours for e in existing}
    for op in plan_cell(existing, value):
        if op.kind == OpKind.CREATE:
            hours[99] = op.hours
        elif op.kind == OpKind.DELETE:
            del hours[op.entry_id]
        else:
            hours[op.entry_id] = op.hours
    assert sum(hours.values(), D(0)) == value
    assert all(h > 0 for h in hours.values())


def test_plan_week_frees_hours_before_adding_and_leaves_other_cells_alone():
    a, b = RowKey("eng-a", "research"), RowKey("eng-b", "content")
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    existing = {(a, mon): [Existing(1, D(4))], (b, mon): [Existing(2, D(1))]}
    cells = {(a, tue): D(4), (a, mon): D(0)}  # move 4 h from Monday to Tuesday
    plan = plan_week(cells, existing)
    assert [(p.row, p.day, p.op.kind) for p in plan] == [(a, mon, OpKind.DELETE), (a, tue, OpKind.CREATE)]
    assert plan_week({(b, mon): D(1)}, existing) == []


def test_totals_per_day_and_per_row():
    a, b = RowKey("eng-a", "research"), RowKey("eng-b", "content")
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    cells = {(a, mon): D(2), (a, tue): D("1.5"), (b, mon): D(3)}
    assert day_totals(cells) == {mon: D(5), tue: D("1.5")}
    assert row_totals(cells) == {a: D("3.5"), b: D(3)}
