"""One function computes a month's available advertising amount (``domain.rollover`` through
``queries.budget_view``); every place that shows it -- the page, the API (the budget and the rollover), the
Excel file recalculated -- shows the same number."""
# ruff: noqa: F811

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cadence.budget import excel, queries
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.budget.test_excel import as_decimal, recalculate

pytestmark = pytest.mark.django_db


def test_every_place_shows_the_same_available_amount(client, login, api, manager, engagement, budget, m, tmp_path):
    view = queries.budget_view(m["manager"], engagement)
    expected = {row.row.month.strftime("%Y-%m"): row.row.available for row in view.rollover}
    assert list(expected.values()) == [Decimal(800), Decimal(900), Decimal(700), Decimal(800)]

    # the page (English: "900.00")
    login(client, manager)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("budget:budget", args=[engagement.workspace.slug, engagement.uuid])).content.decode()
    on_page = {key: Decimal(value.replace(",", "")) for key, value in re.findall(
        r'id="rollover-(\d{4}-\d{2})">.*?<strong class="available">([^<]+)</strong>', page, re.S)}
    assert on_page == expected

    # the API: the budget and the rollover alone
    base = f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/budget"
    for body in (api(manager).get(base).json()["rollover"], api(manager).get(base + "/rollover").json()):
        assert {r["month"][:7]: Decimal(r["available"]) for r in body} == expected

    # the explanation sentence ends with the same amount
    for row in view.rollover:
        assert queries.money(row.row.available, "EUR") in row.text

    # the Excel file, recalculated
    with translation.override("en"):
        built = excel.build(view)
    path = tmp_path / "budget.xlsx"
    built.workbook.save(path)
    values = recalculate(path)
    available_row = built.rows["rollover:available"]
    in_excel = {month.strftime("%Y-%m"): as_decimal(values[f"{col}{available_row}"])
                for month, col in zip(view.months, "DEFG", strict=True)}
    assert in_excel == expected
