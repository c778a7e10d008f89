"""The webhooks hear what the other apps' services emit (``core.events``): a task moved to Done on the board
reaches a subscribed endpoint as ``task.completed``, signed, once, with the task as its subject."""

from __future__ import annotations

import json

import pytest

from cadence.board import services as board
from cadence.webhooks import services
from cadence.webhooks.domain import signing
from cadence.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def test_a_task_done_on_the_board_is_delivered(receiver, workspace, engagement, owner, m, clock,
                                               django_capture_on_commit_callbacks):
    endpoint = services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url,
                                        events=["task.completed"])
    task = board.create_task(actor=owner, membership=m["owner"], engagement=engagement, title="Audit Google Ads")
    with django_capture_on_commit_callbacks(execute=True):
        board.move_task(actor=owner, membership=m["owner"], task=task, column="done")
    (req,) = receiver.requests
    assert signing.verify(endpoint.secret, req.headers["Cadence-Signature"], req.body,
                          now=int(clock.now().timestamp()))
    body = json.loads(req.body)
    assert body["type"] == "task.completed" and body["workspace"] == workspace.slug
    assert body["engagement"] == {"uuid": str(engagement.uuid), "name": engagement.name}
    assert body["subject"] == {"type": "task", "id": str(task.uuid), "title": "Audit Google Ads"}
    assert body["data"]["column"] == "done" and body["data"]["url"].startswith("http")
    assert Delivery.objects.get().status == "delivered"


def test_a_notification_kind_sends_no_webhook(receiver, workspace, engagement, owner, specialist, m,
                                              django_capture_on_commit_callbacks):
    services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url, events=list(services.EVENTS))
    with django_capture_on_commit_callbacks(execute=True):
        board.create_task(actor=owner, membership=m["owner"], engagement=engagement, title="Brief",
                          assignee=specialist)  # task.assigned: a notification only
    assert not receiver.requests and not Delivery.objects.exists()
