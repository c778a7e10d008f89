"""The roadmap's services and queries: initiatives, dependencies (loops refused and named), the shift, the
import of the approved plan, progress from tasks, audit entries, and the refusals that change nothing."""
# ruff: noqa: F811 (the fixtures imported from roadmap_fixtures are the tests' arguments)

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cadence.board import initiative_queries as queries
from cadence.board import initiative_services as services
from cadence.board.models import Initiative, InitiativeDependency, Task
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from tests.board.roadmap_fixtures import D, approved_plan, chain, m, make  # noqa: F401

pytestmark = pytest.mark.django_db


def _state():
    return (list(Initiative.objects.order_by("id").values_list("title", "start", "deadline", "status", "budget")),
            InitiativeDependency.objects.count(), AuditEntry.objects.filter(action__startswith="board.").count())


def test_create_cleans_and_audits(m, manager, engagement):
    row = make(manager, m["manager"], engagement, "  Shop photos ", D(2026, 10, 1), D(2026, 10, 31),
               budget="1500.5", status="active", owner=manager, description="Product shots")
    assert (row.title, row.budget, row.status, row.owner, row.position) == (
        "Shop photos", Decimal("1500.5"), "active", manager, 1)
    entry = AuditEntry.objects.get(action="board.initiative.created")
    assert entry.thread == engagement.uuid and entry.changes["title"] == "Shop photos"
    assert entry.changes["owner"] == manager.display_name


@pytest.mark.parametrize(("fields", "field", "code"), [
    ({"title": "Bad\x00title"}, "title", "control_characters"),
    ({"title": "Bidi \u202e"}, "title", "control_characters"),
    ({"title": "   "}, "title", "required"),
    ({"title": "x" * 201}, "title", "too_long"),
    ({"deadline": D(2026, 9, 1)}, "deadline", "deadline_before_start"),
    ({"start": D(1999, 1, 1)}, "start", "out_of_range"),
    ({"budget": "-1"}, "budget", "out_of_range"),
    ({"budget": "1e20"}, "budget", "out_of_range"),
    ({"budget": "NaN"}, "budget", "out_of_range"),
    ({"budget": "abc"}, "budget", "invalid_number"),
    ({"budget": "1.001"}, "budget", "invalid_number"),
    ({"status": "finished"}, "status", "invalid_choice"),
    ({"objective_uid": "00000000-0000-0000-0000-000000000000"}, "objective_uid", "invalid_objective"),
    ({"objective_uid": "not-a-uuid"}, "objective_uid", "invalid_objective"),
    ({"revision": 3}, "revision", "unknown_field"),
])
def test_bad_input_is_refused_and_changes_nothing(m, manager, engagement, fields, field, code):
    before = _state()
    values = {"title": "Shop photos", "start": D(2026, 10, 1), "deadline": D(2026, 10, 31), **fields}
    with pytest.raises(DomainError) as exc:
        services.create_initiative(actor=manager, membership=m["manager"], engagement=engagement, **values)
    assert (exc.value.field, exc.value.code) == (field, code)
    assert _state() == before


def test_the_owner_must_be_of_the_team(m, manager, engagement, approver, outsider):
    for person in (approver, outsider):
        with pytest.raises(DomainError) as exc:
            make(manager, m["manager"], engagement, "X", D(2026, 10, 1), D(2026, 10, 2), owner=person)
        assert exc.value.code == "invalid_owner"


def test_only_managers_write(m, specialist, approver, engagement, chain):
    a, _b, _c = chain
    before = _state()
    for who, user in (("specialist", specialist), ("approver", approver)):
        with pytest.raises(PermissionDenied):
            make(user, m[who], engagement, "X", D(2026, 10, 1), D(2026, 10, 2))
        with pytest.raises(PermissionDenied):
            services.update_initiative(actor=user, membership=m[who], initiative=a, title="Y")
        with pytest.raises(PermissionDenied):
            services.delete_initiative(actor=user, membership=m[who], initiative=a)
    assert _state() == before


def test_another_workspace_cannot_write_here(outsider, other_workspace, engagement):
    from cadence.core.models import Membership

    theirs = Membership.objects.get(user=outsider, workspace=other_workspace)
    with pytest.raises(DomainError) as exc:
        make(outsider, theirs, engagement, "X", D(2026, 10, 1), D(2026, 10, 2))
    assert exc.value.code == "not_found"


def test_a_loop_is_refused_and_named_in_order(m, manager, chain):
    a, b, c = chain
    before = _state()
    with pytest.raises(DomainError) as exc:
        services.add_dependency(actor=manager, membership=m["manager"], predecessor=c, successor=a)
    assert exc.value.code == "dependency_cycle"
    assert "Campaigns → Audit → Brand book → Campaigns" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.add_dependency(actor=manager, membership=m["manager"], predecessor=a, successor=a)
    assert exc.value.code == "dependency_cycle" and "Audit → Audit" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.add_dependency(actor=manager, membership=m["manager"], predecessor=a, successor=b)
    assert exc.value.code == "dependency_exists"
    assert _state() == before


