"""The dashboard page: who sees it (the team; the client's approver and viewer, read-only, in their language),
the period picker (htmx swaps the body; a bad date is a worded 400, never a 500) and the engagement page's link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


def url(engagement, **params):
    base = reverse("dashboard:dashboard", args=[engagement.workspace.slug, engagement.uuid])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize("role", ["owner", "manager", "specialist", "approver", "viewer"])
def test_every_member_who_may_see_the_engagement_sees_its_dashboard(client, login, engagement, sample, role, request):
    login(client, request.getfixturevalue(role))
    response = client.get(url(engagement, period="month"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-body"' in html and 'id="channels"' in html and 'id="posts"' in html
    assert "Cozonac de Paște" in html  # a top post's caption


def test_a_client_sees_it_read_only_in_their_language(client, login, engagement, sample, approver):
    approver.language = "ru"
    approver.save()
    login(client, approver)
    html = client.get(url(engagement), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="ru">' in html
    with translation.override("ru"):
        assert gettext("Hours used this month") in html  # the meter's words, in Russian
    main = html[html.index("<main"):html.index("</main>")]
    assert 'method="post"' not in main.lower()  # nothing to change: no form that writes
    assert "budget/settings" not in html and "/edit/" not in html


def test_an_outsider_gets_404_and_anonymous_the_login_page(client, login, engagement, sample, outsider):
    assert client.get(url(engagement)).status_code == 302
    login(client, outsider)
    assert client.get(url(engagement)).status_code == 404
    other = reverse("dashboard:dashboard", args=["elsewhere", engagement.uuid])
    assert client.get(other).status_code == 404  # their own workspace's slug, our engagement


def test_a_client_of_another_client_gets_404(client, login, engagement, workspace, other_client):
    from cadence.core.models import ClientRole
    from tests.conftest import _client_user

    stranger = _client_user(workspace, other_client, "stranger@client.test", ClientRole.VIEWER, "Stan")
    login(client, stranger)
    assert client.get(url(engagement)).status_code == 404


def test_post_is_not_allowed(client, login, engagement, owner):
    login(client, owner)
    assert client.post(url(engagement)).status_code == 405


@pytest.mark.parametrize("params", [
    {"period": "custom", "from": "2026-13-01", "to": "2026-11-01"},
    {"period": "custom", "from": "2026-11-10", "to": "2026-11-01"},
    {"period": "custom", "from": "", "to": ""},
    {"period": "custom", "from": "1900-01-01", "to": "2026-11-01"},
    {"period": "custom", "from": "2020-01-01", "to": "2026-11-01"},
    {"period": "century"},
    {"period": "custom", "from": "%00%01", "to": "x" * 500},
])
def test_a_bad_period_is_a_worded_error(client, login, engagement, owner, params, today):
    login(client, owner)
    response = client.get(url(engagement, **params))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="msg msg-error" role="alert"' in html
    assert 'id="channels"' not in html


def test_the_picker_periods_and_htmx_swaps_the_body(client, login, engagement, sample, owner, today):
    login(client, owner)
    html = client.get(url(engagement, period="custom", **{"from": "2026-11-01", "to": "2026-11-30"})).content.decode()
    assert 'value="2026-11-01"' in html and 'value="2026-11-30"' in html
    body = client.get(url(engagement, period="last_month"), HTTP_HX_REQUEST="true")
    assert body.status_code == 200
    text = body.content.decode()
    assert text.lstrip().startswith("<div id=\"dashboard-body\"") and "<html" not in text
    assert "Cozonac" not in text  # last month: October's posts only
    error = client.get(url(engagement, period="custom", **{"from": "nope"}), HTTP_HX_REQUEST="true")
    assert error.status_code == 200 and 'role="alert"' in error.content.decode()  # htmx swaps a 2xx only
    for kind in ("month", "quarter"):
        assert client.get(url(engagement, period=kind)).status_code == 200


def test_the_figures_on_the_page_are_the_view_s(client, login, engagement, sample, owner, today):
    login(client, owner)
    html = client.get(url(engagement, period="month")).content.decode()
    assert re.search(r"2[.,\s\u00a0]?600", html)  # all channels' sessions (2,600)
    assert "+25" in html  # organic sessions against October 1-20
    assert "<svg" in html  # the charts, drawn on the server


def test_the_engagement_page_links_to_the_dashboard(client, login, engagement, owner, viewer):
    for user in (owner, viewer):
        login(client, user)
        html = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug,
                                                                          engagement.uuid])).content.decode()
        assert url(engagement) in html


def test_kpi_cards_show_with_their_month_value_and_sparkline(client, login, engagement, sample, viewer, today):
    from cadence.kpis.models import Kpi

    Kpi.objects.create(workspace=engagement.workspace, engagement=engagement, name="Cost per click Meta",
                       metric_key="ads.cpc", platform="meta_ads", direction="down")
    login(client, viewer)
    html = client.get(url(engagement, period="month")).content.decode()
    kpis = html[html.index('id="kpis"'):html.index('id="spend"')]
    assert "Cost per click Meta" in kpis and "badge-no_data" in kpis
    assert re.search(r"0[.,]52\xa0EUR", kpis)  # November: 210 EUR / 400 clicks
    assert re.search(r"0[.,]53\xa0EUR", kpis)  # October: 160 EUR / 300 clicks
    assert "<svg" in kpis  # the sparkline


def test_an_import_warms_the_dashboard_for_its_first_reader(client, login, engagement, sample, owner, today,
                                                           monkeypatch, django_capture_on_commit_callbacks):
    """After an import commits, the dashboard of last month and this month is computed in every language
    (dashboard.tasks.warm_dashboard, queued by metrics' facts_changed): the first reader then draws no chart and
    sums no complete month again."""
    import vl_convert
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadence.core import charts
    from cadence.kpis.models import Kpi
    from cadence.metrics.models import ImportBatch, Status
    from cadence.metrics.services import _announce

    Kpi.objects.create(workspace=engagement.workspace, engagement=engagement, name="Clicks", metric_key="ads.clicks",
                       platform="meta_ads", direction="up")
    drawn = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec, **kw: (drawn.append(1), real(spec, **kw))[1])
    batch = ImportBatch.objects.create(workspace=engagement.workspace, engagement=engagement, created_by=owner,
                                       file_name="new.csv", sha256="1" * 64, status=Status.DONE, platform="meta_ads")
    cache.clear()
    charts._memo.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _announce(batch)  # what a written import sends after its commit (the tests' task backend runs at once)
    assert len(drawn) >= 6  # the sparkline, spend and channels of two periods, in three languages
    drawn.clear()
    login(client, owner)
    for language in ("ro", "ru", "en"):
        client.cookies["django_language"] = language
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url(engagement)).status_code == 200  # last month, the picker's default
        assert drawn == []
    cache.clear()
    charts._memo.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(url(engagement))
    assert drawn and len(warm) < len(cold)  # the same page computed from nothing draws and sums again


def test_the_warming_of_an_engagement_that_is_gone_does_nothing(engagement, workspace, other_workspace):
    from cadence.dashboard.tasks import warm_dashboard

    assert warm_dashboard.call(workspace.pk, engagement.pk) == 9  # three periods in three languages
    assert warm_dashboard.call(other_workspace.pk, engagement.pk) == 0  # not that workspace's
    assert warm_dashboard.call(workspace.pk, 10**9) == 0
    assert warm_dashboard.call(10**9, engagement.pk) == 0
