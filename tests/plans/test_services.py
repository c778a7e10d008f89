"""The plan's services: records, answers, the brief, versions and templates, with their refusals."""
# ruff: noqa: F811 (the fixtures imported from plan_fixtures are the tests' arguments)

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import AuditEntry
from cadence.plans import queries, services
from cadence.plans.models import (
    Answer,
    ChangeRequest,
    Competitor,
    PlanTemplate,
    PlanVersion,
    SmmTask,
    SwotItem,
)
from tests.plans.plan_fixtures import m, plan  # noqa: F401

pytestmark = pytest.mark.django_db


def _count_rows(plan):
    return (Competitor.objects.filter(plan=plan).count(), Answer.objects.filter(plan=plan).count(),
            PlanVersion.objects.filter(plan=plan).count(), AuditEntry.objects.count())


def _versions(plan):
    return [(v.number, v.state) for v in plan.versions.order_by("number")]


def test_ensure_plan_creates_the_first_draft_once(plan, owner, engagement):
    assert _versions(plan) == [(1, "draft")]
    again = services.ensure_plan(actor=owner, engagement=engagement)
    assert again.pk == plan.pk and _versions(plan) == [(1, "draft")]
    entry = AuditEntry.objects.get(action="plan.created")
    assert entry.thread == engagement.uuid


# --- records ---------------------------------------------------------------------------------------

def test_create_update_delete_a_record(plan, m, specialist, engagement):
    row = services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor",
                                 data={"name": "  Pâine Bună ", "location": "Chișinău"})
    assert (row.name, row.location, row.revision, row.position) == ("Pâine Bună", "Chișinău", 1, 1)
    updated = services.update_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor",
                                     uid=row.uuid, data={"summary": "Bakery chain"}, expected_revision=1)
    assert (updated.summary, updated.name, updated.revision) == ("Bakery chain", "Pâine Bună", 2)
    services.delete_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor", uid=row.uuid,
                           expected_revision=2)
    assert not Competitor.objects.filter(plan=plan).exists()
    actions = list(AuditEntry.objects.filter(thread=engagement.uuid, action__startswith="plan.record")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["plan.record_created", "plan.record_updated", "plan.record_deleted"]


def test_a_stale_revision_is_a_conflict_with_both_versions(plan, m, specialist, manager):
    row = services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor",
                                 data={"name": "Alpha"})
    services.update_record(actor=manager, membership=m["manager"], plan=plan, kind="competitor", uid=row.uuid,
                           data={"name": "Alpha (saved first)"}, expected_revision=1)
    with pytest.raises(services.EditConflict) as exc:
        services.update_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor",
                               uid=row.uuid, data={"name": "Alpha (saved second)"}, expected_revision=1)
    assert exc.value.code == "edit_conflict"
    assert exc.value.current["name"] == "Alpha (saved first)" and exc.value.current["revision"] == 2
    assert exc.value.submitted == {"name": "Alpha (saved second)"}
    assert exc.value.payload()["current"]["name"] == "Alpha (saved first)"
    row.refresh_from_db()
    assert (row.name, row.revision) == ("Alpha (saved first)", 2)
    with pytest.raises(services.EditConflict):
        services.delete_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor",
                               uid=row.uuid, expected_revision=1)
    assert Competitor.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(("kind", "data", "code", "field"), [
    ("competitor", {"name": "   "}, "required", "name"),
    ("competitor", {"name": "A\x00B"}, "control_characters", "name"),
    ("competitor", {"name": "x" * 201}, "too_long", "name"),
    ("competitor", {"name": "A", "colour": "red"}, "unknown_field", "colour"),
    ("team_role", {"role": "astronaut", "person": "Ana"}, "invalid_choice", "role"),
    ("channel", {"name": "Instagram", "budget_share": "101"}, "out_of_range", "budget_share"),
    ("channel", {"name": "Instagram", "budget_share": "-1"}, "out_of_range", "budget_share"),
    ("channel", {"name": "Instagram", "budget_share": "12.345"}, "too_precise", "budget_share"),
    ("channel", {"name": "Instagram", "budget_share": "NaN"}, "invalid_number", "budget_share"),
    ("channel", {"name": "Instagram", "budget_share": "lots"}, "invalid_number", "budget_share"),
    ("initiative", {"title": "Launch", "start": "2027-02-01", "end": "2027-01-01"}, "end_before_start", "end"),
    ("initiative", {"title": "Launch", "start": "1999-12-31"}, "out_of_range", "start"),
    ("initiative", {"title": "Launch", "start": "31.12.2027"}, "invalid_date", "start"),
    ("target_market", {"countries": ["RO", "Moldova"]}, "invalid_code", "countries"),
    ("persona", {"name": "Ana", "negative": "yes"}, "invalid_type", "negative"),
    ("department_task", {"text": "Sell"}, "required", "objective"),
    ("department_task", {"text": "Sell", "objective": "00000000-0000-0000-0000-000000000000"}, "unknown_record",
     "objective"),
    ("tracked_metric", {"name": "x", "action": "not-a-uuid"}, "unknown_record", "action"),
])
def test_bad_input_is_refused_and_changes_nothing(plan, m, specialist, kind, data, code, field):
    before = _count_rows(plan)
    with pytest.raises(InvalidInput) as exc:
        services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind=kind, data=data)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert str(exc.value.message)
    assert _count_rows(plan) == before


