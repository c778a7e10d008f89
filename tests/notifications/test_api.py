"""The notifications in the JSON API: a member's own list (unread first), the unread count, marking one or all
read, and the preferences per kind (read, change, refusals worded; a change is audited)."""

# ruff: noqa: F811 (the fixtures imported from tests.api are the tests' arguments)
from __future__ import annotations

import pytest

from cadence.core.models import AuditEntry
from cadence.notifications.domain.kinds import KINDS
from cadence.notifications.models import Notification
from tests.api import api_fixture, fast_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
W = "/workspaces/agency-one/notifications"


def test_list_count_and_read(api, emit, engagement, manager, specialist, outsider):
    for title in ("One", "Two"):
        emit("task.assigned", workspace=engagement.workspace, engagement=engagement, actor=manager,
             recipients=[specialist], subject_title=title)
    me = api(specialist)
    rows = me.get(W).json()
    assert [r["kind"] for r in rows] == ["task.assigned"] * 2 and not any(r["read"] for r in rows)
    assert "Two" in rows[0]["message"] and rows[0]["engagement"] == str(engagement.uuid)
    assert me.get(W + "/unread").json() == {"unread": 2}
    assert me.post(W + f"/read?id={rows[1]['id']}").json() == {"marked": 1}
    assert me.get(W + "/unread").json() == {"unread": 1}
    assert [r["read"] for r in me.get(W).json()] == [False, True]  # unread first
    assert len(me.get(W, {"unread": "true"}).json()) == 1
    assert api(manager).post(W + f"/read?id={rows[0]['id']}").status_code == 404  # not theirs
    assert me.post(W + "/read").json() == {"marked": 1}
    assert me.get(W + "/unread").json() == {"unread": 0}
    assert api(outsider).get(W).status_code == 404
    assert api(None).get(W).status_code == 401
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_preferences(api, specialist, workspace):
    me = api(specialist)
    rows = me.get(W + "/preferences").json()
    assert [r["kind"] for r in rows] == list(KINDS)
    assert {r["kind"]: r["channel"] for r in rows}["task.assigned"] == "app"
    response = me.request("PUT", W + "/preferences", {"channels": {"task.assigned": "digest"}})
    assert response.status_code == 200
    assert {r["kind"]: r["channel"] for r in response.json()}["task.assigned"] == "digest"
    assert AuditEntry.objects.filter(action="notifications.preferences_changed", actor=specialist).count() == 1
    bad = me.request("PUT", W + "/preferences", {"channels": {"task.nope": "email"}})
    assert bad.status_code == 422 and "task.nope" in bad.content.decode()
    assert me.request("PUT", W + "/preferences", {"channels": {"task.assigned": "sms"}}).status_code == 422
    assert me.request("PUT", W + "/preferences", []).status_code == 422
    # null keeps a kind's channel; the schema names every kind and no other (additionalProperties: false)
    kept = me.request("PUT", W + "/preferences", {"channels": {"task.assigned": None, "report.sent": "off"}})
    assert {r["kind"]: r["channel"] for r in kept.json()}["task.assigned"] == "digest"
    schema = me.get("/api/v1/openapi.json").json()["components"]["schemas"]["NotificationChannelsIn"]
    assert schema["additionalProperties"] is False and list(schema["properties"]) == list(KINDS)
