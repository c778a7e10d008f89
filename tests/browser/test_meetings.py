"""Meetings in a browser: a manager opens a meeting from the engagement's meetings, adds two action items (one
with an owner and a due date), turns both into cards on the board in one step, and sees them on the board; a
second click makes no second card.

Screenshots: /tmp/cadence-meetings-*.png (regenerate with
``.venv/bin/python -m pytest -q -p no:randomly tests/browser/test_meetings.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from cadence.board.models import Task
from cadence.meetings import services
from cadence.meetings.models import ActionItem
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/cadence-meetings-{name}.png", full_page=True)


def test_action_items_become_cards_on_the_board(page, sign_in, engagement, manager, specialist, approver) -> None:
    from cadence.core.models import Membership

    membership = Membership.objects.get(user=manager, workspace=engagement.workspace)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    meeting = services.create_meeting(actor=manager, membership=membership, engagement=engagement,
                                      title="Monthly review", day=yesterday, time="10:00",
                                      participants=[manager.pk, approver.pk], invite=False)
    slug = engagement.workspace.slug
    sign_in(page, manager.email, PASSWORD)

    page.goto(f"/w/{slug}/e/{engagement.uuid}/")
    page.locator(f"main a[href$='/e/{engagement.uuid}/meetings/']").first.click()  # the engagement's button
    page.wait_for_load_state()
    page.get_by_role("link", name="Monthly review").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Monthly review")

    due = (yesterday + dt.timedelta(days=14)).isoformat()
    for text, owner in (("Draft the spring campaign brief", specialist.pk), ("Order new product photos", None)):
        form = page.locator("#actions form.inline-form").last
        form.locator("input[name=text]").fill(text)
        if owner is not None:
            form.locator("select[name=owner]").select_option(str(owner))
            form.locator("input[name=due]").fill(due)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    rows = page.locator("[data-testid=action-items] tbody tr")
    assert rows.count() == 2
    _shot(page, "actions")

    page.locator(f"form[action$='/meetings/{meeting.uuid}/actions/to-tasks/'] button").click()
    page.wait_for_load_state()
    assert "2 cards are on the board." in page.locator(".messages").inner_text()
    links = page.locator("[data-testid=action-items] tbody tr a")
    assert links.count() == 2
    assert page.locator(f"form[action$='/meetings/{meeting.uuid}/actions/to-tasks/']").count() == 0
    _shot(page, "cards-made")
    assert ActionItem.objects.filter(meeting=meeting, task__isnull=False).count() == 2

    page.goto(f"/w/{slug}/e/{engagement.uuid}/board/")
    for title in ("Draft the spring campaign brief", "Order new product photos"):
        card = page.locator(".board-card", has_text=title)
        assert card.count() == 1 and card.first.is_visible()
    _shot(page, "board")
    task = Task.objects.get(title="Draft the spring campaign brief")
    assert task.assignee == specialist and task.due.isoformat() == due