def test_a_record_of_another_plan_is_refused_as_parent(plan, m, specialist, other_client, owner, workspace):
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    other = eng.create_engagement(
        actor=owner, workspace=workspace, client=other_client,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Other",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(10), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    other_plan = services.ensure_plan(actor=owner, engagement=other)
    foreign = services.create_record(actor=owner, membership=m["owner"], plan=other_plan, kind="objective",
                                     data={"title": "Theirs", "department": "sales"})
    with pytest.raises(InvalidInput) as exc:
        services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="department_task",
                               data={"objective": str(foreign.uuid), "text": "Ours"})
    assert exc.value.code == "unknown_record"
    from django.http import Http404
    with pytest.raises(Http404):
        services.update_record(actor=specialist, membership=m["specialist"], plan=plan, kind="objective",
                               uid=foreign.uuid, data={"title": "Stolen"}, expected_revision=1)
    foreign.refresh_from_db()
    assert foreign.title == "Theirs"


def test_a_task_serves_a_department_task_of_its_own_objective(plan, m, specialist):
    def objective(title):
        return services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="objective",
                                      data={"title": title, "department": "marketing"})
    o1, o2 = objective("One"), objective("Two")
    d2 = services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="department_task",
                                data={"objective": str(o2.uuid), "text": "Two's task"})
    with pytest.raises(InvalidInput) as exc:
        services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="smm_task",
                               data={"objective": str(o1.uuid), "title": "T", "department_task": str(d2.uuid)})
    assert exc.value.field == "department_task"
    assert not SmmTask.objects.filter(plan=plan).exists()
    with pytest.raises(InvalidInput) as exc:
        services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="smm_task",
                               data={"objective": str(o1.uuid), "title": "T", "metric_key": "instagram.likes_total"})
    assert exc.value.field == "metric_key"


def test_a_singleton_is_created_once(plan, m, specialist):
    services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="company_profile",
                           data={"name": "Brutăria Dulce"})
    with pytest.raises(DomainError) as exc:
        services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="company_profile",
                               data={"name": "Another"})
    assert exc.value.code == "singleton_exists"


def test_deleting_a_competitor_takes_its_swot_along(plan, m, specialist):
    c = services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor",
                               data={"name": "Beta"})
    services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="swot_item",
                           data={"competitor": str(c.uuid), "quadrant": "threats", "text": "Cheap"})
    ours = services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="swot_item",
                                  data={"quadrant": "strengths", "text": "Handmade"})
    services.delete_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor", uid=c.uuid,
                           expected_revision=1)
    assert list(SwotItem.objects.filter(plan=plan)) == [ours]


def test_clients_cannot_edit(plan, m, approver, viewer):
    for who, user in (("approver", approver), ("viewer", viewer)):
        with pytest.raises(DomainError) as exc:
            services.create_record(actor=user, membership=m[who], plan=plan, kind="competitor", data={"name": "X"})
        assert exc.value.code == "forbidden"
    assert not Competitor.objects.filter(plan=plan).exists()


# --- answers and brief -------------------------------------------------------------------------------

def _question_key(section="situation"):
    keys = queries.section_question_keys().get(section)
    return keys[0] if keys else f"{section}.who_you_are"


def _brief_key():
    keys = queries.brief_question_keys()
    return keys[0] if keys else "brief.products"


