# ruff: noqa: F811 (the fixtures imported from tests.api and core_fixtures are the tests' arguments)
"""The board's JSON API: the same permissions as the pages, errors with a code and a field, nothing written
by a refused request, and the query count of the card list constant as the board grows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.board import services
from cadence.board.models import RecurringTask, Task, TaskTemplate
from cadence.core.models import AuditEntry
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.board.core_fixtures import membership_of, owner_m, pass_gate, phases  # noqa: F401
from tests.board.test_queries import fill

pytestmark = pytest.mark.django_db


def base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}"


def test_card_lifecycle(api, owner, specialist, manager, engagement, phases):
    me = api(specialist)
    label = api(owner).post(f"/workspaces/{engagement.workspace.slug}/labels", {"name": "Urgent", "colour": "#dc2626"})
    assert label.status_code == 201, label.json()
    r = me.post(base(engagement) + "/tasks", {
        "title": "Brand book", "description": "**Logo**", "assignee": str(specialist.uuid), "role": "designer",
        "estimate": 6, "phase": "research", "labels": [label.json()["id"]], "checklist": ["Logo", "Colours"],
        "due": "2026-11-30"})
    assert r.status_code == 201, r.json()
    card = r.json()
    assert (card["title"], card["assignee"], card["checklist_total"], card["labels"][0]["name"], card["phase"]) == \
        ("Brand book", str(specialist.uuid), 2, "Urgent", "research")
    url = base(engagement) + f"/tasks/{card['id']}"
    detail = me.get(url).json()
    assert "<strong>Logo</strong>" in detail["description_html"] and len(detail["checklist"]) == 2
    item = detail["checklist"][0]["id"]
    assert me.patch(url + f"/checklist/{item}", {"done": True}).json()["done"] is True
    assert me.post(url + "/checklist", {"text": "Fonts"}).status_code == 201
    assert me.delete(url + f"/checklist/{item}").status_code == 204
    assert me.patch(url + "/checklist/999999", {"done": True}).status_code == 404
    r = me.patch(url, {"revision": 1, "title": "Brand book v2", "estimate": None})
    assert r.status_code == 200 and r.json()["revision"] == 2 and r.json()["estimate"] is None
    stale = me.patch(url, {"revision": 1, "title": "Stale"})
    assert stale.status_code == 400 and stale.json()["code"] == "conflict"
    review = me.post(url + "/move", {"column": "review"})
    assert (review.status_code, review.json()["code"], review.json()["field"]) == (400, "reviewer_required", "reviewer")
    moved = me.post(url + "/move", {"column": "review", "reviewer": str(manager.uuid)})
    assert moved.status_code == 200 and moved.json()["card"]["reviewer_name"] == "Mihai Manager"
    logged = me.post(url + "/time", {"hours": 1.5, "date": "2026-11-20"})
    assert logged.status_code == 201, logged.json()
    assert logged.json()["card"]["logged"] == 1.5
    assert me.get(url).json()["time_entries"][0]["hours"] == 1.5
    assert me.delete(url).status_code == 204
    assert not Task.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="board.task.").count() >= 8


def test_list_filters_and_the_board(api, owner, owner_m, specialist, engagement):
    services.set_wip_limits(actor=owner, membership=owner_m, engagement=engagement, limits={"todo": 1})
    for title, who in (("a", owner), ("b", specialist)):
        services.create_task(actor=owner, membership=owner_m, engagement=engagement, title=title, assignee=who,
                             column="todo", estimate=10)
    me = api(owner)
    assert [c["title"] for c in me.get(base(engagement) + "/tasks").json()] == ["a", "b"]
    mine = me.get(base(engagement) + "/tasks", {"assignee": str(specialist.uuid)}).json()
    assert [c["title"] for c in mine] == ["b"]
    assert me.get(base(engagement) + "/tasks", {"due": "whenever"}).status_code == 200  # ignored, as on the page
    board = me.get(base(engagement) + "/board").json()
    todo = next(c for c in board["columns"] if c["column"] == "todo")
    assert (todo["count"], todo["wip_limit"], todo["over_limit"]) == (2, 1, True)
    assert board["capacity"][0]["planned"] == 20.0
    r = me.request("PUT", base(engagement) + "/board/wip-limits", {"todo": 3, "review": None})
    assert r.status_code == 200 and next(c for c in r.json()["columns"] if c["column"] == "todo")["wip_limit"] == 3
    assert me.request("PUT", base(engagement) + "/board/wip-limits", {"todo": -1}).status_code == 422
    work = api(specialist).get(f"/workspaces/{engagement.workspace.slug}/my-work").json()
    assert [c["title"] for col in work["columns"] for c in col["cards"]] == ["b"]
    roles = me.get(f"/workspaces/{engagement.workspace.slug}/role-boards/designer").json()
    assert sum(c["count"] for c in roles["columns"]) == 0


def test_permissions_and_foreign_objects(api, owner, owner_m, specialist, approver, outsider, engagement):
    task = services.create_task(actor=owner, membership=owner_m, engagement=engagement, title="x")
    url = base(engagement) + f"/tasks/{task.uuid}"
    assert api(approver).get(url).status_code == 403  # the client sees the engagement, not the board
    assert api(outsider).get(url).status_code == 404
    assert api(None).get(url).status_code == 401
    assert api(specialist).post(f"/workspaces/{engagement.workspace.slug}/labels", {"name": "X"}).status_code == 403
    assert api(owner).get(base(engagement) + "/tasks/00000000-0000-0000-0000-000000000000").status_code == 404
    assert api(owner).get(base(engagement) + "/tasks/not-a-uuid").status_code in (404, 422)
    r = api(owner).post(base(engagement) + "/tasks", {"title": "y", "assignee": str(outsider.uuid)})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (400, "not_found", "assignee")
    r = api(owner).post(base(engagement) + "/tasks", {"title": "bad\u202e", "estimate": 10**12})
    assert r.status_code == 422 and r.json()["code"]
    r = api(owner).post(base(engagement) + "/tasks", {"title": "y", "phase": "nowhere"})
    assert (r.status_code, r.json()["field"]) == (400, "phase")
    assert Task.objects.count() == 1


def test_gate_refusal_names_the_gate(api, owner, owner_m, engagement, phases):
    task = services.create_task(actor=owner, membership=owner_m, engagement=engagement, title="Ads",
                                phase=phases["campaigns"])
    r = api(owner).post(base(engagement) + f"/tasks/{task.uuid}/move", {"column": "in_progress"})
    assert r.status_code == 400 and r.json()["code"] == "gate_closed" and "Marketing plan approved" in r.json()["detail"]
    r = api(owner).post(base(engagement) + f"/tasks/{task.uuid}/time", {"hours": 1})
    assert r.status_code == 400 and r.json()["code"] == "gate_closed"


def test_recurring_templates_and_settings(api, owner, specialist, engagement, workspace):
    me = api(owner)
    r = me.post(base(engagement) + "/recurring", {"title": "Weekly report", "kind": "weekly", "weekdays": [0],
                                                  "starts_on": "2026-11-01", "phase": "optimisation"})
    assert r.status_code == 201, r.json()
    url = base(engagement) + f"/recurring/{r.json()['id']}"
    assert me.patch(url, {"lead_days": 2}).json()["lead_days"] == 2
    bad = me.patch(url, {"kind": "monthly"})
    assert (bad.status_code, bad.json()["field"]) == (400, "month_day")
    assert api(specialist).get(url).status_code == 200 and api(specialist).delete(url).status_code == 403
    assert me.get(base(engagement) + "/recurring").json()[0]["title"] == "Weekly report"
    assert me.delete(url).status_code == 204 and not RecurringTask.objects.exists()
    tt = f"/workspaces/{workspace.slug}/task-templates"
    builtin = me.get(tt).json()
    assert len(builtin) == TaskTemplate.objects.filter(workspace=workspace).count() > 20
    template = TaskTemplate.objects.filter(workspace=workspace, template__key="retainer").first().template
    r = me.post(tt, {"template": str(template.uuid), "phase": "campaigns", "title": "Feed", "estimate": 2})
    assert r.status_code == 201, r.json()
    assert me.patch(f"{tt}/{r.json()['id']}", {"title": "Merchant feed"}).json()["title"] == "Merchant feed"
    assert me.post(tt, {"template": str(template.uuid), "phase": "nowhere", "title": "x"}).status_code == 400
    assert me.delete(f"{tt}/{r.json()['id']}").status_code == 204
    s = f"/workspaces/{workspace.slug}/board-settings"
    assert me.get(s).json() == {"template_tasks": "phase_start"}
    assert me.request("PUT", s, {"template_tasks": "engagement_start"}).json() == {"template_tasks": "engagement_start"}
    assert api(specialist).request("PUT", s, {"template_tasks": "phase_start"}).status_code == 403


def test_the_api_list_reads_in_a_constant_number_of_queries(api, owner, specialist, engagement, phases):
    me = api(owner)
    url = base(engagement) + "/tasks"
    me.get(url)  # the token's first use writes its last-used time

    def queries_of_list():
        with CaptureQueriesContext(connection) as ctx:
            assert me.get(url).status_code == 200
        return len(ctx.captured_queries)

    fill(engagement, 10, [owner, specialist], phases["research"])
    small = queries_of_list()
    fill(engagement, 190, [owner, specialist], phases["research"])
    large = queries_of_list()
    assert small == large
    assert len(me.get(url).json()) == 200
