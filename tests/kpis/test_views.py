"""The KPIs' pages: who sees what, the forms with bad input, entries, reviews, the import from the plan and the
alerts list; the engagement page's "KPIs" button and the manager field of its edit form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.kpis import services
from cadence.kpis.models import ControlPoint, Kpi, KpiAlert, KpiEntry

pytestmark = pytest.mark.django_db
D = Decimal


def url(name, engagement, *args):
    return reverse(f"kpis:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


@pytest.fixture
def manual(engagement, manager, m):
    return services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="Leads from CRM",
                               metric_key="manual", unit="leads", acceptable=D(40), due=dt.date(2027, 6, 30))


@pytest.mark.parametrize("role", ["owner", "manager", "specialist", "approver", "viewer"])
def test_every_reader_sees_the_kpis_and_only_editors_see_forms(client, login, facts, kpi_ctr, manual, engagement,
                                                               role, request):
    login(client, request.getfixturevalue(role))
    r = client.get(url("list", engagement))
    assert r.status_code == 200
    body = r.content.decode()
    assert "CTR Meta" in body and "Leads from CRM" in body and "<svg" in body
    assert (url("kpi-new", engagement) in body) is (role in ("owner", "manager"))
    page = client.get(url("kpi", engagement, kpi_ctr.uuid)).content.decode()
    assert "<svg" in page and "CTR Meta" in page
    assert (url("kpi-edit", engagement, kpi_ctr.uuid) in page) is (role in ("owner", "manager"))
    manual_page = client.get(url("kpi", engagement, manual.uuid)).content.decode()
    assert (url("entry-add", engagement, manual.uuid) in manual_page) is (role in ("owner", "manager", "specialist"))


def test_outsiders_get_404_weak_roles_403_wrong_method_405(client, login, kpi_ctr, engagement, outsider, specialist,
                                                           viewer, manager):
    login(client, outsider)
    assert client.get(url("list", engagement)).status_code == 404
    assert client.get(url("kpi", engagement, kpi_ctr.uuid)).status_code == 404
    login(client, specialist)
    assert client.get(url("kpi-new", engagement)).status_code == 403
    assert client.post(url("kpi-delete", engagement, kpi_ctr.uuid)).status_code == 403
    assert client.post(url("import-plan", engagement)).status_code == 403
    login(client, viewer)
    assert client.post(url("entry-add", engagement, kpi_ctr.uuid), {"day": "2027-01-01", "value": "1"}).status_code \
        == 403
    assert client.post(url("list", engagement)).status_code == 405
    login(client, manager)
    assert client.get(url("kpi-delete", engagement, kpi_ctr.uuid)).status_code == 405


def test_another_engagements_kpi_is_404(client, login, kpi_ctr, engagement, manager, owner, workspace, client_obj):
    from cadence.engagements import services as eng_services
    from cadence.engagements.models import ProcessTemplate

    other = eng_services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Other",
        start_date=dt.date(2026, 9, 7), monthly_hours=D(20), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    login(client, manager)
    assert client.get(url("kpi", other, kpi_ctr.uuid)).status_code == 404


def test_new_edit_and_delete_a_kpi_with_worded_errors(client, login, engagement, manager):
    login(client, manager)
    r = client.get(url("kpi-new", engagement))
    assert r.status_code == 200 and 'name="metric_key"' in r.content.decode()
    data = {"name": "CPC", "metric_key": "ads.cpc", "aggregation": "sum", "direction": "down", "acceptable": "0,80",
            "optimal": "0.9", "due": "2027-06-30"}
    r = client.post(url("kpi-new", engagement), data)
    assert r.status_code == 200 and "each level must be at most" in r.content.decode()
    r = client.post(url("kpi-new", engagement), {**data, "optimal": "0,7", "acceptable": "9" * 20})
    assert r.status_code == 200 and Kpi.objects.count() == 0
    r = client.post(url("kpi-new", engagement), {**data, "optimal": "0,7", "due": "2027-13-01"})
    assert r.status_code == 200 and Kpi.objects.count() == 0
    r = client.post(url("kpi-new", engagement), {**data, "optimal": "0,7", "direction": ""})
    kpi = Kpi.objects.get()
    assert r.status_code == 302 and kpi.acceptable == D("0.8") and kpi.optimal == D("0.7")
    assert kpi.direction == "down"  # the cost per click's own
    r = client.post(url("kpi-edit", engagement, kpi.uuid), {**data, "optimal": "0,7", "name": "CPC Google"})
    kpi.refresh_from_db()
    assert r.status_code == 302 and kpi.name == "CPC Google"
    assert client.post(url("kpi-delete", engagement, kpi.uuid)).status_code == 302
    assert not Kpi.objects.exists()


def test_entries_reviews_and_decisions(client, login, engagement, manager, specialist, manual):
    login(client, specialist)
    r = client.post(url("entry-add", engagement, manual.uuid), {"day": "2027-03-31", "value": "12,5", "note": "CRM"})
    assert r.status_code == 302 and KpiEntry.objects.get().value == D("12.5")
    r = client.post(url("entry-add", engagement, manual.uuid), {"day": "2027-03-31", "value": "lots"}, follow=True)
    assert "Write the value as a number." in r.content.decode()
    entry = KpiEntry.objects.get()
    assert client.post(url("entry-delete", engagement, manual.uuid, entry.uuid)).status_code == 302
    assert not KpiEntry.objects.exists()
    login(client, manager)
    assert client.post(url("control-point-add", engagement, manual.uuid), {"review_on": "2027-04-15"}).status_code \
        == 302
    point = ControlPoint.objects.get()
    r = client.post(url("decision-record", engagement, manual.uuid, point.uuid),
                    {"decision": "Call the **sales** team", "create_task": "on", "task_title": "Call sales"})
    point.refresh_from_db()
    assert r.status_code == 302 and point.task is not None and point.decision.startswith("Call")
    page = client.get(url("kpi", engagement, manual.uuid)).content.decode()
    assert "<strong>sales</strong>" in page and "Call sales" in page


def test_import_from_the_plan_without_a_plan_says_so(client, login, engagement, manager):
    login(client, manager)
    r = client.post(url("import-plan", engagement), follow=True)
    assert r.status_code == 200 and "no SMM task with a KPI metric" in r.content.decode()


def test_the_alerts_list_and_marking_read(client, login, engagement, manager, m, manual):
    alert = KpiAlert.objects.create(workspace=engagement.workspace, kpi=manual, user=manager, old_status="on_track",
                                    new_status="off_track", status_code="off_track",
                                    status_params={"value": "20", "low": "10", "high": "30", "acceptable": "40",
                                                   "due": "2027-06-30"})
    login(client, manager)
    r = client.get(reverse("kpis:alerts", args=[engagement.workspace.slug]))
    body = r.content.decode()
    assert r.status_code == 200 and "Leads from CRM" in body and "20\u00a0leads" in body
    r = client.post(reverse("kpis:alerts-read", args=[engagement.workspace.slug]), {"alert": str(alert.uuid)})
    alert.refresh_from_db()
    assert r.status_code == 302 and alert.read_at is not None
    r = client.post(reverse("kpis:alerts-read", args=[engagement.workspace.slug]),
                    {"alert": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 404


def test_the_engagement_page_links_the_kpis_and_its_form_sets_the_manager(client, login, engagement, approver,
                                                                          manager, owner, specialist):
    for user in (approver, manager):
        login(client, user)
        r = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid]))
        assert url("list", engagement) in r.content.decode()
    login(client, owner)
    edit = reverse("engagements:engagement-edit", args=[engagement.workspace.slug, engagement.uuid])
    body = client.get(edit).content.decode()
    assert 'name="manager"' in body and str(specialist.uuid) in body
    from cadence.engagements.forms import EngagementFieldsForm

    data = {k: v for k, v in EngagementFieldsForm.initial_for(engagement).items() if v is not None}
    data["manager"] = str(specialist.uuid)
    r = client.post(edit, data)
    engagement.refresh_from_db()
    assert r.status_code == 302 and engagement.manager == specialist
    r = client.post(edit, {**data, "manager": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 200
