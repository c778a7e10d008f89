"""The same workbook opened by LibreOffice (headless, converted to CSV: every formula computed by a real
spreadsheet) shows the app's numbers. Skipped where LibreOffice is not installed."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from cadence.budget import excel, queries

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")]


def number(text: str) -> Decimal:
    cleaned = re.sub(r"[^\d.\-]", "", text.replace("−", "-"))
    return Decimal(cleaned or "0").quantize(Decimal("0.01"))


def test_libreoffice_computes_the_apps_numbers(budget, engagement, m, tmp_path):
    with translation.override("en"):
        built = excel.build(queries.budget_view(m["manager"], engagement))
    path = tmp_path / "budget.xlsx"
    built.workbook.save(path)
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "csv", "--outdir", str(tmp_path), str(path)],
                   check=True, timeout=180, capture_output=True)
    with (tmp_path / "budget.csv").open(encoding="utf-8", errors="replace") as f:
        rows = list(csv.reader(f))
    wrong = {}
    for coord, expected in built.expected.items():
        column, row = coordinate_from_string(coord)
        shown = rows[row - 1][column_index_from_string(column) - 1]
        if number(shown) != expected.quantize(Decimal("0.01")):
            wrong[coord] = (shown, expected)
    assert not wrong
    assert len(built.expected) > 60
