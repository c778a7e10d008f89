"""The board's writes: cards, moves (gate, reviewer, done, order, WIP warning), time on a card, checklists,
labels, WIP limits, attachments; every write leaves an audit entry in the engagement's history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.board import services
from cadence.board.models import ChecklistItem, Label, Task, TaskTime
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import AuditEntry
from tests.board.core_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def card(owner, owner_m, engagement, title="Brand book", **kw):
    return services.create_task(actor=owner, membership=owner_m, engagement=engagement, title=title, **kw)


def actions(engagement):
    return list(AuditEntry.objects.filter(thread=engagement.uuid, action__startswith="board.")
                .order_by("id").values_list("action", flat=True))


def test_create_a_card_with_labels_and_a_checklist(today, owner, owner_m, engagement, phases, specialist):
    label = services.create_label(actor=owner, membership=owner_m, name="Urgent", colour="#FF0000")
    task = card(owner, owner_m, engagement, description="**Logo** and colours", assignee=specialist,
                role="designer", due=dt.date(2026, 10, 20), estimate="6.5", phase=phases["infrastructure"],
                labels=[label], checklist=["Logo", "Colours"])
    assert task.column == "backlog" and task.estimate == Decimal("6.5") and task.position == 1024
    assert list(task.labels.all()) == [label] and label.colour == "#ff0000"
    assert list(ChecklistItem.objects.filter(task=task).values_list("text", flat=True)) == ["Logo", "Colours"]
    assert card(owner, owner_m, engagement, title="Second").position == 2048
    assert actions(engagement) == ["board.task.created", "board.task.created"]


@pytest.mark.parametrize(("kw", "field"), [
    ({"title": "  "}, "title"), ({"title": "a\x00b"}, "title"), ({"title": "x" * 201}, "title"),
    ({"title": "t", "description": "\u202ehidden"}, "description"), ({"title": "t", "estimate": "lots"}, "estimate"),
    ({"title": "t", "estimate": "1e9"}, "estimate"), ({"title": "t", "estimate": "0.1"}, "estimate"),
    ({"title": "t", "column": "nowhere"}, "column"), ({"title": "t", "role": "wizard"}, "role"),
    ({"title": "t", "due": dt.date(1999, 1, 1)}, "due"), ({"title": "t", "due": "2026-01-01"}, "due"),
    ({"title": "t", "objective_uid": "not-a-uuid"}, "objective_uid"), ({"title": "t", "column": "review"}, "reviewer"),
])
def test_bad_input_is_refused_and_changes_nothing(today, owner, owner_m, engagement, kw, field):
    with pytest.raises(DomainError) as e:
        services.create_task(actor=owner, membership=owner_m, engagement=engagement, **kw)
    assert e.value.field == field and e.value.message
    assert not Task.objects.exists() and not actions(engagement)


def test_foreign_people_phases_and_labels_are_refused(today, owner, owner_m, engagement, outsider, other_workspace,
                                                      approver):
    for kw, field in [({"assignee": outsider}, "assignee"), ({"assignee": approver}, "assignee")]:
        with pytest.raises(DomainError) as e:
            card(owner, owner_m, engagement, **kw)
        assert e.value.field == field
    foreign = Label.objects.create(workspace=other_workspace, name="Theirs")
    with pytest.raises(DomainError) as e:
        card(owner, owner_m, engagement, labels=[foreign])
    assert e.value.code == "not_found"
    assert not Task.objects.exists()


def test_update_with_revision_and_conflict(today, owner, owner_m, engagement, specialist, specialist_m):
    task = card(owner, owner_m, engagement)
    task = services.update_task(actor=specialist, membership=specialist_m, task=task, revision=1, title="Brand book v2",
                                estimate=4)
    assert task.revision == 2 and task.title == "Brand book v2"
    with pytest.raises(DomainError) as e:
        services.update_task(actor=owner, membership=owner_m, task=task, revision=1, title="Stale")
    assert e.value.code == "conflict"
    with pytest.raises(DomainError) as e:
        services.update_task(actor=owner, membership=owner_m, task=task, column="done")
    assert e.value.code == "unknown_field"
    unchanged = services.update_task(actor=owner, membership=owner_m, task=task, revision=2, title="Brand book v2")
    assert unchanged.revision == 2
    entry = AuditEntry.objects.get(action="board.task.updated")
    assert entry.changes["title"] == ["Brand book", "Brand book v2"] and entry.thread == engagement.uuid


def test_a_card_of_a_gated_phase_cannot_start_and_the_refusal_names_the_gate(today, owner, owner_m, engagement,
                                                                             phases, pass_gate):
    task = card(owner, owner_m, engagement, phase=phases["campaigns"])
    with pytest.raises(DomainError) as e:
        services.move_task(actor=owner, membership=owner_m, task=task, column="in_progress")
    assert e.value.code == "gate_closed" and "Marketing plan approved" in e.value.message
    assert Task.objects.get(pk=task.pk).column == "backlog"
    pass_gate("plan_approved")
    with pytest.raises(DomainError) as e:
        services.move_task(actor=owner, membership=owner_m, task=task, column="in_progress")
    assert "Materials ready" in e.value.message
    pass_gate("materials_ready", on=dt.date(2026, 10, 1))
    result = services.move_task(actor=owner, membership=owner_m, task=task, column="in_progress")
    assert result.task.column == "in_progress" and result.wip_warning is None


def test_review_needs_a_reviewer_and_done_records_who_and_when(today, owner, owner_m, engagement, specialist,
                                                               specialist_m, manager):
    task = card(owner, owner_m, engagement)
    with pytest.raises(DomainError) as e:
        services.move_task(actor=specialist, membership=specialist_m, task=task, column="review")
    assert (e.value.code, e.value.field) == ("reviewer_required", "reviewer")
    task = services.move_task(actor=specialist, membership=specialist_m, task=task, column="review",
                              reviewer=manager).task
    assert task.reviewer == manager
    task = services.move_task(actor=specialist, membership=specialist_m, task=task, column="todo").task
    task = services.move_task(actor=specialist, membership=specialist_m, task=task, column="review").task  # kept
    task = services.move_task(actor=manager, membership=owner_m, task=task, column="done").task
    assert task.done_by == manager and task.done_at is not None
    task = services.move_task(actor=owner, membership=owner_m, task=task, column="todo").task
    assert task.done_by is None and task.done_at is None
    assert actions(engagement).count("board.task.moved") == 5


def test_moves_keep_the_order_and_renumber_when_neighbours_touch(today, owner, owner_m, engagement):
    a, b, c = (card(owner, owner_m, engagement, title=t, column="todo") for t in "abc")
    services.move_task(actor=owner, membership=owner_m, task=c, column="todo", before=a, after=b)
    assert list(Task.objects.filter(column="todo").order_by("position").values_list("title", flat=True)) == ["a", "c", "b"]
    Task.objects.filter(pk=a.pk).update(position=10)
    Task.objects.filter(pk=c.pk).update(position=11)
    d = card(owner, owner_m, engagement, title="d")
    services.move_task(actor=owner, membership=owner_m, task=d, column="todo", before=Task.objects.get(pk=a.pk))
    assert list(Task.objects.filter(column="todo").order_by("position").values_list("title", flat=True)) == \
        ["a", "d", "c", "b"]
    services.move_task(actor=owner, membership=owner_m, task=d, column="todo", after=Task.objects.get(pk=a.pk))
    assert list(Task.objects.filter(column="todo").order_by("position").values_list("title", flat=True))[0] == "d"
    with pytest.raises(DomainError) as e:
        services.move_task(actor=owner, membership=owner_m, task=d, column="done", before=Task.objects.get(pk=a.pk))
    assert e.value.code == "conflict"


def test_wip_limit_warns_and_never_refuses(today, owner, owner_m, engagement):
    services.set_wip_limits(actor=owner, membership=owner_m, engagement=engagement, limits={"in_progress": 1})
    first, second = card(owner, owner_m, engagement, title="1"), card(owner, owner_m, engagement, title="2")
    assert services.move_task(actor=owner, membership=owner_m, task=first, column="in_progress").wip_warning is None
    result = services.move_task(actor=owner, membership=owner_m, task=second, column="in_progress")
    assert result.task.column == "in_progress" and "2" in result.wip_warning and "1" in result.wip_warning
    with pytest.raises(InvalidInput):
        services.set_wip_limits(actor=owner, membership=owner_m, engagement=engagement, limits={"in_progress": -1})
    with pytest.raises(InvalidInput):
        services.set_wip_limits(actor=owner, membership=owner_m, engagement=engagement, limits={"nowhere": 2})
    board = services.set_wip_limits(actor=owner, membership=owner_m, engagement=engagement,
                                    limits={"in_progress": None, "review": 2})
    assert board.wip_limits == {"review": 2}
    assert actions(engagement).count("board.wip.updated") == 2


def test_time_on_a_card_goes_through_the_engagements_rules(today, owner, owner_m, engagement, phases, pass_gate,
                                                           specialist, specialist_m):
    task = card(owner, owner_m, engagement)
    with pytest.raises(DomainError) as e:
        services.log_time_on_task(actor=specialist, membership=specialist_m, task=task, hours=1)
    assert e.value.field == "phase"
    task = services.update_task(actor=owner, membership=owner_m, task=task, phase=phases["infrastructure"])
    with pytest.raises(DomainError) as e:
        services.log_time_on_task(actor=specialist, membership=specialist_m, task=task, hours=1)
    assert e.value.code == "gate_closed"
    pass_gate("plan_approved")
    entry, _level = services.log_time_on_task(actor=specialist, membership=specialist_m, task=task, hours="1.5")
    assert entry.date == today and entry.note == "Brand book" and entry.phase == phases["infrastructure"]
    assert TaskTime.objects.get(task=task).entry == entry
    with pytest.raises(DomainError):
        services.log_time_on_task(actor=specialist, membership=specialist_m, task=task, hours=25)
    with pytest.raises(DomainError) as e:
        services.log_time_on_task(actor=specialist, membership=specialist_m, task=task, hours=30 * 1,
                                  date=dt.date(2026, 10, 13))
    assert TaskTime.objects.count() == 1
    assert "board.task.time_logged" in actions(engagement)


def test_checklist_items(today, owner, owner_m, engagement):
    task = card(owner, owner_m, engagement)
    item = services.add_checklist_item(actor=owner, membership=owner_m, task=task, text="Logo")
    item = services.set_checklist_item(actor=owner, membership=owner_m, item=item, done=True, text="Logo (SVG)")
    assert item.done and item.text == "Logo (SVG)"
    with pytest.raises(InvalidInput):
        services.add_checklist_item(actor=owner, membership=owner_m, task=task, text="\x07")
    with pytest.raises(InvalidInput):
        services.set_checklist_item(actor=owner, membership=owner_m, item=item, done="yes")
    services.delete_checklist_item(actor=owner, membership=owner_m, item=item)
    assert not ChecklistItem.objects.exists()
    assert actions(engagement).count("board.task.checklist") == 3


def test_labels_are_unique_per_workspace_and_need_manage(today, owner, owner_m, specialist_m, specialist):
    services.create_label(actor=owner, membership=owner_m, name="Client waiting")
    with pytest.raises(DomainError) as e:
        services.create_label(actor=owner, membership=owner_m, name="client WAITING")
    assert e.value.code == "duplicate"
    with pytest.raises(InvalidInput):
        services.create_label(actor=owner, membership=owner_m, name="Red", colour="red")
    with pytest.raises(DomainError) as e:
        services.create_label(actor=specialist, membership=specialist_m, name="Mine")
    assert e.value.code == "forbidden"
    label = Label.objects.get()
    services.delete_label(actor=owner, membership=owner_m, label=label)
    assert not Label.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="board.label.").count() == 2


def test_delete_a_card(today, owner, owner_m, engagement):
    task = card(owner, owner_m, engagement)
    services.delete_task(actor=owner, membership=owner_m, task=task)
    assert not Task.objects.exists() and actions(engagement)[-1] == "board.task.deleted"


def test_a_file_of_another_engagement_cannot_be_attached(today, owner, owner_m, engagement):
    task = card(owner, owner_m, engagement)

    class Foreign:
        engagement_id = -1
        name = "x.png"

    with pytest.raises(DomainError) as e:
        services.attach_file(actor=owner, membership=owner_m, task=task, file=Foreign())
    assert (e.value.code, e.value.field) == ("not_found", "file")