def test_answers_are_saved_with_optimistic_locking(plan, m, specialist, manager):
    key = _question_key()
    a = services.save_answer(actor=specialist, membership=m["specialist"], plan=plan, key=key,
                             text="**Brutărie** din 1998", expected_revision=None)
    assert (a.section, a.revision) == ("situation", 1)
    services.save_answer(actor=manager, membership=m["manager"], plan=plan, key=key, text="Din 1998.",
                         expected_revision=1)
    with pytest.raises(services.EditConflict) as exc:
        services.save_answer(actor=specialist, membership=m["specialist"], plan=plan, key=key, text="Mine",
                             expected_revision=1)
    assert exc.value.current["text"] == "Din 1998." and exc.value.submitted["text"] == "Mine"
    with pytest.raises(services.EditConflict):  # someone answered first: "no answer yet" is stale too
        services.save_answer(actor=specialist, membership=m["specialist"], plan=plan, key=key, text="Mine",
                             expected_revision=None)
    assert Answer.objects.get(plan=plan, key=key).text == "Din 1998."
    with pytest.raises(InvalidInput):
        services.save_answer(actor=specialist, membership=m["specialist"], plan=plan, key="nowhere.question",
                             text="x", expected_revision=None)
    with pytest.raises(InvalidInput):
        services.save_answer(actor=specialist, membership=m["specialist"], plan=plan, key=_question_key("strategy"),
                             text="bell\x07", expected_revision=None)
    assert Answer.objects.filter(plan=plan).count() == 1


def test_the_brief_is_filled_by_the_approver_in_any_state(plan, m, approver, viewer, manager):
    key = _brief_key()
    services.submit(actor=manager, membership=m["manager"], plan=plan)  # in review: the brief stays open
    services.save_brief(actor=approver, membership=m["approver"], plan=plan, answers={key: "Cozonac"},
                        revisions={key: None})
    assert queries.brief_of(plan) == {key: "Cozonac"}
    with pytest.raises(services.EditConflict):
        services.save_brief(actor=manager, membership=m["manager"], plan=plan, answers={key: "Pâine"},
                            revisions={key: None})
    services.save_brief(actor=manager, membership=m["manager"], plan=plan, answers={key: "Pâine"},
                        revisions={key: 1})
    with pytest.raises(DomainError) as exc:
        services.save_brief(actor=viewer, membership=m["viewer"], plan=plan, answers={key: "No"},
                            revisions={key: 2})
    assert exc.value.code == "forbidden"
    assert queries.brief_of(plan) == {key: "Pâine"}
    assert AuditEntry.objects.filter(action="plan.brief_saved").count() == 2


# --- versions -------------------------------------------------------------------------------------

def _fill(plan, m, user):
    services.create_record(actor=user, membership=m["manager"], plan=plan, kind="company_profile",
                           data={"name": "Brutăria Dulce", "mission": "Pâine caldă", "founded_on": "1998-03-01"})
    objective = services.create_record(actor=user, membership=m["manager"], plan=plan, kind="objective",
                                       data={"title": "Mai multe comenzi", "department": "sales",
                                             "acceptable": "100", "optimal": "120", "best": "150.5"})
    return objective


def test_submit_freezes_the_live_document(plan, m, manager, specialist):
    _fill(plan, m, manager)
    with pytest.raises(DomainError) as exc:
        services.submit(actor=specialist, membership=m["specialist"], plan=plan)
    assert exc.value.code == "forbidden"
    version = services.submit(actor=manager, membership=m["manager"], plan=plan)
    assert version.state == "in_review" and len(version.sha256) == 64
    document = queries.version_snapshot(version)
    assert document["plan"]["state"] == "in_review" and document["plan"]["version"] == 1
    assert document["plan"]["frozen_by"] == manager.display_name
    records = document["sections"]["objectives"]["records"]["objective"]
    assert records[0]["best"] == "150.5" and records[0]["department"] == "sales"
    assert document["sections"]["situation"]["records"]["company_profile"][0]["founded_on"] == "1998-03-01"
    assert set(document["sections"]) == {"situation", "objectives", "strategy", "tactics", "action", "control"}
    # in review: nobody edits
    with pytest.raises(DomainError) as exc:
        services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="competitor",
                               data={"name": "Late"})
    assert exc.value.code == "review_locks_editing"