def test_a_dependency_across_engagements_is_refused(m, manager, owner, engagement, chain, workspace, client_obj):
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    other = eng.create_engagement(actor=owner, workspace=workspace, client=client_obj,
                                  template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"),
                                  name="Second", start_date=D(2026, 9, 7), monthly_hours=Decimal(10), country="RO",
                                  time_zone="Europe/Bucharest", currency="EUR", language="ro")
    x = make(manager, m["manager"], other, "Elsewhere", D(2026, 9, 7), D(2026, 9, 8))
    with pytest.raises(DomainError) as exc:
        services.add_dependency(actor=manager, membership=m["manager"], predecessor=x, successor=chain[0])
    assert exc.value.code == "other_engagement"


def test_moving_an_initiative_warns_then_the_shift_moves_its_successors(m, manager, engagement, chain):
    a, b, c = chain
    result = services.update_initiative(actor=manager, membership=m["manager"], initiative=a,
                                        deadline=D(2026, 10, 10))
    assert [(s.key, s.new_start, s.new_deadline) for s in result.conflicts] == [
        (b.pk, D(2026, 10, 11), D(2026, 10, 30)), (c.pk, D(2026, 10, 31), D(2026, 12, 10))]
    b.refresh_from_db()
    assert b.start == D(2026, 10, 1)  # nothing moved yet: the page asks first
    moved = services.shift_successors(actor=manager, membership=m["manager"], initiative=a)
    assert [x.title for x in moved] == ["Brand book", "Campaigns"]
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.start, b.deadline, c.start, c.deadline) == (D(2026, 10, 11), D(2026, 10, 30), D(2026, 10, 31),
                                                         D(2026, 12, 10))
    shifted = AuditEntry.objects.filter(action="board.initiative.shifted").order_by("id")
    assert [e.object_repr for e in shifted] == ["Brand book", "Campaigns"]
    assert shifted[0].changes["start"] == ["2026-10-01", "2026-10-11"]
    assert services.update_initiative(actor=manager, membership=m["manager"], initiative=a, title="Audit").conflicts == []


def test_an_update_that_changes_nothing_writes_no_entry(m, manager, chain):
    a, _b, _c = chain
    before = AuditEntry.objects.count()
    services.update_initiative(actor=manager, membership=m["manager"], initiative=a, title="Audit")
    assert AuditEntry.objects.count() == before


def test_remove_and_delete(m, manager, chain):
    a, b, c = chain
    services.remove_dependency(actor=manager, membership=m["manager"], predecessor=a, successor=b)
    with pytest.raises(DomainError) as exc:
        services.remove_dependency(actor=manager, membership=m["manager"], predecessor=a, successor=b)
    assert exc.value.code == "no_dependency"
    services.delete_initiative(actor=manager, membership=m["manager"], initiative=b)
    assert not InitiativeDependency.objects.exists()
    actions = set(AuditEntry.objects.filter(action__startswith="board.").values_list("action", flat=True))
    assert {"board.dependency.added", "board.dependency.removed", "board.initiative.deleted"} <= actions


def test_progress_comes_from_tasks_by_estimate_else_count_and_late_is_flagged(m, manager, engagement, chain, clock):
    a, b, c = chain
    e = engagement
    Task.objects.create(engagement=e, title="t1", initiative=a, estimate=Decimal(6), column="done")
    Task.objects.create(engagement=e, title="t2", initiative=a, estimate=Decimal(2), column="todo")
    Task.objects.create(engagement=e, title="t3", initiative=b, column="done")
    Task.objects.create(engagement=e, title="t4", initiative=b, column="review")
    Task.objects.create(engagement=e, title="t5", initiative=b, column="backlog")
    Task.objects.create(engagement=e, title="t6", initiative=b, column="done")
    clock.set(D(2026, 10, 25))
    view = queries.roadmap(m["manager"], engagement)
    by_title = {r.title: r for r in view.rows}
    assert (by_title["Audit"].percent, by_title["Brand book"].percent, by_title["Campaigns"].percent) == (75, 50, 0)
    assert (by_title["Audit"].late, by_title["Brand book"].late, by_title["Campaigns"].late) == (True, True, False)
    assert view.late_count == 2
    assert [p.title for p in by_title["Campaigns"].predecessors] == ["Brand book"]
    services.update_initiative(actor=manager, membership=m["manager"], initiative=a, status="done")
    assert not queries.roadmap(m["manager"], engagement).rows[0].late


