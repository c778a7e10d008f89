"""The board's pages: every page renders for the roles that may see it (in English, Romanian and Russian),
moves (the form, htmx drops, refusals shown, the reviewer asked for), filters, time on a card, the checklist,
bad input refused without a change, and the board's query count constant as it grows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadence.board import revisions, services
from cadence.board.models import ChecklistItem, Label, RecurringTask, Task, TaskTemplate
from cadence.core.models import Membership

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(dt.date(2026, 10, 20))  # the engagement's second month (it starts on 7 September 2026)


def m_of(user, engagement):
    return Membership.objects.get(user=user, workspace=engagement.workspace)


def url(name, engagement, *args):
    return reverse(f"board:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


def ws_url(name, workspace, *args):
    return reverse(f"board:{name}", args=[workspace.slug, *args])


def card(engagement, actor, title="Brand book", **fields):
    return services.create_task(actor=actor, membership=m_of(actor, engagement), engagement=engagement,
                                title=title, **fields)


def phase(engagement, key):
    return engagement.phases.get(key=key)


@pytest.fixture
def cards(engagement, manager, specialist):
    research = phase(engagement, "research")
    return {
        "todo": card(engagement, manager, "Competitor analysis", column="todo", assignee=specialist,
                     phase=research, estimate=Decimal(6), due=dt.date(2026, 10, 22)),
        "todo2": card(engagement, manager, "Audience personas", column="todo", phase=research),
        "gated": card(engagement, manager, "Launch the ads", column="todo",
                      phase=phase(engagement, "campaigns"), estimate=Decimal(4)),
        "backlog": card(engagement, manager, "Old audit", column="backlog", due=dt.date(2026, 10, 1)),
    }


# --- pages render ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ro", "ru"])
@pytest.mark.parametrize("who", ["owner", "manager", "specialist"])
def test_the_team_sees_the_board_my_work_a_role_and_a_card(client, login, request, engagement, cards, who,
                                                           language):
    login(client, request.getfixturevalue(who))
    client.cookies["django_language"] = language
    ws = engagement.workspace
    for target in (url("board", engagement), ws_url("my-work", ws), ws_url("role-board", ws, "copywriter"),
                   url("task-detail", engagement, cards["todo"].uuid), url("task-new", engagement) + "?column=todo"):
        r = client.get(target)
        assert r.status_code == 200, target
        assert f'lang="{language}"' in r.content.decode()
    page = client.get(url("board", engagement)).content.decode()
    assert "Competitor analysis" in page and "Sortable-1.15.7.min.js" in page and "board.js" in page


@pytest.mark.parametrize("language", ["en", "ro", "ru"])
def test_a_manager_sees_the_set_up_pages(client, login, manager, owner, engagement, language):
    login(client, manager)
    client.cookies["django_language"] = language
    ws = engagement.workspace
    rule = services.create_recurring(actor=manager, membership=m_of(manager, engagement), engagement=engagement,
                                     title="Weekly report", kind="weekly", weekdays=[0],
                                     starts_on=dt.date(2026, 10, 19))
    from cadence.engagements import services as eng

    custom = eng.copy_template(actor=owner, template=engagement.template, name="Ours")
    for target in (url("board-settings", engagement), ws_url("label-list", ws), url("recurring-list", engagement),
                   url("recurring-new", engagement), url("recurring-edit", engagement, rule.uuid),
                   ws_url("template-tasks", ws, engagement.template.uuid), ws_url("template-tasks", ws, custom.uuid),
                   ws_url("template-task-new", ws, custom.uuid)):
        assert client.get(target).status_code == 200, target


def test_a_specialist_may_not_set_up_the_board_and_clients_see_no_board(client, login, specialist, approver,
                                                                        engagement):
    login(client, specialist)
    assert client.get(url("board-settings", engagement)).status_code == 403
    assert client.get(ws_url("label-list", engagement.workspace)).status_code == 403
    login(client, approver)
    assert client.get(url("board", engagement)).status_code == 403
    assert client.get(ws_url("my-work", engagement.workspace)).status_code == 403


def test_the_engagement_page_and_the_navigation_lead_to_the_board(client, login, manager, approver, engagement):
    login(client, manager)
    page = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid]))
    assert url("board", engagement) in page.content.decode()
    assert ws_url("my-work", engagement.workspace) in page.content.decode()
    login(client, approver)
    page = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid]))
    assert url("board", engagement) not in page.content.decode()
    assert ws_url("my-work", engagement.workspace) not in page.content.decode()


def test_a_foreign_or_unknown_card_is_404(client, login, manager, engagement, cards, outsider, other_workspace):
    login(client, manager)
    assert client.get(url("task-detail", engagement, "00000000-0000-0000-0000-000000000000")).status_code == 404
    assert client.post(url("task-move", engagement, "00000000-0000-0000-0000-000000000000"),
                       {"column": "todo"}).status_code == 404
    assert client.get(ws_url("role-board", engagement.workspace, "astronaut")).status_code == 404
    # a neighbour of another engagement is not one of this board's cards
    r = client.post(url("task-move", engagement, cards["todo"].uuid),
                    {"column": "todo", "before": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 404


# --- moves -----------------------------------------------------------------------------------------

def test_the_move_form_moves_a_card_and_goes_back(client, login, specialist, engagement, cards):
    login(client, specialist)
    r = client.post(url("task-move", engagement, cards["todo"].uuid),
                    {"column": "in_progress", "next": url("board", engagement) + "?due=week"})
    assert r.status_code == 302 and r["Location"] == url("board", engagement) + "?due=week"
    assert Task.objects.get(pk=cards["todo"].pk).column == "in_progress"
    # an address elsewhere is not followed
    r = client.post(url("task-move", engagement, cards["todo"].uuid),
                    {"column": "todo", "next": "https://evil.example/"})
    assert r["Location"] == url("board", engagement)


def test_a_drop_answers_the_board_fragment_in_the_new_order(client, login, specialist, engagement, cards):
    login(client, specialist)
    r = client.post(url("task-move", engagement, cards["todo2"].uuid),
                    {"column": "todo", "before": "", "after": str(cards["todo"].uuid)}, **HTMX)
    body = r.content.decode()
    assert r.status_code == 200 and 'id="board"' in body and "<html" not in body
    # each card links to its move page (no form on the card: the card's HTML is cached for every reader)
    assert f'href="{url("task-move", engagement, cards["todo2"].uuid)}"' in body
    order = list(Task.objects.filter(engagement=engagement, column="todo").order_by("position")
                 .values_list("title", flat=True))
    assert order.index("Audience personas") < order.index("Competitor analysis")


def test_a_gated_card_is_refused_with_the_gates_name_and_stays(client, login, specialist, engagement, cards):
    login(client, specialist)
    r = client.post(url("task-move", engagement, cards["gated"].uuid), {"column": "in_progress"}, **HTMX)
    body = r.content.decode()
    assert r.status_code == 200 and "Marketing plan approved" in body and 'role="alert"' in body
    assert Task.objects.get(pk=cards["gated"].pk).column == "todo"
    r = client.post(url("task-move", engagement, cards["gated"].uuid), {"column": "in_progress"}, follow=True)
    assert "Marketing plan approved" in r.content.decode()
    assert Task.objects.get(pk=cards["gated"].pk).column == "todo"


def test_a_drop_on_review_asks_for_a_reviewer_then_moves(client, login, specialist, manager, engagement, cards):
    login(client, specialist)
    r = client.post(url("task-move", engagement, cards["todo"].uuid), {"column": "review"}, **HTMX)
    body = r.content.decode()
    assert "board-prompt" in body and 'name="reviewer"' in body
    assert Task.objects.get(pk=cards["todo"].pk).column == "todo"
    r = client.post(url("task-move", engagement, cards["todo"].uuid),
                    {"column": "review", "reviewer": str(manager.pk)}, **HTMX)
    task = Task.objects.get(pk=cards["todo"].pk)
    assert task.column == "review" and task.reviewer == manager
    assert "board-prompt" not in r.content.decode()


def test_the_wip_warning_shows_as_count_over_limit(client, login, manager, engagement, cards):
    login(client, manager)
    services.set_wip_limits(actor=manager, membership=m_of(manager, engagement), engagement=engagement,
                            limits={"todo": 2})
    body = client.get(url("board", engagement)).content.decode()
    assert "3 / 2" in body and "board-count-over" in body and "Over the work-in-progress limit (2)" in body


def test_up_and_down_reorder_within_the_column(client, login, specialist, engagement, cards):
    login(client, specialist)

    def order():
        return list(Task.objects.filter(engagement=engagement, column="todo").order_by("position", "id")
                    .values_list("title", flat=True))

    first = order()
    client.post(url("task-step", engagement, Task.objects.get(title=first[1]).uuid), {"direction": "up"})
    assert order() == [first[1], first[0], first[2]]
    client.post(url("task-step", engagement, Task.objects.get(title=first[1]).uuid), {"direction": "down"})
    assert order() == first


def test_a_bad_move_changes_nothing(client, login, specialist, engagement, cards):
    login(client, specialist)
    r = client.post(url("task-move", engagement, cards["todo"].uuid), {"column": "heaven"}, follow=True)
    assert r.status_code == 200 and "Choose a column" in r.content.decode()
    assert Task.objects.get(pk=cards["todo"].pk).column == "todo"
    # GET is the card's move page (the keyboard's and the no-script way to move it)
    page = client.get(url("task-move", engagement, cards["todo"].uuid))
    assert page.status_code == 200 and 'name="column"' in page.content.decode()


# --- filters ---------------------------------------------------------------------------------------

def test_filters_by_assignee_due_and_label(client, login, manager, specialist, engagement, cards):
    login(client, manager)
    label = services.create_label(actor=manager, membership=m_of(manager, engagement), name="Urgent",
                                  colour="#ff0000")
    services.update_task(actor=manager, membership=m_of(manager, engagement), task=cards["todo2"], labels=[label])
    body = client.get(url("board", engagement) + f"?assignee={specialist.pk}").content.decode()
    assert "Competitor analysis" in body and "Audience personas" not in body
    body = client.get(url("board", engagement) + "?due=overdue").content.decode()
    assert "Old audit" in body and "Competitor analysis" not in body
    body = client.get(url("board", engagement) + f"?label={label.uuid}").content.decode()
    assert "Audience personas" in body and "Competitor analysis" not in body
    # bad values are ignored, never a 500
    assert client.get(url("board", engagement) + "?assignee=x&label=y&due=z&phase=%00").status_code == 200


def test_my_work_shows_the_persons_cards_and_a_manager_picks_a_person(client, login, manager, specialist,
                                                                      engagement, cards):
    login(client, specialist)
    body = client.get(ws_url("my-work", engagement.workspace)).content.decode()
    assert "Competitor analysis" in body and "Audience personas" not in body
    login(client, manager)
    body = client.get(ws_url("my-work", engagement.workspace)
                      + f"?person={m_of(specialist, engagement).uuid}").content.decode()
    assert "Competitor analysis" in body


def test_the_capacity_sentence_is_on_the_board(client, login, manager, engagement, cards):
    login(client, manager)
    body = client.get(url("board", engagement)).content.decode()
    assert "h of estimates" in body and "h left in" in body


# --- a card ----------------------------------------------------------------------------------------

def test_a_card_is_created_edited_and_rendered_safely(client, login, manager, specialist, engagement):
    login(client, manager)
    r = client.post(url("task-new", engagement), {"title": "Photo shoot", "column": "todo",
                                                  "description": "**Bold** <script>alert(1)</script>",
                                                  "estimate": "3.5", "phase": "infrastructure"})
    assert r.status_code == 302
    task = Task.objects.get(title="Photo shoot")
    assert task.column == "todo" and task.estimate == Decimal("3.5") and task.phase.key == "infrastructure"
    page = client.get(url("task-detail", engagement, task.uuid)).content.decode()
    assert "<strong>Bold</strong>" in page and "<script>alert(1)" not in page
    r = client.post(url("task-detail", engagement, task.uuid),
                    {"title": "Photo shoot, day 2", "revision": task.revision, "phase": "infrastructure",
                     "assignee": str(m_of(specialist, engagement).uuid)})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.title == "Photo shoot, day 2" and task.assignee == specialist


def test_a_stale_edit_is_refused(client, login, manager, engagement, cards):
    login(client, manager)
    task = cards["todo"]
    stale = task.revision
    services.update_task(actor=manager, membership=m_of(manager, engagement), task=task, title="Changed meanwhile")
    r = client.post(url("task-detail", engagement, task.uuid), {"title": "Mine", "revision": stale})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert Task.objects.get(pk=task.pk).title == "Changed meanwhile"


@pytest.mark.parametrize("data", [
    {"title": "Bad\u202etitle"}, {"title": "   "}, {"title": "Huge", "estimate": "1e9"},
    {"title": "Date", "due": "2026-02-31"}, {"title": "Who", "assignee": "not-a-member"},
    {"title": "Phase", "phase": "nowhere"},
])
def test_bad_input_is_refused_and_changes_nothing(client, login, manager, engagement, data):
    login(client, manager)
    r = client.post(url("task-new", engagement), {"column": "todo", **data})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert not Task.objects.filter(engagement=engagement).exists()


def test_time_is_logged_on_a_card_in_one_click_and_the_gate_refuses(client, login, specialist, engagement, cards):
    login(client, specialist)
    page = client.get(url("task-detail", engagement, cards["todo"].uuid)).content.decode()
    assert 'name="hours"' in page and 'value="2026-10-20"' in page
    r = client.post(url("task-log-time", engagement, cards["todo"].uuid), {"hours": "1", "date": "2026-10-20"},
                    follow=True)
    assert "1 h logged on" in r.content.decode()
    assert engagement.time_entries.filter(user=specialist, date=dt.date(2026, 10, 20)).count() == 1
    r = client.post(url("task-log-time", engagement, cards["gated"].uuid), {"hours": "1", "date": "2026-10-20"},
                    follow=True)
    assert "Marketing plan approved" in r.content.decode()
    assert engagement.time_entries.count() == 1
    r = client.post(url("task-log-time", engagement, cards["todo"].uuid), {"hours": "99", "date": "2026-10-20"},
                    follow=True)
    assert r.status_code == 200 and engagement.time_entries.count() == 1


def test_the_checklist_adds_ticks_and_deletes(client, login, specialist, engagement, cards):
    login(client, specialist)
    target = url("task-checklist", engagement, cards["todo"].uuid)
    client.post(target, {"op": "add", "text": "Find 5 rivals"})
    item = ChecklistItem.objects.get(task=cards["todo"])
    client.post(target, {"op": "toggle", "item": item.pk})
    assert ChecklistItem.objects.get(pk=item.pk).done
    page = client.get(url("task-detail", engagement, cards["todo"].uuid)).content.decode()
    assert "Find 5 rivals" in page and "1/1" in page
    client.post(target, {"op": "add", "text": "bad\x00text"})
    assert ChecklistItem.objects.filter(task=cards["todo"]).count() == 1
    other = ChecklistItem.objects.create(workspace=engagement.workspace, task=cards["todo2"], text="Not yours")
    client.post(target, {"op": "delete", "item": other.pk})
    assert ChecklistItem.objects.filter(pk=other.pk).exists()
    client.post(target, {"op": "delete", "item": item.pk})
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()


def test_a_card_is_deleted(client, login, manager, engagement, cards):
    login(client, manager)
    r = client.post(url("task-delete", engagement, cards["backlog"].uuid))
    assert r.status_code == 302 and not Task.objects.filter(pk=cards["backlog"].pk).exists()


# --- set-up pages ----------------------------------------------------------------------------------

def test_labels_recurring_rules_and_wip_limits_are_managed(client, login, manager, engagement):
    login(client, manager)
    ws = engagement.workspace
    client.post(ws_url("label-list", ws), {"name": "Client waits", "colour": "#AA0000"})
    label = Label.objects.get(workspace=ws, name="Client waits")
    assert label.colour == "#aa0000"
    r = client.post(ws_url("label-list", ws), {"name": "Bad", "colour": "red"})
    assert "errorlist" in r.content.decode() and not Label.objects.filter(name="Bad").exists()
    client.post(ws_url("label-delete", ws, label.uuid))
    assert not Label.objects.filter(pk=label.pk).exists()

    r = client.post(url("recurring-new", engagement), {
        "title": "Weekly report", "kind": "weekly", "weekdays": ["0", "4"], "interval": "1",
        "starts_on": "2026-10-19", "due_after_days": "1", "lead_days": "0", "active": "on"})
    assert r.status_code == 302
    rule = RecurringTask.objects.get(engagement=engagement)
    assert rule.weekdays == [0, 4]
    client.post(url("recurring-delete", engagement, rule.uuid))
    assert not RecurringTask.objects.filter(pk=rule.pk).exists()

    r = client.post(url("board-settings", engagement), {"wip_in_progress": "3", "template_tasks": "phase_start"})
    assert r.status_code == 302
    body = client.get(url("board", engagement)).content.decode()
    assert "0 / 3" in body


def test_template_tasks_of_a_builtin_template_are_read_only(client, login, manager, owner, engagement):
    login(client, manager)
    ws = engagement.workspace
    builtin = engagement.template
    r = client.get(ws_url("template-task-new", ws, builtin.uuid))
    assert r.status_code == 302
    from cadence.engagements import services as eng

    custom = eng.copy_template(actor=owner, template=builtin, name="Ours")
    r = client.post(ws_url("template-task-new", ws, custom.uuid),
                    {"phase_key": "research", "title": "Interview the owner", "estimate": "2",
                     "checklist": "Book a call\nWrite notes", "position": "0"})
    assert r.status_code == 302
    row = TaskTemplate.objects.get(template=custom, title="Interview the owner")
    assert row.checklist == ["Book a call", "Write notes"]
    # a task template of another process template is not this one's
    other = TaskTemplate.objects.filter(template=builtin).first()
    if other is not None:
        assert client.get(ws_url("template-task-edit", ws, custom.uuid, other.uuid)).status_code == 404


# --- query counts ----------------------------------------------------------------------------------

def _fill(engagement, manager, specialist, n):
    mm = m_of(manager, engagement)
    labels = [services.create_label(actor=manager, membership=mm, name=f"L{k}") for k in range(3)]
    phases = list(engagement.phases.all())
    columns = ["backlog", "todo", "in_progress", "on_hold", "review", "done"]
    for i in range(n):
        task = services.create_task(actor=manager, membership=mm, engagement=engagement, title=f"Card {i}",
                                    column=columns[i % 6] if columns[i % 6] not in ("in_progress", "review",
                                                                                     "done") else "todo",
                                    assignee=specialist if i % 2 else manager, estimate=Decimal(2),
                                    phase=phases[0], labels=labels[: i % 3], checklist=["a", "b"])
        Task.objects.filter(pk=task.pk).update(column=columns[i % 6])


def _queries(client, target):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return ctx.captured_queries


def _count(client, target):
    return len(_queries(client, target))


@pytest.mark.parametrize("page", ["board", "my-work"])
def test_the_board_makes_the_same_queries_with_10_and_200_cards(client, login, manager, specialist, engagement,
                                                                 owner, page):
    login(client, manager)
    target = url("board", engagement) if page == "board" else ws_url("my-work", engagement.workspace)
    _fill(engagement, manager, specialist, 10)
    _count(client, target)  # the first view stores the engagement's schedule
    revisions.bump_engagement(engagement.pk)  # the rendered board is kept by the board's revision: a new one
    few = _count(client, target)
    few_cached = _count(client, target)
    _fill_more = 190
    mm = m_of(manager, engagement)
    for i in range(_fill_more):
        services.create_task(actor=manager, membership=mm, engagement=engagement, title=f"More {i}",
                             column="todo", assignee=manager, estimate=Decimal(1))
    _count(client, target)  # the engagement's facts again (a card's time or phase may change them)
    revisions.bump_engagement(engagement.pk)
    many = _count(client, target)
    assert many == few
    assert _count(client, target) == few_cached
    # The request's own: the session, the user, the membership and the header's list of workspaces (4).
    # The board: the engagement and the board's row (its revision) (2), then, unless the rendered board is in
    # the cache under that revision, queries.board (3: the labels, the cards with their counts, the team; the
    # engagement's phases, gates and month hours come from the cache, under its revision). My work: the team
    # of the person picker (1) and queries.my_work.
    assert few - 4 <= (5 if page == "board" else 6), few
    if page == "board":  # (with Redis as the cache the session comes from it: one query fewer)
        assert few_cached - 4 <= 2 and few_cached < few, [q["sql"][:150] for q in _queries(client, target)]
    else:
        assert few_cached == few


# --- more of a card: attachments, the month's limit, role boards -----------------------------------------

def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_file_of_the_engagement_is_attached_and_detached(client, login, specialist, engagement, cards, settings,
                                                           tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadence.board.models import TaskAttachment
    from cadence.files import services as files

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    stored = files.upload(actor=specialist, membership=m_of(specialist, engagement), engagement=engagement,
                          uploaded=SimpleUploadedFile("kitchen.png", _png(), content_type="image/png"))
    login(client, specialist)
    page = client.get(url("task-detail", engagement, cards["todo"].uuid)).content.decode()
    assert "kitchen.png" in page  # offered in the attach form
    target = url("task-attachments", engagement, cards["todo"].uuid)
    client.post(target, {"op": "attach", "file": str(stored.uuid)})
    assert TaskAttachment.objects.filter(task=cards["todo"], file=stored).exists()
    body = client.get(url("board", engagement)).content.decode()
    assert 'class="board-attachments"' in body
    # an unknown file is a 404 and changes nothing
    assert client.post(target, {"op": "detach", "file": "00000000-0000-0000-0000-000000000000"}).status_code == 404
    client.post(target, {"op": "detach", "file": str(stored.uuid)})
    assert not TaskAttachment.objects.filter(task=cards["todo"]).exists()


def test_time_past_80_percent_of_the_month_warns(client, login, specialist, engagement, cards):
    login(client, specialist)
    target = url("task-log-time", engagement, cards["todo"].uuid)
    client.post(target, {"hours": "24", "date": "2026-10-19"})
    r = client.post(target, {"hours": "8", "date": "2026-10-20"}, follow=True)
    body = r.content.decode()
    assert "8 h logged on" in body and "of month 2" in body and "msg-warning" in body


def test_the_role_board_lists_the_roles_cards_across_engagements(client, login, manager, engagement, cards):
    login(client, manager)
    services.update_task(actor=manager, membership=m_of(manager, engagement), task=cards["todo2"], role="copywriter")
    body = client.get(ws_url("role-board", engagement.workspace, "copywriter")).content.decode()
    assert "Audience personas" in body and "Competitor analysis" not in body


def test_the_board_answers_its_fragment_to_htmx(client, login, manager, engagement, cards):
    login(client, manager)
    r = client.get(url("board", engagement), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board")
    body = r.content.decode()
    assert r.status_code == 200 and body.lstrip().startswith('<div id="board"') and "Competitor analysis" in body


def test_a_card_serves_an_objective_of_the_engagements_plan(client, login, manager, engagement, cards):
    from cadence.plans import services as plans

    plan = plans.ensure_plan(actor=manager, engagement=engagement)
    objective = plans.create_record(actor=manager, membership=m_of(manager, engagement), plan=plan,
                                    kind="objective", data={"title": "More online orders", "department": "sales"})
    login(client, manager)
    card = cards["todo"]
    page = client.get(url("task-detail", engagement, card.uuid)).content.decode()
    assert "More online orders" in page and 'name="objective"' in page
    data = {"title": card.title, "description": "", "assignee": "", "role": "", "due": "", "estimate": "",
            "phase": card.phase.key if card.phase else "", "revision": card.revision,
            "objective": str(objective.uuid)}
    r = client.post(url("task-detail", engagement, card.uuid), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    card.refresh_from_db()
    assert card.objective_uid == objective.uuid
    # an objective of no plan of this engagement is not a choice
    data.update(objective="00000000-0000-4000-8000-000000000000", revision=card.revision)
    r = client.post(url("task-detail", engagement, card.uuid), data)
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    card.refresh_from_db()
    assert card.objective_uid == objective.uuid
