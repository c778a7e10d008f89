"""Threads and comments in the JSON API: the same rules as the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cadence.comments import access, services
from cadence.comments.models import Comment
from cadence.core import services as core_services
from tests.comments.conftest import membership_of

BASE = "/api/v1/workspaces/agency-one"


def api(user):
    _token, raw = core_services.create_api_token(actor=user, name="test")
    client = Client()

    def call(method, path, body=None):
        kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
        return getattr(client, method)(BASE + path, HTTP_AUTHORIZATION=f"Bearer {raw}", **kwargs)

    return call


@pytest.mark.django_db
def test_list_create_edit_resolve(owner, manager, engagement, task):
    call = api(owner)
    r = call("get", f"/threads/task/{task.uuid}")
    assert r.status_code == 200 and r.json()["id"] is None and r.json()["comments"] == []
    r = call("post", f"/threads/task/{task.uuid}/comments", {"body": f"@[M]({manager.uuid}) look **now**"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["mentions"] == [str(manager.uuid)] and body["editable"] is True
    assert '<span class="mention">@Mihai Manager</span>' in body["html"] and "<strong>now</strong>" in body["html"]
    r = call("patch", f"/comments/{body['id']}", {"body": "look later"})
    assert r.status_code == 200 and r.json()["body"] == "look later" and r.json()["edited_at"]
    thread = call("get", f"/threads/task/{task.uuid}").json()
    r = call("post", f"/threads/{thread['id']}/resolve", {"resolved": True})
    assert r.status_code == 200 and r.json()["resolved"] is True


@pytest.mark.django_db
def test_the_api_refuses_as_the_pages_do(owner, manager, approver, engagement, task, submitted_plan):
    call = api(approver)
    assert call("get", f"/threads/task/{task.uuid}").status_code == 404
    r = call("post", f"/threads/engagement/{engagement.uuid}/comments", {"body": "secret", "internal": True})
    assert r.status_code == 400 and r.json()["code"] == "internal_not_allowed"
    r = call("post", f"/threads/plan_section/{engagement.uuid}/situation/comments", {"body": "Love the SWOT"})
    assert r.status_code == 201
    r = call("post", f"/threads/engagement/{engagement.uuid}/comments", {"body": ""})
    assert r.status_code == 422
    mine = Comment.objects.get()
    r = api(manager)("patch", f"/comments/{mine.uuid}", {"body": "not yours"})
    assert r.status_code == 400 and r.json()["code"] == "not_author"
    r = call("post", f"/threads/{mine.thread.uuid}/resolve", {"resolved": True})
    assert r.status_code == 403


@pytest.mark.django_db
def test_client_users_never_get_internal_comments(owner, approver, engagement):
    om = membership_of(engagement.workspace, owner)
    t = access.target_of(om, "engagement", engagement)
    services.add_comment(actor=owner, membership=om, target=t, body="Shared")
    hidden = services.add_comment(actor=owner, membership=om, target=t, body="Team only", internal=True)
    call = api(approver)
    bodies = [c["body"] for c in call("get", f"/threads/engagement/{engagement.uuid}").json()["comments"]]
    assert bodies == ["Shared"]
    assert call("patch", f"/comments/{hidden.uuid}", {"body": "x"}).status_code == 404
    assert len(api(owner)("get", f"/threads/engagement/{engagement.uuid}").json()["comments"]) == 2
