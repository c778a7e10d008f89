"""A mention that notifies, in Debian's Chromium: a specialist mentions the manager in a card's comment (picking
them from the mention list the server offers), the manager signs in, sees the bell's count and the notification
in the list, and follows it to the comment on the card's page (its thread loads after the page and shows it).

Screenshots go to ``$MENTION_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("MENTION_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _task(engagement, manager):
    from cadence.board import services
    from cadence.core.models import Membership

    mm = Membership.objects.get(user=manager, workspace=engagement.workspace)
    return services.create_task(actor=manager, membership=mm, engagement=engagement, title="Set up the ad budget",
                                column="todo")


def test_a_mention_notifies_the_manager_who_follows_it_to_the_comment(
        page, sign_in, manager, specialist, workspace, engagement) -> None:
    from cadence.comments.models import Comment

    task = _task(engagement, manager)
    task_url = reverse("board:task-detail", args=[workspace.slug, engagement.uuid, task.uuid])

    # The specialist writes on the card, mentioning the manager picked from the list.
    sign_in(page, specialist.email, PASSWORD)
    page.goto(task_url)
    thread = page.locator("section.comments")
    thread.wait_for()
    assert "No comments yet." in thread.inner_text()
    box = thread.locator("textarea[name=body]")
    box.press_sequentially("Can you approve the budget, @Mih", delay=20)
    option = thread.locator(".mention-options button", has_text="Mihai Manager")
    option.wait_for()
    assert thread.locator(".mention-options button", has_text="Sofia Specialist").count() == 0  # not oneself
    option.click()
    assert re.search(r"@\[Mihai Manager\]\([0-9a-f-]{36}\) $", box.input_value())
    box.press_sequentially("before Friday?")
    shot(page, "1-specialist-writes")
    with page.expect_response(lambda r: "/comments/task/" in r.url and r.request.method == "POST"):
        thread.get_by_role("button", name="Comment", exact=True).click()
    mention = page.locator("section.comments .comment .mention", has_text="@Mihai Manager")
    mention.wait_for()
    comment = Comment.objects.get()
    assert page.locator(f"#comment-{comment.uuid}").is_visible()
    shot(page, "2-comment-with-mention")

    # The manager signs in: the bell counts one unread notification, the list names the mention.
    page.context.clear_cookies()
    sign_in(page, manager.email, PASSWORD)
    page.goto(reverse("core:dashboard", args=[workspace.slug]))
    count = page.locator("a.bell .bell-count")
    count.wait_for()
    assert count.inner_text().strip() == "1"
    shot(page, "3-bell")
    page.locator("a.bell").click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    item = page.locator("article.notification.unread").first
    assert "Sofia Specialist" in item.inner_text() and "Set up the ad budget" in item.inner_text()
    shot(page, "4-list")

    # Following it opens the card's page at the comment, once its thread has loaded.
    item.locator("a").first.click()
    page.wait_for_url(re.compile(re.escape(task_url) + f"#comment-{comment.uuid}$"))
    target = page.locator(f"#comment-{comment.uuid}")
    target.wait_for()
    page.wait_for_function(f"document.getElementById('comment-{comment.uuid}').classList.contains('comment-target')")
    assert "before Friday?" in target.inner_text() and target.locator(".mention").inner_text() == "@Mihai Manager"
    shot(page, "5-followed-to-the-comment")
    page.goto(reverse("core:dashboard", args=[workspace.slug]))
    page.locator("a.bell .visually-hidden").wait_for(state="attached")
    assert page.locator("a.bell .bell-count").count() == 0  # read once followed
