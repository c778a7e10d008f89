"""Every screen of the demo's marketing plans opens in Chromium in English, Romanian and Russian, without a
script or Content-Security-Policy error, for the team and for the client's approver.

With ``PLAN_SCREENSHOTS=/some/dir`` each screen is saved as a PNG there (``<who>-<language>-<screen>.png``):
look at them after a change to the plan's pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PLAN_SCREENSHOTS", "")


def _screens(engagement, record_kind: str, record_uid: str, *, team: bool) -> list[tuple[str, str]]:
    ws, e = "demo", engagement.uuid
    out = [("list", reverse("plans:plan-list", args=[ws])), ("overview", reverse("plans:plan-overview", args=[ws, e])),
           ("brief", reverse("plans:plan-brief", args=[ws, e]))]
    out += [(f"section-{s}", reverse("plans:plan-section", args=[ws, e, s]))
            for s in ("situation", "objectives", "strategy", "tactics", "action", "control")]
    out += [("goals", reverse("plans:plan-goals", args=[ws, e])), ("versions", reverse("plans:version-list", args=[ws, e])),
            ("version-1", reverse("plans:version-detail", args=[ws, e, 1]))]
    if team:
        out.append(("record-edit", reverse("plans:record-edit", args=[ws, e, record_kind, record_uid])))
    return out


def test_every_plan_screen_opens_in_three_languages(page, sign_in) -> None:
    from cadence.core.demo import DOMAIN, PASSWORD
    from cadence.plans.models import Plan, SmmTask

    call_command("demo", force=True, verbosity=0)  # tests run with DEBUG off
    written = Plan.objects.filter(versions__state__in=["approved", "in_review"]).distinct()  # not a brief's draft
    plans = {p.engagement.client.name: p for p in written.select_related("engagement__client")}
    furniture = next(p for name, p in plans.items() if "Mobila" in name)
    school = next(p for name, p in plans.items() if "Горизонт" in name)
    task = SmmTask.objects.filter(plan=furniture).first()
    runs = [
        (f"manager@{DOMAIN}", "manager", furniture, True, ("en", "ro", "ru")),
        (f"approver.school@{DOMAIN}", "school-approver", school, False, ("ru", "en")),
    ]
    for email, who, plan, team, languages in runs:
        page.context.clear_cookies()
        sign_in(page, email, PASSWORD)
        for language in languages:
            page.goto(reverse("plans:plan-list", args=["demo"]))
            page.locator(f"form.lang button[value={language}]").click()  # the user's own language switch
            page.wait_for_load_state()
            for name, url in _screens(plan.engagement, "smm_task", str(task.uuid), team=team):
                response = page.goto(url)
                assert response is not None and response.status == 200, f"{who} {language} {url}: {response}"
                assert page.locator("html").get_attribute("lang") == language
                if SHOTS:
                    Path(SHOTS).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(SHOTS) / f"{who}-{language}-{name}.png"), full_page=True)
