"""The client portal in a browser: a client approver signs in, lands on the portal, approves one post from the
inbox and requests changes on the other (with a comment), and the inbox empties accordingly. Screenshots:
/tmp/cadence-portal-before.png and /tmp/cadence-portal-after.png (regenerate with
``.venv/bin/python -m pytest -q tests/browser/test_portal.py``)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.portal.fixtures import post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_client_approver_decides_from_the_portal_inbox(page, sign_in, workspace, engagement, specialist,
                                                         approver):
    first = post(engagement, specialist, "Pâinea cu maia")
    second = post(engagement, specialist, "Cornulețe", day=21)
    sign_in(page, approver.email, PASSWORD)
    page.goto("/")  # the workspace's first page: the portal, for a client user
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Working with")
    items = page.locator("[data-testid=inbox-item]")
    assert items.count() == 2
    page.screenshot(path="/tmp/cadence-portal-before.png", full_page=True)

    items.filter(has_text="Pâinea cu maia").get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "You approved “Pâinea cu maia”." in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=inbox-item]").count() == 1

    item = page.locator("[data-testid=inbox-item]").filter(has_text="Cornulețe")
    item.locator("textarea[name=comment]").fill("Vă rugăm o fotografie mai luminoasă.")
    item.get_by_role("button", name="Request changes").click()
    page.wait_for_load_state()
    assert "is sent to the team" in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=inbox-item]").count() == 0
    assert page.locator("[data-testid=inbox-empty]").is_visible()
    page.screenshot(path="/tmp/cadence-portal-after.png", full_page=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "draft")