def test_the_whole_round_opens_the_gate_and_the_timeline_moves(plan, m, manager, specialist, approver, owner,
                                                               engagement):
    from cadence.engagements import queries as eng_queries
    from cadence.engagements import services as eng

    objective = _fill(plan, m, manager)
    eng.set_phase_completed(actor=owner, phase=engagement.phases.get(key="research"),
                            completed_on=dt.date(2026, 9, 8))
    schedule = eng_queries.schedule_for(engagement)
    before = ({p.key: (p.waiting_for, [r.code for r in p.reasons]) for p in schedule.phases},
              {g.key: (g.status, g.date) for g in schedule.gates})
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    request = services.request_changes(actor=approver, membership=m["approver"], plan=plan, number=1,
                                       section="objectives", comment="Ținte mai mari, vă rog.")
    assert request.section == "objectives" and _versions(plan) == [(1, "draft")]
    assert queries.open_change_requests(plan) == {"objectives": [request]}
    services.update_record(actor=specialist, membership=m["specialist"], plan=plan, kind="objective",
                           uid=objective.uuid, data={"best": "200"}, expected_revision=1)
    # sent back, the version is a draft again: its content is the live rows
    reworked = queries.version_snapshot(plan.versions.get(number=1))
    assert reworked["sections"]["objectives"]["records"]["objective"][0]["best"] == "200"
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    assert ChangeRequest.objects.get(pk=request.pk).resolved_at is not None
    assert queries.open_change_requests(plan) == {}
    version = services.approve(actor=approver, membership=m["approver"], plan=plan, number=1, note="De acord")
    assert version.state == "approved" and version.decided_by == approver
    gate = engagement.gates.get(key="plan_approved")
    assert gate.passed_on == eng_queries.engagement_today(engagement)
    assert "1" in gate.note and "De acord" in gate.note
    schedule = eng_queries.schedule_for(engagement)
    after = ({p.key: (p.waiting_for, [r.code for r in p.reasons]) for p in schedule.phases},
             {g.key: (g.status, g.date) for g in schedule.gates})
    assert before[1]["plan_approved"] == ("holding", gate.passed_on)
    assert after[1]["plan_approved"] == ("passed", gate.passed_on)
    # the timeline moves and says why: the phases no longer wait for the gate, which is recorded
    assert before[0]["infrastructure"][0] == "plan_approved" and "gate_open" in before[0]["infrastructure"][1]
    assert after[0]["infrastructure"][0] is None and "gate_recorded" in after[0]["infrastructure"][1]
    assert AuditEntry.objects.filter(action="gate.client_approved", thread=engagement.uuid).exists()
    approved_entry = AuditEntry.objects.get(action="plan.approved")
    assert approved_entry.thread == engagement.uuid and approved_entry.changes["gate"] == "plan_approved"
    # the approval facts come from the version row; the stored text (and its hash) never change
    document = queries.version_snapshot(version)
    assert document["plan"]["approved_by"] == approver.display_name
    assert queries.stored_snapshot(version).sha256 == version.sha256


def test_a_superseding_approval_leaves_the_gate_as_it_was(plan, m, manager, approver, owner, engagement):
    from cadence.engagements import services as eng

    objective = _fill(plan, m, manager)
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    services.approve(actor=approver, membership=m["approver"], plan=plan, number=1)
    gate = engagement.gates.get(key="plan_approved")
    eng.reopen_gate(actor=owner, gate=gate, reason="Client asked to pause the campaigns")
    draft = services.start_draft(actor=manager, membership=m["manager"], plan=plan)
    assert (draft.number, draft.based_on) == (2, 1)
    services.update_record(actor=manager, membership=m["manager"], plan=plan, kind="objective", uid=objective.uuid,
                           data={"title": "Mai multe comenzi online"}, expected_revision=1)
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    services.approve(actor=approver, membership=m["approver"], plan=plan, number=2)
    assert _versions(plan) == [(1, "superseded"), (2, "approved")]
    gate.refresh_from_db()
    assert gate.passed_on is None  # left as it was (reopened by the team)
    assert AuditEntry.objects.get(action="plan.approved", changes__version=2).changes["superseded"] == 1
    diff = queries.diff_versions(plan.versions.get(number=1), plan.versions.get(number=2))
    section = diff.section("objectives")
    assert section is not None
    assert [(r.kind, r.change.value, [f.field for f in r.fields]) for r in section.records] == [
        ("objective", "changed", ["title"])]


