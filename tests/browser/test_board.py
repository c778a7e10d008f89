"""The task board in Debian's Chromium: a card dragged from To do to In progress is stored there (after a
reload too) and the column's work-in-progress warning appears; a card of a phase whose gate has not passed,
dragged to In progress, is refused with the gate's name and goes back to To do.

Screenshots go to ``$BOARD_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("BOARD_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _board(engagement, manager):
    from cadence.board import services
    from cadence.core.models import Membership

    mm = Membership.objects.get(user=manager, workspace=engagement.workspace)
    research = engagement.phases.get(key="research")
    campaigns = engagement.phases.get(key="campaigns")
    services.create_task(actor=manager, membership=mm, engagement=engagement, title="Competitor audit",
                         column="in_progress", phase=research, estimate=Decimal(3))
    services.create_task(actor=manager, membership=mm, engagement=engagement, title="Write the tone of voice",
                         column="todo", phase=research, estimate=Decimal(4))
    services.create_task(actor=manager, membership=mm, engagement=engagement, title="Launch the ads",
                         column="todo", phase=campaigns, estimate=Decimal(5))
    services.set_wip_limits(actor=manager, membership=mm, engagement=engagement, limits={"in_progress": 1})


def _card(scope, title):
    return scope.locator("li.board-card", has_text=title)


def _drag(page, title, column):
    card = _card(page, title)
    target = page.locator(f"ol.board-cards[data-column={column}]")
    with page.expect_response(lambda r: "/move/" in r.url):
        card.drag_to(target, target_position={"x": 40, "y": 10})
    page.wait_for_timeout(300)  # htmx settles the swapped fragment


def test_drag_to_in_progress_is_stored_warns_over_the_limit_and_a_gate_refuses(
        page, sign_in, manager, workspace, engagement) -> None:
    _board(engagement, manager)
    sign_in(page, manager.email, PASSWORD)
    page.goto(reverse("board:board", args=[workspace.slug, engagement.uuid]))
    in_progress = page.locator("ol.board-cards[data-column=in_progress]")
    todo = page.locator("ol.board-cards[data-column=todo]")
    assert in_progress.locator("li.board-card").count() == 1
    shot(page, "1-board")

    _drag(page, "Write the tone of voice", "in_progress")
    assert _card(in_progress, "Write the tone of voice").count() == 1
    assert page.locator(".board-count-over").first.inner_text().strip() == "2 / 1"
    assert page.get_by_text("Over the work-in-progress limit (1).").count() == 1
    shot(page, "2-dragged-wip-warning")
    page.reload()
    assert _card(page.locator("ol.board-cards[data-column=in_progress]"), "Write the tone of voice").count() == 1

    _drag(page, "Launch the ads", "in_progress")
    alert = page.locator(".board-notice")
    assert "Marketing plan approved" in alert.inner_text()
    assert _card(todo, "Launch the ads").count() == 1
    assert _card(in_progress, "Launch the ads").count() == 0
    shot(page, "3-gate-refused")
