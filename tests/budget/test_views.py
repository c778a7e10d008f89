"""The budget's pages: who sees what, the forms, the month grid's all-or-nothing save, the Excel download."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.budget.models import BudgetActual, BudgetLine, BudgetPlan, BudgetSettings
from tests.budget.fixtures import NOV, SEP

pytestmark = pytest.mark.django_db
D = Decimal


def url(name, engagement, *args):
    return reverse(f"budget:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


@pytest.mark.parametrize("role", ["owner", "manager", "specialist", "approver", "viewer"])
def test_every_reader_sees_the_budget_and_only_editors_see_forms(client, login, budget, engagement, role, request):
    login(client, request.getfixturevalue(role))
    r = client.get(url("budget", engagement))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Reclame Meta" in body and "<svg" in body and 'id="rollover"' in body
    editor = role in ("owner", "manager")
    assert (url("line-new", engagement) in body) is editor
    assert ("<form" in body.split('id="charts"')[1]) is editor  # the line buttons
    assert url("export-xlsx", engagement) in body


def test_outsiders_get_404_and_weak_roles_403(client, login, budget, engagement, outsider, specialist, viewer):
    login(client, outsider)
    assert client.get(url("budget", engagement)).status_code == 404
    login(client, specialist)
    assert client.get(url("line-new", engagement)).status_code == 403
    assert client.post(url("line-delete", engagement, budget["meta"].uuid)).status_code == 403
    login(client, viewer)
    assert client.get(url("month-edit", engagement)).status_code == 403
    assert client.get(url("budget", engagement)).status_code == 200
    assert client.post(url("budget", engagement)).status_code == 405


def test_the_engagement_page_has_the_budget_button(client, login, engagement, approver, manager):
    for user in (approver, manager):
        login(client, user)
        r = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid]))
        assert url("budget", engagement) in r.content.decode()


def test_an_empty_budget_invites_to_add_lines(client, login, engagement, manager):
    login(client, manager)
    r = client.get(url("budget", engagement))
    assert r.status_code == 200 and url("line-new", engagement) in r.content.decode()


def test_new_edit_move_and_delete_a_line(client, login, budget, engagement, manager):
    login(client, manager)
    r = client.post(url("line-new", engagement), {"category": "services", "channel": "", "name": "Fotograf",
                                                  "objective_uid": "", "initiative": ""})
    assert r.status_code == 302
    line = BudgetLine.objects.get(name="Fotograf")
    r = client.post(url("line-new", engagement), {"category": "services", "name": "   "})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    r = client.post(url("line-edit", engagement, line.uuid), {"category": "digital_assets", "channel": "",
                                                              "name": "Fotografii", "objective_uid": "",
                                                              "initiative": ""})
    assert r.status_code == 302
    line.refresh_from_db()
    assert (line.category, line.name) == ("digital_assets", "Fotografii")
    client.post(url("line-move", engagement, line.uuid), {"direction": "up"})
    line.refresh_from_db()
    assert line.position == 3
    r = client.post(url("line-delete", engagement, line.uuid))
    assert r.status_code == 302 and not BudgetLine.objects.filter(pk=line.pk).exists()
    assert client.get(url("line-edit", engagement, line.uuid)).status_code == 404


def test_settings_form(client, login, budget, engagement, manager):
    login(client, manager)
    r = client.get(url("settings", engagement))
    assert r.status_code == 200 and 'value="2026-09"' in r.content.decode()
    r = client.post(url("settings", engagement), {"first_month": "2026-09", "months": "6"})
    assert r.status_code == 302
    s = BudgetSettings.objects.get(engagement=engagement)
    assert s.months == 6 and not s.overspend_reduces_next
    r = client.post(url("settings", engagement), {"first_month": "2026-11", "months": "2"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()


def test_the_month_grid_saves_every_cell_or_none(client, login, budget, engagement, manager):
    login(client, manager)
    r = client.get(url("month-edit", engagement) + "?month=2026-11")
    assert r.status_code == 200
    meta, google = budget["meta"], budget["google"]
    data = {"month": "2026-11", f"planned-{meta.uuid}": "550", f"actual-{meta.uuid}": "480,50",
            f"note-{meta.uuid}": "facturi noiembrie", f"planned-{google.uuid}": "300",
            f"actual-{google.uuid}": "-4"}
    r = client.post(url("month-edit", engagement), data)
    body = r.content.decode()
    assert r.status_code == 200 and "Google Ads" in body and "msg msg-error" in body
    assert 'value="480,50"' in body  # what was typed stays
    assert BudgetPlan.objects.get(line=meta, month=NOV).amount == D(500)
    assert not BudgetActual.objects.filter(line=meta, month=NOV).exists()
    data[f"actual-{google.uuid}"] = "310"
    r = client.post(url("month-edit", engagement), data)
    assert r.status_code == 302
    assert BudgetPlan.objects.get(line=meta, month=NOV).amount == D(550)
    actual = BudgetActual.objects.get(line=meta, month=NOV)
    assert actual.amount == D("480.50") and actual.note == "facturi noiembrie" and actual.updated_by == manager


def test_a_bad_month_parameter_falls_back_to_the_first_month(client, login, budget, engagement, manager):
    login(client, manager)
    for bad in ("2031-01", "garbage", "2026-13", "\x00"):
        r = client.get(url("month-edit", engagement), {"month": bad})
        assert r.status_code == 200 and "September 2026" in r.content.decode()


def test_the_excel_download(client, login, budget, engagement, viewer):
    login(client, viewer)
    r = client.get(url("export-xlsx", engagement))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert r.content[:2] == b"PK" and ".xlsx" in r["Content-Disposition"]


def test_the_page_in_romanian_and_russian_writes_decimal_commas(client, login, budget, engagement, manager):
    login(client, manager)
    for language in ("ro", "ru"):
        client.cookies["django_language"] = language
        r = client.get(url("budget", engagement))
        assert r.status_code == 200 and "620,50" in r.content.decode()


def test_a_line_serves_an_objective_of_the_plan_and_an_initiative_of_the_roadmap(client, login, budget, engagement,
                                                                                   manager, m):
    from cadence.board import initiative_services
    from cadence.plans import services as plans

    plan = plans.ensure_plan(actor=manager, engagement=engagement)
    objective = plans.create_record(actor=manager, membership=m["manager"], plan=plan, kind="objective",
                                    data={"title": "Mai multe comenzi", "department": "sales"})
    initiative = initiative_services.create_initiative(actor=manager, membership=m["manager"], engagement=engagement,
                                                       title="Lansare campanii", start=SEP, deadline=NOV)
    login(client, manager)
    edit = url("line-edit", engagement, budget["meta"].uuid)
    body = client.get(edit).content.decode()
    assert "Mai multe comenzi" in body and "Lansare campanii" in body
    r = client.post(edit, {"category": "advertising", "channel": "meta", "name": "Reclame Meta",
                           "objective_uid": str(objective.uuid), "initiative": str(initiative.uuid)})
    assert r.status_code == 302
    line = BudgetLine.objects.get(pk=budget["meta"].pk)
    assert line.objective_uid == objective.uuid and line.initiative == initiative
    r = client.post(edit, {"category": "advertising", "name": "Reclame Meta", "initiative": "not-one-of-them"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()


@pytest.mark.parametrize("month", ["2031-01", "", "garbage"])
def test_a_month_table_posted_for_a_month_outside_the_budget_saves_nothing(client, login, budget, engagement,
                                                                           manager, month):
    login(client, manager)
    meta = budget["meta"]
    r = client.post(url("month-edit", engagement), {"month": month, f"planned-{meta.uuid}": "777"})
    assert r.status_code == 200 and "Choose a month of the budget." in r.content.decode()
    assert not BudgetPlan.objects.filter(amount=D(777)).exists()
