"""The Excel export stays alive: every total, variance and rollover figure is a formula, and recalculating the
workbook (the ``formulas`` library, as Excel or LibreOffice would) gives exactly the numbers the app shows.
Changing a planned number in the workbook moves the rollover of the following months."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cadence.budget import excel, queries
from tests.budget.fixtures import NOV, OCT

pytestmark = pytest.mark.django_db
D = Decimal


def recalculate(path: Path) -> dict[str, Any]:
    """Cell (upper-case, e.g. "D12") -> its value after recalculation, for the workbook's only sheet."""
    import formulas

    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    out: dict[str, Any] = {}
    for key, value in solution.items():
        ref = str(key).rsplit("!", 1)[-1].upper()
        if ":" in ref:
            continue
        cell = value.value[0, 0] if hasattr(value, "value") else value
        out[ref] = cell
    return out


def as_decimal(value: Any) -> Decimal:
    if value is None or (isinstance(value, str) and value == "") or type(value).__name__ == "XlError":
        return D(0)
    return D(str(value)).quantize(D("0.01"))


def save(built: excel.Built, tmp_path: Path, name: str = "budget.xlsx") -> Path:
    path = tmp_path / name
    built.workbook.save(path)
    return path


def test_every_formula_cell_recalculates_to_the_apps_number(budget, engagement, m, tmp_path):
    view = queries.budget_view(m["manager"], engagement)
    built = excel.build(view)
    ws = built.workbook.active
    formula_cells = {c.coordinate for row in ws.iter_rows() for c in row
                     if isinstance(c.value, str) and c.value.startswith("=")}
    assert formula_cells == set(built.expected)  # every formula has the app's number to compare with
    assert len(formula_cells) > 60
    assert any("MAX(" in ws[c].value for c in formula_cells) and any("SUM(" in ws[c].value for c in formula_cells)
    values = recalculate(save(built, tmp_path))
    wrong = {c: (values.get(c), built.expected[c]) for c in formula_cells
             if as_decimal(values.get(c)) != built.expected[c].quantize(D("0.01"))}
    assert not wrong
    available = built.rows["rollover:available"]
    assert ws[f"E{available}"].value == f"=E{built.rows['rollover:planned']}+E{built.rows['rollover:carried_in']}"
    assert built.expected[f"E{available}"] == view.available(OCT) == D(900)
    assert "€" in ws[f"E{available}"].number_format


def test_the_rollover_without_carrying_overspend(budget, engagement, m, manager, tmp_path):
    from cadence.budget import services

    services.update_settings(actor=manager, membership=m["manager"], engagement=engagement, first_month=OCT.replace(month=9),
                             months=4, overspend_reduces_next=False)
    view = queries.budget_view(m["manager"], engagement)
    built = excel.build(view)
    values = recalculate(save(built, tmp_path))
    for coord, expected in built.expected.items():
        assert as_decimal(values.get(coord)) == expected.quantize(D("0.01")), coord
    assert view.available(NOV) == D(800)


def test_a_planned_number_changed_in_the_workbook_moves_the_rollover(budget, engagement, m, tmp_path):
    view = queries.budget_view(m["manager"], engagement)
    built = excel.build(view)
    ws = built.workbook.active
    meta_row = built.rows[f"planned:{budget['meta'].uuid}"]
    ws[f"D{meta_row}"] = 900  # September's Meta ads: 500 -> 900, so September leaves 500 unspent, not 100
    values = recalculate(save(built, tmp_path, "changed.xlsx"))
    available = built.rows["rollover:available"]
    assert as_decimal(values[f"D{available}"]) == D(1200)
    assert as_decimal(values[f"E{available}"]) == D(1300)  # October: 800 planned + 500 unspent
    assert as_decimal(values[f"F{available}"]) == D(1100)  # November: 800 + 300 unspent in October
    assert as_decimal(values[f"G{available}"]) == D(800)  # November has no actual: nothing carried to December
    total = built.rows["total_planned"]
    assert as_decimal(values[f"D{total}"]) == D(1212)


def test_headers_are_in_the_readers_language(budget, engagement, m):
    from django.utils import translation

    with translation.override("en"):
        ws = excel.build(queries.budget_view(m["manager"], engagement)).workbook.active
    assert ws["C4"].value == "Line" and ws["D4"].value == "Sep 2026"
