"""The marketing plan's errand in Debian's Chromium: the manager fills the brief and a section in Romanian and
submits; the bakery's approver asks for a change on one section; the manager changes it and submits again;
the approver approves; the engagement's timeline shows the "plan approved" gate passed, and why.

Screenshots of each step go to ``$PLAN_SCREENSHOTS`` when it is set (look at them: ``make`` does not).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PLAN_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _research_started(engagement, specialist) -> None:
    """Hours on research: the work before the plan is under way, so its gate may pass."""
    from cadence.core.models import Membership
    from cadence.engagements import services

    services.log_time(actor=specialist, membership=Membership.objects.get(user=specialist), engagement=engagement,
                      phase=engagement.phases.get(key="research"), date=dt.date(2026, 9, 8), hours=Decimal(3),
                      note="Audit")


def _sign_out(page) -> None:
    page.context.clear_cookies()


def test_brief_submit_request_changes_resubmit_approve_moves_the_timeline(
        page, sign_in, manager, approver, specialist, workspace, engagement) -> None:
    _research_started(engagement, specialist)
    ws = workspace.slug
    overview = reverse("plans:plan-overview", args=[ws, engagement.uuid])

    # The manager, in Romanian, starts the plan and fills the brief.
    sign_in(page, manager.email, PASSWORD)
    page.goto(overview)
    page.locator("form.lang button[value=ro]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ro"
    page.locator(f"form[action$='{engagement.uuid}/plan/start/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(reverse("plans:plan-brief", args=[ws, engagement.uuid]))
    page.fill("textarea[name='brief.products']", "Pâine cu maia și **cozonac** de sărbători.")
    page.fill("textarea[name='brief.budget']", "Între 400 și 600 EUR pe lună pentru reclame.")
    shot(page, "01-brief-ro")
    page.locator("form.plan-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".msg-success").count() == 1

    # ... and the Situation section, then submits version 1.
    page.goto(reverse("plans:plan-section", args=[ws, engagement.uuid, "situation"]))
    assert "Pâine cu maia" in page.locator(".brief-card").inner_text()  # the brief shows in Situation
    page.fill("textarea[name='situation.business']", "Brutărie de familie din Cluj-Napoca, cu trei magazine.")
    page.fill("textarea[name='situation.audience']", "Familii din cartier și birouri din apropiere.")
    page.locator("#answers-form button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "02-situation-ro")
    page.goto(overview)
    page.locator(f"form[action$='{engagement.uuid}/plan/submit/'] button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "03-submitted-ro")
    assert page.locator(".plan-state-in_review").count() >= 1

    # The bakery's approver asks for a change on Strategy.
    _sign_out(page)
    sign_in(page, approver.email, PASSWORD)
    page.goto(overview)
    shot(page, "04-review")
    changes = page.locator("#changes-form")
    changes.locator("select[name=section]").select_option("strategy")
    changes.locator("textarea[name=comment]").fill("Adăugați cafenelele ca segment separat.")
    changes.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".msg-success").count() == 1

    # The manager sees it on the section, answers it and submits again.
    _sign_out(page)
    sign_in(page, manager.email, PASSWORD)
    page.goto(reverse("plans:plan-section", args=[ws, engagement.uuid, "strategy"]))
    request = page.locator(".change-requests")
    assert "Adăugați cafenelele ca segment separat." in request.inner_text()
    shot(page, "05-change-request-on-strategy")
    page.fill("textarea[name='strategy.segments']", "Familii din cartier; cafenelele din centru (segment separat).")
    page.locator("#answers-form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(overview)
    page.locator(f"form[action$='{engagement.uuid}/plan/submit/'] button[type=submit]").click()
    page.wait_for_load_state()

    # The approver approves version 1.
    _sign_out(page)
    sign_in(page, approver.email, PASSWORD)
    page.goto(overview)
    approve = page.locator("#approve-form")
    approve.locator("input[name=note]").fill("Mulțumim, arată bine.")
    approve.locator("button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "06-approved")
    assert page.locator(".plan-state-approved").count() >= 1

    # The engagement's timeline: the gate passed, and its note says which plan version.
    _sign_out(page)
    sign_in(page, manager.email, PASSWORD)
    page.goto(reverse("engagements:engagement-detail", args=[ws, engagement.uuid]))
    gate = page.locator(".gate-item").filter(has=page.locator(".gate-passed")).first
    gate.wait_for()
    assert re.search(r"\b1\b", gate.inner_text())  # "… version 1 approved …" in the gate's note
    assert "Mulțumim, arată bine." in gate.inner_text()
    shot(page, "07-engagement-gate-passed")
    engagement.refresh_from_db()
    assert engagement.gates.get(key="plan_approved").passed_on is not None
