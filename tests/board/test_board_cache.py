"""The rendered board is kept in the cache by the board's revision (cadence/board/revisions.py): every write of
what the board shows must show on the next read, whichever service, app or process made it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from cadence.board import revisions, services
from cadence.board.initiative_services import create_initiative, update_initiative
from cadence.board.models import EngagementBoard, Task
from cadence.core.models import Membership, Role
from cadence.core.scoping import scopes_disabled
from cadence.engagements import services as engagement_services
from cadence.engagements.models import TimeEntry
from cadence.files import services as file_services
from tests.board.test_views import card, m_of, phase, url
from tests.conftest import make_engagement, make_user
from tests.files.samples import TEXT, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(dt.date(2026, 10, 20))  # the engagement's second month (it starts on 7 September 2026)


@pytest.fixture
def board(client, login, manager, engagement):
    """The manager reads the engagement's board (the first read renders it and keeps it)."""
    login(client, manager)

    def read(**params: str) -> str:
        response = client.get(url("board", engagement), params)
        assert response.status_code == 200
        return response.content.decode()

    return read


def card_html(page: str, task: Task) -> str:
    found = re.search(rf'<li class="board-card[^"]*" data-task="{task.uuid}".*?</li>', page, re.S)
    assert found, f"card {task.uuid} is not on the board"
    return found.group(0)


def column_of(page: str, task: Task) -> str:
    for column, body in re.findall(r'<ol class="board-cards" data-column="(\w+)">(.*?)</ol>', page, re.S):
        if str(task.uuid) in body:
            return column
    raise AssertionError("the card is in no column")


def test_a_second_read_comes_from_the_cache_and_a_card_write_shows(board, manager, engagement, django_assert_max_num_queries):
    task = card(engagement, manager, "Brand book", column="todo", estimate=Decimal(3))
    assert "Brand book" in board()
    with django_assert_max_num_queries(6):  # the request's own (4), the engagement and the board's row
        assert "Brand book" in board()
    mm = m_of(manager, engagement)
    services.update_task(actor=manager, membership=mm, task=task, title="Brand book v2")
    assert "Brand book v2" in board()
    services.move_task(actor=manager, membership=mm, task=task, column="in_progress")
    assert column_of(board(), task) == "in_progress"
    services.delete_task(actor=manager, membership=mm, task=Task.objects.get(pk=task.pk))
    assert "Brand book v2" not in board()


def test_checklists_labels_attachments_and_time_show(board, manager, engagement):
    mm = m_of(manager, engagement)
    task = card(engagement, manager, "Photos", column="todo", phase=phase(engagement, "research"),
                estimate=Decimal(5))
    assert "☑" not in card_html(board(), task)
    item = services.add_checklist_item(actor=manager, membership=mm, task=task, text="Shoot the shop")
    assert "☑ 0/1" in card_html(board(), task)
    services.set_checklist_item(actor=manager, membership=mm, item=item, done=True)
    assert "☑ 1/1" in card_html(board(), task)
    services.delete_checklist_item(actor=manager, membership=mm, item=item)
    assert "☑" not in card_html(board(), task)

    label = services.create_label(actor=manager, membership=mm, name="Urgent")
    services.update_task(actor=manager, membership=mm, task=task, labels=[label])
    assert "Urgent" in card_html(board(), task)
    services.delete_label(actor=manager, membership=mm, label=label)  # the label goes from every board
    assert "Urgent" not in board()

    stored = file_services.upload(actor=manager, membership=mm, engagement=engagement,
                                  uploaded=upload("brief.txt", TEXT, "text/plain"))
    services.attach_file(actor=manager, membership=mm, task=task, file=stored)
    assert "board-attachments" in card_html(board(), task)
    file_services.delete_file(actor=manager, membership=mm, file=stored)  # the attachment goes with the file
    assert "board-attachments" not in card_html(board(), task)

    entry, _level = services.log_time_on_task(actor=manager, membership=mm, task=task, hours="2")
    assert "2 h of 5 h" in card_html(board(), task)
    engagement_services.delete_time_entry(actor=manager, membership=mm, entry=TimeEntry.objects.get(pk=entry.pk))
    assert "2 h of 5 h" not in card_html(board(), task)


