"""End to end, in Debian's Chromium: sign in, create an engagement and see its timeline, log time past
80 % of the month, switch the interface to Romanian and Russian."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_signs_in_through_the_login_form(page, sign_in, owner, workspace) -> None:
    sign_in(page, owner.email, "wrong-password-123")
    assert "/accounts/login/" in page.url  # refused, still on the form
    sign_in(page, owner.email, PASSWORD)
    page.wait_for_url(re.compile(rf"/w/{workspace.slug}/$"))
    assert page.locator("nav.mainnav").is_visible()


def test_it_creates_an_engagement_and_shows_its_timeline(page, sign_in, manager, workspace, client_obj) -> None:
    sign_in(page, manager.email, PASSWORD)
    page.goto(reverse("engagements:engagement-new", kwargs={"workspace": workspace.slug}))
    form = page.locator("form").filter(has=page.locator("input[name=name]"))
    form.locator("select[name=client]").select_option(str(client_obj.uuid))
    form.locator("input[name=name]").fill("Launch retainer")
    form.locator("input[name=start_date]").fill("2027-01-11")
    form.locator("input[name=monthly_hours]").fill("40")
    form.locator("select[name=country]").select_option("RO")
    form.locator("button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/e/[0-9a-f-]{36}/$"))
    assert page.get_by_role("heading", name=re.compile("Launch retainer")).first.is_visible()
    # the server-rendered Gantt chart
    gantt = page.locator("figure.gantt svg.gantt-chart").first
    gantt.wait_for()
    assert gantt.is_visible()
    assert gantt.locator("rect").count() >= 5
    # and the phase table, with the built-in phases in order
    table = page.locator("table").filter(has_text="Campaign launch").first
    assert table.is_visible()
    text = table.inner_text()
    assert text.index("Research") < text.index("Infrastructure") < text.index("Campaign launch")


def _engagement_in_progress(workspace, client_obj, owner):
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    today = dt.datetime.now(tz=dt.UTC).date()
    return services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, name="Hours check",
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"),
        start_date=today - dt.timedelta(days=40), monthly_hours=Decimal(40), country="RO",
        time_zone="Europe/Bucharest", currency="EUR", language="ro",
    )


def test_it_warns_when_the_month_passes_80_percent(page, sign_in, specialist, workspace, client_obj, owner) -> None:
    engagement = _engagement_in_progress(workspace, client_obj, owner)
    sign_in(page, specialist.email, PASSWORD)
    url = reverse("engagements:time-list", kwargs={"workspace": workspace.slug, "engagement": engagement.uuid})
    page.goto(url)

    def log(hours: str) -> None:
        form = page.locator("form").filter(has=page.locator("input[name=hours]")).first
        form.locator("select[name=phase]").select_option("research")
        form.locator("input[name=hours]").fill(hours)
        form.locator("input[name=note]").fill("Workshop and plan")
        form.locator("button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")

    log("20")  # 50 %: no warning yet
    assert page.locator(".msg-warning").count() == 0
    assert page.get_by_text(re.compile(r"20(\.00)? h logged")).first.is_visible()
    log("13")  # 82.5 %
    warning = page.locator(".msg-warning").first
    warning.wait_for()
    assert "83 %" in warning.inner_text() or "82 %" in warning.inner_text()
    # past 100 % is refused without an override
    log("8")
    refusal = page.get_by_text(re.compile("must record an override", re.I)).first
    refusal.wait_for()
    assert refusal.is_visible()
    assert engagement.time_entries.count() == 2


@pytest.mark.parametrize("code", ["ro", "ru"])
def test_it_switches_the_interface_language(page, sign_in, owner, workspace, code) -> None:
    with translation.override(code):
        expected = {word: translation.gettext(word) for word in ("Dashboard", "Clients", "Templates", "Team")}
    assert all(expected[w] != w for w in expected), f"the {code} catalog does not translate the navigation"
    sign_in(page, owner.email, PASSWORD)
    page.goto(reverse("core:dashboard", kwargs={"workspace": workspace.slug}))
    page.locator(f"form.lang button[value={code}]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == code
    nav = page.locator("nav.mainnav")
    for word in expected.values():
        assert nav.get_by_text(word, exact=True).is_visible(), f"{word!r} is not in the {code} navigation"
