"""Long lists come 50 a page: the dashboard, the clients, an engagement's history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadence.core import services as core_services
from cadence.core.models import AuditEntry
from cadence.engagements import queries, readmodels
from cadence.engagements import services as eng_services
from cadence.engagements.models import Engagement, ProcessTemplate, TimeEntry

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_today():
    with mock.patch.object(queries, "engagement_today", return_value=TODAY):
        yield


def make_engagements(owner, workspace, client_obj, n, first=0):
    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    out = []
    for i in range(first, first + n):
        e = eng_services.create_engagement(
            actor=owner, workspace=workspace, client=client_obj, template=template, name=f"Engagement {i:03d}",
            start_date=dt.date(2025, 1, 6) + dt.timedelta(days=i), monthly_hours=Decimal(40), country="RO",
            time_zone="Europe/Bucharest", currency="EUR", language="ro")
        phase = e.phases.first()
        TimeEntry.objects.bulk_create(
            TimeEntry(workspace=workspace, engagement=e, user=owner, phase=phase, hours=Decimal(1),
                      date=e.start_date + dt.timedelta(days=d)) for d in range(0, (TODAY - e.start_date).days, 5))
        readmodels.rebuild(e)
        out.append(e)
    return out


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_dashboard_shows_50_engagements_a_page_in_a_constant_number_of_queries(
        client, login, owner, workspace, client_obj, other_client):
    make_engagements(owner, workspace, client_obj, 5)
    login(client, owner)
    url = reverse("core:dashboard", kwargs={"workspace": workspace.slug})
    few = count_queries(client, url)
    make_engagements(owner, workspace, client_obj, 50, first=5)
    many_first, many_last = count_queries(client, url), count_queries(client, url + "?page=2")
    assert few == many_last  # flat in the number of engagements shown and in their history
    assert many_first == few - 1  # the last page also lists the clients without engagements
    first = client.get(url)
    shown = [row.engagement for item in first.context["rows"] for row in item["engagements"]]
    assert len(shown) == 50
    assert "Page 1 of 2" in first.content.decode()
    # clients without engagements come on the last page
    assert other_client not in [item["client"] for item in first.context["rows"]]
    second = client.get(url + "?page=2")
    rest = [row.engagement for item in second.context["rows"] for row in item["engagements"]]
    assert len(rest) == 5 and not {e.pk for e in rest} & {e.pk for e in shown}
    assert other_client in [item["client"] for item in second.context["rows"]]
    assert "?page=1" in second.content.decode()


def shown_figures(row) -> list[tuple[str, ...]]:
    """The figures a dashboard row shows (logged / available / percent / level)."""
    from tests.engagements.test_one_set_of_figures import figures

    return figures(row.html)


def figures_of(month) -> list[tuple[str, ...]]:
    from tests.engagements.test_one_set_of_figures import figures

    return figures(f'data-figures="{month.logged}/{month.available}/{month.usage_percent}/{month.level}"')


def test_the_dashboard_figures_are_those_of_the_engagement_page(client, login, owner, workspace, client_obj):
    (engagement,) = make_engagements(owner, workspace, client_obj, 1)
    login(client, owner)
    r = client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug}))
    (row,) = r.context["rows"][0]["engagements"]
    engagement = Engagement.objects.get(pk=engagement.pk)
    queries.prefetch_figures([engagement])
    expected = queries.current_row(queries.month_rows(engagement, today=TODAY))
    assert shown_figures(row) == figures_of(expected) and expected.logged > 0


def test_the_clients_come_50_a_page(client, login, owner, workspace):
    for i in range(55):
        core_services.create_client(actor=owner, workspace=workspace, name=f"Zz client {i:02d}", country="RO",
                                    language="ro")
    login(client, owner)
    url = reverse("core:client-list", kwargs={"workspace": workspace.slug})
    first = client.get(url)
    assert len(first.context["clients"]) == 50 and "Page 1 of 2" in first.content.decode()
    last = client.get(url + "?page=2")
    assert "Zz client 54" in last.content.decode() and "Zz client 54" not in first.content.decode()


def test_the_history_comes_50_a_page(client, login, owner, workspace, engagement):
    AuditEntry.objects.bulk_create(
        AuditEntry(workspace=workspace, thread=engagement.uuid, actor=owner, action="engagement.updated",
                   object_type="engagement", changes={"name": ["a", "b"]}) for _ in range(60))
    login(client, owner)
    url = reverse("engagements:engagement-history", kwargs={"workspace": workspace.slug,
                                                            "engagement": engagement.uuid})
    first = client.get(url)
    assert len(first.context["entries"]) == 50 and "Page 1 of 2" in first.content.decode()
    total = AuditEntry.objects.filter(thread=engagement.uuid).count()
    assert len(client.get(url + "?page=2").context["entries"]) == total - 50


def test_an_older_instance_saved_later_never_puts_an_older_revision_back(owner, engagement, specialist):
    stale = Engagement.objects.get(pk=engagement.pk)
    readmodels.bump_revision(engagement)
    readmodels.bump_revision(engagement)
    newest = Engagement.objects.get(pk=engagement.pk).revision
    stale.name = "Renamed"
    stale.save()
    assert Engagement.objects.get(pk=engagement.pk).revision > newest


def test_the_dashboard_filters_one_client_and_a_hidden_one_is_a_404(client, login, owner, workspace, client_obj,
                                                                     other_client, viewer):
    make_engagements(owner, workspace, client_obj, 2)
    login(client, owner)
    url = reverse("core:dashboard", kwargs={"workspace": workspace.slug})
    mine = client.get(url, {"client": str(other_client.uuid)})
    assert mine.status_code == 200
    assert [item["client"] for item in mine.context["rows"]] == [other_client]
    assert "Engagement 000" not in mine.content.decode()
    assert len(client.get(url, {"client": str(client_obj.uuid)}).context["rows"][0]["engagements"]) == 2
    assert client.get(url, {"client": "not-a-uuid"}).status_code == 404
    login(client, viewer)  # sees only client_obj
    assert client.get(url, {"client": str(other_client.uuid)}).status_code == 404


@pytest.mark.parametrize("later_terms", [None, ("none", 0), ("carry", 5)])
def test_the_dashboard_reads_only_the_months_this_months_figures_depend_on(client, login, owner, workspace,
                                                                            client_obj, later_terms):
    from cadence.engagements.models import ContractTerms

    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    e = eng_services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, template=template, name="Carrying",
        start_date=dt.date(2026, 3, 2), monthly_hours=Decimal(40), rollover_mode="carry", rollover_cap=Decimal(10),
        country="RO", time_zone="Europe/Bucharest", currency="EUR", language="ro")
    if later_terms:  # from month 5 on (set up directly: months that have passed)
        ContractTerms.objects.create(workspace=workspace, engagement=e, from_month=5, monthly_hours=Decimal(30),
                                     rollover_mode=later_terms[0], rollover_cap=Decimal(later_terms[1]))
    phase = e.phases.first()
    TimeEntry.objects.bulk_create(
        TimeEntry(workspace=workspace, engagement=e, user=owner, phase=phase, hours=Decimal(h), date=day)
        for day, h in [(dt.date(2026, 3, 10), 20), (dt.date(2026, 4, 10), 45), (dt.date(2026, 6, 10), 12),
                       (dt.date(2026, 7, 10), 25), (dt.date(2026, 9, 10), 3), (dt.date(2026, 11, 10), 7)])
    readmodels.rebuild(e)
    readmodels.bump_revision(e)
    login(client, owner)
    r = client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug}))
    (row,) = r.context["rows"][0]["engagements"]
    fresh = Engagement.objects.get(pk=e.pk)
    queries.prefetch_figures([fresh])
    expected = queries.current_row(queries.month_rows(fresh, today=TODAY))
    assert shown_figures(row) == figures_of(expected)  # the same figures as the full table, carried hours included
    assert expected.index == 9 and expected.logged == Decimal(7)
    first = queries.independent_from(fresh, 9)
    assert first == (1 if later_terms != ("none", 0) else 9)
    assert (expected.carried_in > 0) == (later_terms != ("none", 0))