def test_refused_transitions_change_nothing(plan, m, manager, approver, viewer, specialist):
    _fill(plan, m, manager)
    before = (_versions(plan), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:  # nothing in review yet
        services.approve(actor=approver, membership=m["approver"], plan=plan, number=1)
    assert exc.value.code == "wrong_state"
    with pytest.raises(DomainError) as exc:
        services.start_draft(actor=specialist, membership=m["specialist"], plan=plan)
    assert exc.value.code == "open_version_exists"
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    before = (_versions(plan), AuditEntry.objects.count())
    for who, user in (("viewer", viewer), ("manager", manager)):
        with pytest.raises(DomainError) as exc:
            services.approve(actor=user, membership=m[who], plan=plan, number=1)
        assert exc.value.code == "forbidden"
    with pytest.raises(InvalidInput):
        services.request_changes(actor=approver, membership=m["approver"], plan=plan, number=1,
                                 section="objectives", comment="   ")
    with pytest.raises(InvalidInput):
        services.request_changes(actor=approver, membership=m["approver"], plan=plan, number=1,
                                 section="marketing", comment="Why?")
    with pytest.raises(DomainError) as exc:
        services.approve(actor=approver, membership=m["approver"], plan=plan, number=7)
    assert exc.value.code == "no_such_version"
    assert (_versions(plan), AuditEntry.objects.count()) == before
    assert not ChangeRequest.objects.exists()


def test_the_client_sees_the_submitted_version_never_the_draft(plan, m, manager, approver):
    _fill(plan, m, manager)
    assert queries.client_version(plan) is None
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    assert queries.client_version(plan).number == 1
    services.approve(actor=approver, membership=m["approver"], plan=plan, number=1)
    services.start_draft(actor=manager, membership=m["manager"], plan=plan)
    services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="competitor",
                           data={"name": "Draft-only competitor"})
    shown = queries.client_version(plan)
    assert shown.number == 1
    assert "Draft-only competitor" not in str(queries.version_snapshot(shown))
    state = queries.plan_state(plan, for_client=True)
    assert [v.number for v in state.versions] == [1] and state.open is None


def test_start_draft_restores_the_approved_content(plan, m, manager, approver):
    objective = _fill(plan, m, manager)
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    services.approve(actor=approver, membership=m["approver"], plan=plan, number=1)
    # the live rows drifted from the approved snapshot (e.g. a row removed behind the services' back)
    SmmTask.objects.filter(plan=plan).delete()
    objective.delete()
    services.start_draft(actor=manager, membership=m["manager"], plan=plan)
    live = queries.live_document(plan)
    approved = queries.version_snapshot(plan.versions.get(number=1))
    assert live["sections"] == approved["sections"]


def test_templates_save_and_start_an_empty_plan(plan, m, manager, specialist, other_client, owner, workspace):
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    _fill(plan, m, manager)
    with pytest.raises(DomainError):
        services.save_as_template(actor=specialist, membership=m["specialist"], plan=plan, name="Bakery")
    template = services.save_as_template(actor=manager, membership=m["manager"], plan=plan, name="Bakery")
    with pytest.raises(DomainError) as exc:
        services.save_as_template(actor=manager, membership=m["manager"], plan=plan, name="Bakery")
    assert exc.value.code == "duplicate"
    assert PlanTemplate.objects.count() == 1
    other = eng.create_engagement(
        actor=owner, workspace=workspace, client=other_client,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Other",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(10), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    new_plan = services.ensure_plan(actor=owner, engagement=other)
    services.start_from_template(actor=manager, membership=m["manager"], plan=new_plan, template=template)
    new_doc, old_doc = queries.live_document(new_plan), queries.live_document(plan)
    new_objective = new_doc["sections"]["objectives"]["records"]["objective"][0]
    old_objective = old_doc["sections"]["objectives"]["records"]["objective"][0]
    assert new_objective["title"] == old_objective["title"] and new_objective["uid"] != old_objective["uid"]
    with pytest.raises(DomainError) as exc:
        services.start_from_template(actor=manager, membership=m["manager"], plan=new_plan, template=template)
    assert exc.value.code == "plan_not_empty"


def test_content_of_builds_the_goal_tree(plan, m, manager):
    objective = _fill(plan, m, manager)
    d = services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="department_task",
                               data={"objective": str(objective.uuid), "text": "Comenzi online"})
    task = services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="smm_task",
                                  data={"objective": str(objective.uuid), "title": "Urmăritori",
                                        "department_task": str(d.uuid), "metric_key": "instagram.followers",
                                        "baseline": "2000", "target": "2400", "due": "2027-04-01"})
    document = queries.live_document(plan)
    content = queries.content_of(document)
    (tree,) = content.objectives
    assert tree.uid == str(objective.uuid) and tree.tasks[0].kpi.target == Decimal(2400)
    assert tree.tasks[0].department_task == str(d.uuid)
    assert content.company_name == "Brutăria Dulce"
    smart = queries.smart_of(document)[str(task.uuid)]
    assert "T" in smart.failed  # the objective has no horizon
    steps = queries.seven_steps_of(document)[str(objective.uuid)]
    assert not steps.complete
    meter = queries.completeness_of(document)
    assert 0 < meter.percent < 100