def test_the_roadmap_takes_constant_queries(m, manager, engagement, chain, django_assert_max_num_queries):
    for k in range(30):
        make(manager, m["manager"], engagement, f"More {k}", D(2026, 11, 1), D(2026, 11, 2))
    with django_assert_max_num_queries(8):
        view = queries.roadmap(m["manager"], engagement)
    assert len(view.rows) == 33


def test_clients_get_no_budget(m, manager, engagement):
    make(manager, m["manager"], engagement, "Ads", D(2026, 10, 1), D(2026, 10, 2), budget=Decimal(900))
    assert queries.roadmap(m["manager"], engagement).rows[0].budget == Decimal(900)
    assert queries.roadmap(m["viewer"], engagement).rows[0].budget is None


def test_objectives_come_from_the_plan(m, manager, engagement, approved_plan):
    _plan, objective = approved_plan
    assert queries.objective_titles(engagement) == {str(objective.uuid): "More online orders"}
    row = make(manager, m["manager"], engagement, "X", D(2026, 10, 1), D(2026, 10, 2), objective_uid=objective.uuid)
    assert queries.roadmap(m["manager"], engagement).rows[0].objective_title == "More online orders"
    assert row.objective_uid == objective.uuid


def test_import_from_plan_once(m, manager, engagement, approved_plan, clock):
    _plan, objective = approved_plan
    clock.set(D(2026, 11, 2))
    assert services.import_from_plan(actor=manager, membership=m["manager"], engagement=engagement) == 2
    rows = {r.title: r for r in Initiative.objects.filter(engagement=engagement)}
    photos, loyalty = rows["Shop photos"], rows["Loyalty programme"]
    assert (photos.start, photos.deadline, photos.budget, photos.objective_uid, photos.owner) == (
        D(2026, 10, 1), D(2026, 10, 31), Decimal("1200.50"), objective.uuid, manager)
    assert (loyalty.start, loyalty.deadline, loyalty.owner) == (D(2026, 11, 2), D(2026, 11, 2), None)
    assert photos.plan_initiative_uid is not None
    assert services.import_from_plan(actor=manager, membership=m["manager"], engagement=engagement) == 0
    assert AuditEntry.objects.filter(action="board.initiative.created", changes__from_plan=True).count() == 2


def test_import_without_an_approved_plan_is_refused(m, manager, engagement):
    with pytest.raises(DomainError) as exc:
        services.import_from_plan(actor=manager, membership=m["manager"], engagement=engagement)
    assert exc.value.code == "no_approved_plan"
    assert not Initiative.objects.exists()


def test_the_gantt_draws_the_initiatives_below_the_timeline(m, manager, engagement, chain, clock):
    import xml.etree.ElementTree as ET

    clock.set(D(2026, 10, 5))
    services.update_initiative(actor=manager, membership=m["manager"], initiative=chain[0], deadline=D(2026, 10, 8))
    svg = queries.roadmap_svg(m["manager"], engagement)
    root = ET.fromstring(svg.split("\n", 1)[1])
    rows = [e for e in root.iter() if e.get("data-row")]
    assert [e.get("data-row") for e in rows] == [str(i.uuid) for i in chain]
    assert rows[0].get("data-late") is None and rows[0].get("data-status") == "planned"
    arrows = [e for e in root.iter() if e.get("class") == "dependency"]
    assert len(arrows) == 2 and arrows[0].get("data-broken") == "true" and arrows[1].get("data-broken") is None
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("ro"):  # the engagement's language, whatever the reader's
        assert gettext("Gates") in svg and gettext("Gates") != "Gates"
        assert gettext("Initiatives") in svg
    assert {e.get("data-phase") for e in root.iter() if e.get("data-phase")}  # the timeline's phases too


def test_the_demo_builds_initiatives_in_the_engagements_language_and_links_cards(m, manager, engagement, workspace):
    from cadence.board.initiatives import build_demo, delete_demo
    from cadence.core.demo import DemoWorkspace

    card = Task.objects.create(engagement=engagement, title="Ghidul de brand (brand book)", column="review")
    other = Task.objects.create(engagement=engagement, title="Something else", column="todo")
    demo = DemoWorkspace(workspace=workspace, users={"manager": manager}, clients={},
                         memberships={manager.pk: m["manager"]})
    assert build_demo(demo) == "5 roadmap initiatives (1 cards linked)"
    assert build_demo(demo) == "0 roadmap initiatives (0 cards linked)"  # once per engagement
    card.refresh_from_db()
    other.refresh_from_db()
    assert card.initiative.title == "Identitate vizuală și șabloane" and other.initiative is None
    assert InitiativeDependency.objects.count() == 5
    spans = {i.pk: (i.start, i.deadline) for i in Initiative.objects.all()}
    assert all(spans[d.successor_id][0] > spans[d.predecessor_id][1] for d in InitiativeDependency.objects.all())
    delete_demo(workspace)
    assert not Initiative.objects.exists()