def test_engagement_facts_initiatives_and_limits_show(board, manager, engagement):
    mm = m_of(manager, engagement)
    gated = card(engagement, manager, "Launch the ads", column="todo", phase=phase(engagement, "campaigns"))
    waiting = re.search(r'<p class="board-gate small">(.*?)</p>', card_html(board(), gated)).group(1)
    gate = engagement.gates.get(key=phase(engagement, "campaigns").requires_gates[0])
    engagement_services.log_time(actor=manager, membership=mm, engagement=engagement,
                                 phase=phase(engagement, gate.after_phase), date=dt.date(2026, 10, 5),
                                 hours=Decimal(1), note="Research")
    engagement_services.record_gate(actor=manager, gate=gate, passed_on=dt.date(2026, 10, 19),
                                 approved_by="Ion Popescu, director")
    assert waiting not in card_html(board(), gated)  # the next gate, or none

    initiative = create_initiative(actor=manager, membership=mm, engagement=engagement, title="Autumn launch",
                                   start=dt.date(2026, 10, 1), deadline=dt.date(2026, 11, 30))
    services.update_task(actor=manager, membership=mm, task=gated, initiative=initiative)
    page = board()
    update_initiative(actor=manager, membership=mm, initiative=initiative, title="Winter launch")
    assert board() != page  # the card names its initiative

    services.set_wip_limits(actor=manager, membership=mm, engagement=engagement, limits={"todo": 1})
    assert "1 / 1" in board()


def test_people_and_the_team_show(board, manager, specialist, engagement, workspace):
    mm = m_of(manager, engagement)
    task = card(engagement, manager, "Copy", column="todo", assignee=specialist)
    assert specialist.display_name in card_html(board(), task)
    specialist.full_name = "Ana Renamed"
    specialist.save()
    assert "Ana Renamed" in card_html(board(), task)
    manager.save(update_fields=["last_login"])  # signing in: no new revision

    newcomer = make_user("newcomer@example.com", "Ion Newcomer")
    Membership.objects.create(workspace=workspace, user=newcomer, role=Role.SPECIALIST)
    assert "Ion Newcomer" in board()  # in the assignee filter
    services.update_task(actor=manager, membership=mm, task=task, assignee=newcomer)
    assert "Ion Newcomer" in card_html(board(), task)


def test_a_former_members_cards_follow_their_name_and_their_removal(board, manager, specialist, engagement,
                                                                     workspace):
    task = card(engagement, manager, "Copy", column="todo", assignee=specialist)
    assert specialist.display_name in card_html(board(), task)
    Membership.objects.filter(workspace=workspace, user=specialist).delete()  # the card keeps its assignee
    assert specialist.display_name in card_html(board(), task)
    specialist.full_name = "Ana Left"
    specialist.save()
    assert "Ana Left" in card_html(board(), task)
    specialist.delete()  # the card's assignee is set to none (no signal of the card)
    assert "Ana Left" not in card_html(board(), task)


def test_a_workspace_wide_write_is_bumped_again_after_its_commit(workspace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        revisions.bump_workspaces([workspace.pk])
    assert len(callbacks) == 1  # for a board row a first reader creates while the write runs


def test_the_filters_the_day_and_the_language_make_their_own_pages(board, client, manager, engagement, clock):
    early = card(engagement, manager, "Early", column="todo", due=dt.date(2026, 10, 21))
    assert "board-card-overdue" not in card_html(board(), early)
    assert "Early" not in board(due="overdue")
    clock.set(dt.date(2026, 10, 22))
    assert "board-card-overdue" in card_html(board(), early)
    assert "Early" in board(due="overdue")
    client.cookies["django_language"] = "ro"
    assert "Întârziat" in board() or "întârziere" in board().lower()


def test_a_write_from_another_process_shows(board, manager, engagement):
    """The task worker creates recurring cards outside any workspace's scope."""
    mm = m_of(manager, engagement)
    board()
    services.create_recurring(actor=manager, membership=mm, engagement=engagement, title="Weekly report",
                              kind="weekly", weekdays=[0, 1, 2, 3, 4],
                              starts_on=dt.date(2026, 10, 19))
    assert services.create_due_recurring(today=dt.date(2026, 10, 20)) >= 1
    assert "Weekly report" in board()


def test_a_new_engagement_gets_its_board_row_from_its_first_reader_and_a_write_before_is_bumped_after_its_commit(
        workspace, client_obj, owner, django_capture_on_commit_callbacks):
    with scopes_disabled():
        with django_capture_on_commit_callbacks() as callbacks:
            new = make_engagement(workspace, client_obj, owner)
            assert not EngagementBoard.objects.filter(engagement=new).exists()
            revisions.bump_engagement(new.pk)  # a write before any reader: no row to bump yet
            revisions.bump_engagement(new.pk)
        bumps = [c for c in callbacks if getattr(c, "key", None) == ("board-revision", new.pk)]
        assert len(bumps) == 1  # once per engagement and transaction
        row = revisions.ensure_board(new)  # a reader created it meanwhile
        read = row.revision
        assert read == 0
        bumps[0]()
        row.refresh_from_db()
        assert row.revision == read + 1