def test_an_approval_stands_when_the_gate_cannot_pass_yet(m, manager, approver, owner, engagement):
    """No hours on the phase before the gate: the gate service refuses it; the client's approval stands, the
    gate stays open for the team and the history says why."""
    plan = services.ensure_plan(actor=owner, engagement=engagement)  # no hours logged on research
    _fill(plan, m, manager)
    services.submit(actor=manager, membership=m["manager"], plan=plan)
    version = services.approve(actor=approver, membership=m["approver"], plan=plan, number=1)
    assert version.state == "approved"
    assert engagement.gates.get(key="plan_approved").passed_on is None
    entry = AuditEntry.objects.get(action="plan.approved")
    assert entry.changes["gate"] is None and entry.changes["gate_refused"]
    assert not AuditEntry.objects.filter(action="gate.client_approved").exists()


def test_section_dates_come_from_a_sostac_timeline(owner, workspace, client_obj):
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    sostac = eng.create_engagement(
        actor=owner, workspace=workspace, client=client_obj,
        template=ProcessTemplate.objects.get(workspace=workspace, key="sostac"), name="Plan de marketing",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(20), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    dates = queries.section_dates(sostac)
    assert list(dates) == ["situation", "objectives", "strategy", "tactics", "action", "control"]
    assert dates["situation"]["start"] <= dates["situation"]["end"] <= dates["objectives"]["start"]
    plan = services.ensure_plan(actor=owner, engagement=sostac)
    assert queries.live_document(plan)["plan"]["stage_dates"] == dates


def test_section_dates_are_empty_for_another_process(engagement):
    assert queries.section_dates(engagement) == {}


def test_the_live_document_reads_each_kind_once(plan, m, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_document():
        queries.live_document(plan)  # the engagement's schedule is stored for the next reader
        with CaptureQueriesContext(connection) as ctx:
            queries.live_document(plan)
        return len(ctx.captured_queries)

    for i in range(2):
        services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="competitor",
                               data={"name": f"Rival {i}"})
    few = queries_for_document()
    for i in range(2, 12):
        services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="competitor",
                               data={"name": f"Rival {i}"})
    assert queries_for_document() == few  # one query per kind, whatever the number of records


def test_a_record_is_found_by_its_uid_alone_within_its_plan(plan, m, manager, engagement):
    from django.http import Http404

    from cadence.plans import access

    row = services.create_record(actor=manager, membership=m["manager"], plan=plan, kind="persona",
                                 data={"name": "Mama Ana", "negative": False})
    assert access.find_record(plan, row.uuid) == row
    assert access.resolve_record(m["viewer"], {"engagement": engagement.uuid, "record": row.uuid}) == row
    with pytest.raises(Http404):
        access.resolve_record(m["viewer"], {"engagement": engagement.uuid, "kind": "competitor", "record": row.uuid})
    with pytest.raises(Http404):
        access.find_record(plan, "00000000-0000-0000-0000-000000000000")


@pytest.mark.parametrize("text", ["Paul\u202eyrekab", "\u2066Paul\u2069", "Paul\x07"])
def test_bidi_overrides_and_controls_are_refused_in_records(plan, m, specialist, text):
    with pytest.raises(InvalidInput) as refused:
        services.create_record(actor=specialist, membership=m["specialist"], plan=plan, kind="competitor",
                               data={"name": text})
    assert refused.value.code == "control_characters"
    assert not Competitor.objects.filter(plan=plan).exists()
