"""One set of figures: every place that shows a month's hours shows the output of rollover.month_figures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cadence.core.models import Membership
from cadence.engagements import queries, services
from cadence.engagements.templatetags.cadence_tags import hours_text

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


@pytest.fixture
def busy_month(engagement, manager, specialist):
    """Month 3: 40 h logged, then 4 extra hours approved and 2 more logged: 42 of 44 h."""
    m = Membership.objects.get(user=specialist)
    research = engagement.phases.get(key="research")
    for day in (9, 10, 11, 12, 13):
        services.log_time(actor=specialist, membership=m, engagement=engagement, phase=research,
                          date=dt.date(2026, 11, day), hours=8)
    services.add_override(actor=manager, engagement=engagement, month=3, extra_hours=4,
                          reason="the Christmas menu launch")
    services.log_time(actor=specialist, membership=m, engagement=engagement, phase=research,
                      date=dt.date(2026, 11, 16), hours=2)
    return engagement


EXPECTED = ("42", "44", "95", "warning")  # logged / available / percent / level


def _value(part: str) -> str:
    return part if re.fullmatch(r"[a-z]+", part) else str(int(Decimal(part))) if Decimal(part) % 1 == 0 else part


def figures(body: str, attr: str = "data-figures") -> list[tuple[str, ...]]:
    """The figures a page rendered (data-figures="logged/available/percent/level"), numbers without zeros."""
    return [tuple(_value(p) for p in v.split("/")) for v in re.findall(attr + r'="([^"]+)"', body)]


def test_every_place_shows_the_same_figures(client, login, manager, approver, busy_month):
    e = busy_month
    kw = {"workspace": e.workspace.slug, "engagement": e.uuid}
    login(client, manager)
    dashboard = client.get(reverse("core:dashboard", kwargs={"workspace": e.workspace.slug})).content.decode()
    assert figures(dashboard) == [EXPECTED]
    assert "Over the hours" not in dashboard and "105 %" not in dashboard

    page = client.get(reverse("engagements:engagement-detail", kwargs=kw)).content.decode()
    meter, *rows = figures(page)
    assert meter == EXPECTED
    month3 = next(r for r in rows if len(r) == 7 and r[4] == "42")
    assert month3 == ("40", "0", "4", "44", "42", "95", "warning")  # contracted, carried, extra, available, ...
    assert "Over the hours" not in page and "95 %" in page

    time_page = client.get(reverse("engagements:time-list", kwargs=kw)).content.decode()
    assert figures(time_page)[0] == EXPECTED

    login(client, approver)
    client_page = client.get(reverse("engagements:engagement-detail", kwargs=kw)).content.decode()
    meter, *rows = figures(client_page)
    assert meter == EXPECTED
    assert ("40", "0", "4", "44", "42", "95", "warning") in rows
    assert "Extra 4 h approved for the Christmas menu launch" in client_page

    from tests.api import Api, token_for

    hours = Api(token_for(manager)).get(f"/workspaces/{e.workspace.slug}/engagements/{e.uuid}/hours").json()
    m3 = next(m for m in hours if m["index"] == 3)
    assert (m3["contracted"], m3["extra"], m3["available"], m3["logged"], m3["usage_percent"], m3["level"]) == (
        40, 4, 44, 42, 95, "warning")
    assert m3["extra_reasons"] == ["the Christmas menu launch"] and m3["closed"] is False


def test_the_level_badge_agrees_with_the_percentage(engagement, manager, specialist):
    m = Membership.objects.get(user=specialist)
    for day in (9, 10, 11):
        services.log_time(actor=specialist, membership=m, engagement=engagement,
                          phase=engagement.phases.get(key="research"), date=dt.date(2026, 11, day), hours=Decimal(9))
    row = queries.this_month(engagement)
    assert row is not None and (row.usage_percent, row.level) == (68, "ok")  # never "over 80 % used"


@pytest.mark.parametrize(("language", "value", "text"), [
    ("en", Decimal("20"), "20 h"), ("en", Decimal("2E+1"), "20 h"), ("en", Decimal("20.50"), "20.5 h"),
    ("en", Decimal("0.25"), "0.25 h"), ("ro", Decimal("20.5"), "20,5 h"),
])
def test_the_hours_filter_writes_the_locales_numbers(language, value, text):
    with translation.override(language):
        assert hours_text(value) == text


def test_the_hours_filter_remembers_each_amount_per_language():
    """Amounts are formatted once per language (cadence_tags._localised_hours): the same amount in another
    language is not the first language's text."""
    for language, text in (("en", "20.5 h"), ("ro", "20,5 h"), ("en", "20.5 h"), ("ru", "20,5 ч")):
        with translation.override(language):
            assert hours_text(Decimal("20.5")) == text
