"""The content calendar in Debian's Chromium: the month shows the posts as chips and the frequency plan's
empty slots (a slot opens a new post on its day and network, whose caption counter follows the typing); a
client approver finds two posts in their Approvals, approves one and sends the other back with a comment;
the manager then reads the comment on the post's page.

Screenshots go to ``$CALENDAR_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("CALENDAR_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _next_month() -> dt.date:
    today = timezone.localdate()
    return (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _calendar(engagement) -> dict[str, object]:
    """Next month (all of it in the future, so the plan's slots show): posts in several states, and a plan of
    Instagram three times a week and LinkedIn once."""
    from tests.content.cal_fixtures import plan, post

    month = _next_month()
    first_monday = month + dt.timedelta(days=(7 - month.weekday()) % 7)
    day = lambda n: first_monday + dt.timedelta(days=n)  # noqa: E731
    plan(engagement, "instagram", 3, [0, 2, 4])
    plan(engagement, "linkedin", 1, [1])
    rows = {
        "approve": post(engagement, day=day(2), hour=18, status="in_review", title="Pumpkin spice latte is back",
                        caption="Our pumpkin spice latte is back for the cold days. " * 4,
                        hashtags=["autumn", "coffee"]),
        "send_back": post(engagement, day=day(4), hour=9, status="in_review", channel="facebook",
                          title="Weekend brunch menu", caption="The new brunch menu, every weekend from 9 to 14."),
        "draft": post(engagement, day=day(7), status="draft", title="Behind the counter"),
        "scheduled": post(engagement, day=day(1), hour=12, status="scheduled", channel="linkedin", fmt="text",
                          title="We are hiring baristas", caption="Join the team."),
        "published": post(engagement, day=day(0), hour=8, status="published", channel="x", fmt="text",
                          title="Open at 7 tomorrow"),
    }
    return {"month": month, "posts": rows}


def test_month_slots_approval_and_send_back(page, sign_in, manager, approver, workspace, engagement) -> None:
    world = _calendar(engagement)
    month = world["month"]
    posts = world["posts"]
    calendar = reverse("content:calendar", args=[workspace.slug, engagement.uuid]) + f"?month={month:%Y-%m}"

    sign_in(page, manager.email, PASSWORD)
    page.goto(calendar)
    assert page.locator(".post-chip").count() == 5
    assert page.locator(".post-chip", has_text="Pumpkin spice latte").locator(".chip-status").inner_text() \
        == "In review"
    slots = page.locator("a.cal-slot.ch-instagram")
    assert slots.count() >= 8  # 3 a week, minus the one post on Instagram
    assert page.locator("a.cal-slot.ch-linkedin").count() >= 3
    shot(page, "1-month")

    slots.first.click()
    page.wait_for_load_state()
    assert page.locator("select[name=channel]").input_value() == "instagram"
    assert page.locator("input[name=publish_date]").input_value() != ""
    page.fill("textarea[name=caption]", "Hello autumn")
    assert page.locator("[data-counter=caption]").inner_text() == "Caption with hashtags: 12 / 2,200 characters"
    page.fill("input[name=hashtags]", "#coffee latte #Coffee")  # "Hello autumn\n\n#coffee #latte"
    assert page.locator("[data-counter=caption]").inner_text() == "Caption with hashtags: 28 / 2,200 characters"
    assert page.locator("[data-counter=hashtags]").inner_text() == "Hashtags: 2 / 30"
    assert page.locator("[data-preview-text]").inner_text() == "Hello autumn\n\n#coffee #latte"
    page.fill("textarea[name=caption]", "x" * 2190)
    assert "over" in page.locator("[data-counter=caption]").get_attribute("class")
    page.fill("textarea[name=caption]", "Hello autumn")
    page.select_option("select[name=channel]", "x")
    assert page.locator("[data-counter=caption]").inner_text() == "Caption with hashtags: 28 / 280 characters"
    assert page.locator("[data-counter=hashtags]").inner_text() == "Hashtags: 2 / 10"
    assert page.locator("[data-live-preview] [data-preview-network]").inner_text() == "X"
    assert page.locator("select[name=format]").input_value() in ("image", "video", "text")
    shot(page, "2-new-post-form")

    page.goto(reverse("content:calendar-week", args=[workspace.slug, engagement.uuid])
              + f"?day={posts['approve'].publish_at.date():%Y-%m-%d}")
    shot(page, "3-week")
    page.goto(reverse("content:calendar-list", args=[workspace.slug, engagement.uuid]))
    shot(page, "4-list")

    # the client approver: the inbox, approve one, send the other back
    page.context.clear_cookies()
    sign_in(page, approver.email, PASSWORD)
    page.get_by_role("link", name="Approvals").first.click()
    page.wait_for_load_state()
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    shot(page, "5-approvals-inbox")
    page.get_by_role("link", name="Pumpkin spice latte is back").click()
    page.wait_for_load_state()
    assert page.locator(".pv-instagram").count() == 1
    shot(page, "6-preview-instagram")
    page.locator("#decision").get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "You approved the post." in page.locator(".messages").inner_text()
    assert page.locator("h1 + p .chip-status").inner_text() == "Approved"

    page.goto(reverse("content:approvals", args=[workspace.slug]))
    page.get_by_role("link", name="Weekend brunch menu").click()
    page.wait_for_load_state()
    page.locator("#decision").get_by_role("button", name="Send back").click()  # no comment: the browser asks
    assert page.locator("#changes-comment:invalid").count() == 1
    assert page.locator("h1 + p .chip-status").inner_text() == "In review"
    page.fill("#changes-comment", "Please show the pancakes first.")
    page.locator("#decision").get_by_role("button", name="Send back").click()
    page.wait_for_load_state()
    assert "The post goes back to the team" in page.locator(".messages").inner_text()
    assert page.locator("table tbody tr", has_text="Weekend brunch menu").count() == 0  # back in the inbox
    shot(page, "7-sent-back-client")
    # the draft is not there for the client
    page.goto(calendar)
    assert page.locator(".post-chip", has_text="Behind the counter").count() == 0

    # the manager reads the comment
    page.context.clear_cookies()
    sign_in(page, manager.email, PASSWORD)
    page.goto(reverse("content:post-detail", args=[workspace.slug, engagement.uuid, posts["send_back"].uuid]))
    assert "Please show the pancakes first." in page.locator("#reviews").inner_text()
    assert page.locator("h1 + p .chip-status").inner_text() == "Draft"
    shot(page, "8-manager-sees-comment")
