"""The budget in a browser, a manager's errand: add an advertising line, enter September's and October's
amounts through the month grid (a bad cell first: nothing saved), read the rollover and the charts, download
the Excel file. No Content-Security-Policy violation (the charts are inline SVG without styles).
Screenshot: /tmp/cadence-budget.png (``.venv/bin/python -m pytest -q tests/budget/test_browser.py``)."""
# ruff: noqa: F811

from __future__ import annotations

import pytest

from tests.browser.conftest import _fast_hasher, chromium, page, sign_in  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_plans_spends_and_reads_the_rollover(page, sign_in, manager, engagement, tmp_path):
    base = f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/budget/"
    sign_in(page, manager.email, PASSWORD)
    page.goto(base)
    page.click("text=New line")
    page.select_option("select[name=category]", "advertising")
    page.select_option("select[name=channel]", "meta")
    page.fill("input[name=name]", "Meta ads")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_load_state()
    assert "Meta ads" in page.content()

    page.click("text=Enter amounts")  # today's month
    assert "Amounts of" in page.content()
    page.goto(base)
    page.click("#grid thead a:has-text('Sep 2026')")  # a month's heading opens its grid
    assert "Amounts of September 2026" in page.content()
    page.fill("input[name^=planned-]", "500")
    page.fill("input[name^=actual-]", "-20")
    page.click("text=Save the month")
    page.wait_for_load_state()
    assert "An amount cannot be negative." in page.content() and "Nothing was saved." in page.content()
    page.fill("input[name^=actual-]", "420")
    page.click("text=Save the month")
    page.wait_for_load_state()
    page.goto(base + "month/?month=2026-10")
    page.fill("input[name^=planned-]", "500")
    page.fill("input[name^=actual-]", "650")
    page.click("text=Save the month")
    page.wait_for_load_state()

    rollover = page.locator("#rollover-2026-10").inner_text().replace("\xa0", " ")
    assert "500 € planned + 80 € unspent in September 2026 = 580 € available" in rollover
    assert "70.00 over" in rollover
    november = page.locator("#rollover-2026-11").inner_text().replace("\xa0", " ")
    assert "0 € planned − 70 € overspent in October 2026 = -70 € available" in november  # nothing planned yet
    assert page.locator("#charts svg").count() == 2
    page.screenshot(path="/tmp/cadence-budget.png", full_page=True)

    with page.expect_download() as download:
        page.click("text=Download Excel")
    path = tmp_path / "budget.xlsx"
    download.value.save_as(path)
    assert path.read_bytes()[:2] == b"PK"
