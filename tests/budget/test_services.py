"""The budget's services: permissions, bounds, all-or-nothing saves, foreign objects, audit entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cadence.budget import access, queries, services
from cadence.budget.models import BudgetActual, BudgetLine, BudgetPlan
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import AuditEntry
from tests.budget.fixtures import DEC, NOV, OCT, SEP

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_rollover_of_the_fixture(budget, engagement, m):
    view = queries.budget_view(m["manager"], engagement)
    rows = {r.row.month: r.row for r in view.rollover}
    assert rows[SEP].available == D(800) and rows[SEP].carried_out == D(100)
    assert rows[OCT].available == D(900) and rows[OCT].actual == D(1000) and rows[OCT].carried_out == D(-100)
    assert rows[NOV].available == D(700) and rows[NOV].carried_out == D(0)  # nothing recorded in November
    assert rows[DEC].available == D(800)
    assert view.totals.by_month[OCT].actual == D(1012) and view.totals.total.planned == D(3248)


def test_settings_default_from_the_engagement_and_are_audited(engagement, manager, m):
    s = services.get_settings(engagement)
    assert s.pk is None and s.first_month == dt.date(2026, 9, 1) and s.months == (engagement.contract_months or 12)
    services.update_settings(actor=manager, membership=m["manager"], engagement=engagement, first_month="2026-10",
                             months=3, overspend_reduces_next=False)
    s = services.get_settings(engagement)
    assert (s.first_month, s.months, s.overspend_reduces_next) == (OCT, 3, False)
    assert AuditEntry.objects.filter(action="budget.settings_updated", thread=engagement.uuid).count() == 1


@pytest.mark.parametrize("months", [0, 61, "x"])
def test_settings_refuse_bad_lengths(engagement, manager, m, months):
    with pytest.raises(InvalidInput):
        services.update_settings(actor=manager, membership=m["manager"], engagement=engagement, first_month=SEP,
                                 months=months, overspend_reduces_next=True)


def test_settings_refuse_to_hide_recorded_amounts(budget, engagement, manager, m):
    with pytest.raises(DomainError) as exc:
        services.update_settings(actor=manager, membership=m["manager"], engagement=engagement, first_month=NOV,
                                 months=2, overspend_reduces_next=True)
    assert exc.value.code == "amounts_outside"
    assert services.get_settings(engagement).first_month == SEP


@pytest.mark.parametrize("role", ["specialist", "approver", "viewer"])
def test_only_owners_and_managers_write(budget, engagement, m, role):
    member = m[role]
    with pytest.raises(PermissionDenied):
        services.create_line(actor=member.user, membership=member, engagement=engagement, category="services",
                             name="Photographer")
    with pytest.raises(PermissionDenied):
        services.set_planned(actor=member.user, membership=member, line=budget["meta"], month=SEP, amount="1")
    assert BudgetPlan.objects.get(line=budget["meta"], month=SEP).amount == D(500)


@pytest.mark.parametrize("amount,code", [("-1", "negative"), ("10000000000", "out_of_range"), ("1.005", "invalid_number"),
                                         ("abc", "invalid_number"), ("NaN", "invalid_number"), ("Infinity", "invalid_number"),
                                         (1.5, "invalid_number")])
def test_amounts_are_bounded(budget, manager, m, amount, code):
    with pytest.raises(InvalidInput) as exc:
        services.set_planned(actor=manager, membership=m["manager"], line=budget["meta"], month=SEP, amount=amount)
    assert exc.value.code == code
    assert BudgetPlan.objects.get(line=budget["meta"], month=SEP).amount == D(500)


def test_the_largest_amount_and_a_decimal_comma(budget, manager, m):
    services.set_planned(actor=manager, membership=m["manager"], line=budget["meta"], month=SEP,
                         amount="9999999999.99")
    assert BudgetPlan.objects.get(line=budget["meta"], month=SEP).amount == D("9999999999.99")
    services.set_planned(actor=manager, membership=m["manager"], line=budget["meta"], month=SEP, amount="12,5")
    assert BudgetPlan.objects.get(line=budget["meta"], month=SEP).amount == D("12.50")


def test_a_month_outside_the_budget_is_refused(budget, manager, m):
    with pytest.raises(DomainError) as exc:
        services.set_planned(actor=manager, membership=m["manager"], line=budget["meta"], month="2027-01-01",
                             amount="5")
    assert exc.value.code == "outside_budget"
    with pytest.raises(DomainError):
        services.set_planned(actor=manager, membership=m["manager"], line=budget["meta"], month="2026-13", amount="5")


def test_set_actual_keeps_each_source_and_the_month_is_their_sum(budget, engagement, manager, m):
    meta = budget["meta"]
    assert services.set_actual(actor=manager, membership=m["manager"], line=meta, month=NOV, amount="100",
                               note="facturi")
    assert services.set_actual(actor=manager, line=meta, month=NOV, amount="40.25", source="imported")
    assert not services.set_actual(actor=manager, line=meta, month=NOV, amount="40.25", source="imported")
    view = queries.budget_view(m["manager"], engagement)
    cell = next(lv for lv in view.lines if lv.line.pk == meta.pk).cells[2]
    assert (cell.manual, cell.imported, cell.actual) == (D(100), D("40.25"), D("140.25"))
    assert view.available(DEC) == D(800) + (D(700) - D("140.25"))  # November now has actuals: 559.75 carried
    entries = AuditEntry.objects.filter(action="budget.actual_set", object_id=str(meta.uuid))
    assert {e.changes["source"][1] for e in entries} == {"manual", "imported"}
    with pytest.raises(DomainError):
        services.set_actual(actor=manager, line=meta, month=NOV, amount="1", source="bank")
    assert services.set_actual(actor=manager, membership=m["manager"], line=meta, month=NOV, amount=None)
    assert not BudgetActual.objects.filter(line=meta, month=NOV, source="manual").exists()


def test_save_cells_is_all_or_nothing_and_names_the_bad_cell(budget, engagement, manager, m):
    before = list(BudgetPlan.objects.order_by("pk").values_list("amount", flat=True))
    cells = [services.CellInput(budget["meta"], DEC, planned="900"),
             services.CellInput(budget["google"], DEC, planned="-5")]
    with pytest.raises(services.CellError) as exc:
        services.save_cells(actor=manager, membership=m["manager"], engagement=engagement, cells=cells)
    assert "Google Ads" in exc.value.message and exc.value.field == "planned"
    assert exc.value.payload()["cell"]["line"] == str(budget["google"].uuid)
    assert list(BudgetPlan.objects.order_by("pk").values_list("amount", flat=True)) == before


def test_save_cells_refuses_another_engagements_line_and_duplicates(budget, engagement, manager, m, workspace,
                                                                     client_obj, owner):
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    other = eng.create_engagement(actor=owner, workspace=workspace, client=client_obj,
                                  template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"),
                                  name="Other", start_date=dt.date(2026, 9, 7), monthly_hours=D(10), country="RO",
                                  time_zone="Europe/Bucharest", currency="EUR", language="ro")
    foreign = services.create_line(actor=manager, membership=m["manager"], engagement=other, category="services",
                                   name="Elsewhere")
    with pytest.raises(services.CellError) as exc:
        services.save_cells(actor=manager, membership=m["manager"], engagement=engagement,
                            cells=[services.CellInput(foreign.uuid, SEP, planned="1")])
    assert exc.value.code == "not_found"
    with pytest.raises(services.CellError) as exc:
        services.save_cells(actor=manager, membership=m["manager"], engagement=engagement,
                            cells=[services.CellInput(budget["meta"], SEP, planned="1"),
                                   services.CellInput(budget["meta"], "2026-09-15", planned="2")])
    assert exc.value.code == "duplicate"
    with pytest.raises(Http404):
        access.get_line(engagement, foreign.uuid)
    with pytest.raises(Http404):
        access.get_line(engagement, "not-a-uuid")


def test_lines_create_edit_move_delete(budget, engagement, manager, m):
    mm = m["manager"]
    with pytest.raises(InvalidInput):
        services.create_line(actor=manager, membership=mm, engagement=engagement, category="lottery", name="X")
    with pytest.raises(InvalidInput):
        services.create_line(actor=manager, membership=mm, engagement=engagement, category="services",
                             name="bad\x00name")
    with pytest.raises(InvalidInput):
        services.create_line(actor=manager, membership=mm, engagement=engagement, category="services",
                             name="X", channel="myspace")
    with pytest.raises(DomainError):
        services.create_line(actor=manager, membership=mm, engagement=engagement, category="services", name="X",
                             objective_uid="00000000-0000-0000-0000-000000000000")
    line = services.create_line(actor=manager, membership=mm, engagement=engagement, category="services",
                                name="Fotograf")
    assert line.position == 4
    services.update_line(actor=manager, membership=mm, line=line, name="Fotograf de produs")
    services.move_line(actor=manager, membership=mm, line=line, direction="up")
    order = list(BudgetLine.objects.filter(engagement=engagement).order_by("position").values_list("name", flat=True))
    assert order == ["Reclame Meta", "Google Ads", "Fotograf de produs", "Canva Pro"]
    services.reorder_lines(actor=manager, membership=mm, engagement=engagement,
                           order=[line.uuid, budget["canva"].uuid, budget["google"].uuid, budget["meta"].uuid])
    assert list(BudgetLine.objects.filter(engagement=engagement).order_by("position")
                .values_list("name", flat=True))[0] == "Fotograf de produs"
    with pytest.raises(DomainError):
        services.reorder_lines(actor=manager, membership=mm, engagement=engagement, order=[line.uuid])
    services.delete_line(actor=manager, membership=mm, line=budget["meta"])
    assert not BudgetPlan.objects.filter(line_id=budget["meta"].pk).exists()
    actions = set(AuditEntry.objects.filter(thread=engagement.uuid, action__startswith="budget.")
                  .values_list("action", flat=True))
    assert {"budget.line_created", "budget.line_updated", "budget.line_moved", "budget.line_deleted",
            "budget.planned_set", "budget.actual_set"} <= actions


def test_a_line_can_serve_an_initiative_of_its_engagement_only(budget, engagement, manager, m):
    from cadence.board import initiative_services

    initiative = initiative_services.create_initiative(actor=manager, membership=m["manager"], engagement=engagement,
                                                       title="Lansare", start=SEP, deadline=NOV)
    line = services.update_line(actor=manager, membership=m["manager"], line=budget["meta"], initiative=initiative)
    assert line.initiative == initiative
    with pytest.raises(DomainError):
        services.update_line(actor=manager, membership=m["manager"], line=budget["meta"], initiative=object())


def test_query_count_does_not_grow_with_lines(budget, engagement, manager, m, django_assert_max_num_queries):
    for i in range(20):
        services.create_line(actor=manager, membership=m["manager"], engagement=engagement, category="services",
                             name=f"Line {i}")
    with django_assert_max_num_queries(5):
        queries.budget_view(m["manager"], engagement)
