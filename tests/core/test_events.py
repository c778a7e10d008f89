"""core.events: an event reaches its receivers once, after the commit, and never breaks the write."""

from __future__ import annotations

import pytest
from django.db import transaction

from cadence.core import events


@pytest.fixture
def received():
    got: list[events.Event] = []

    def receiver(sender, event, **kwargs):
        got.append(event)

    events.event_committed.connect(receiver, dispatch_uid="test-events")
    yield got
    events.event_committed.disconnect(dispatch_uid="test-events")


def test_it_sends_after_the_commit_with_plain_values(received, workspace, owner, manager,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = events.emit("task.assigned", workspace=workspace, actor=owner, subject=workspace,
                            data={"column": "todo"}, recipients=[manager, manager.pk, None],
                            audience=["manager", "manager"])
        assert received == []
    assert received == [event]
    assert event.workspace_id == workspace.pk and event.actor_id == owner.pk
    assert event.subject_type == "workspace" and event.subject_id == str(workspace.uuid)
    assert event.subject_title == str(workspace)
    assert event.recipients == (manager.pk,) and event.audience == ("manager",)


def test_it_sends_nothing_when_the_write_rolls_back(received, workspace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                events.emit("plan.approved", workspace=workspace)
                raise RuntimeError("refused")
        except RuntimeError:
            pass
    assert received == []


def test_a_failing_receiver_is_logged_and_the_others_still_hear(received, workspace, caplog,
                                                                django_capture_on_commit_callbacks):
    def broken(sender, event, **kwargs):
        raise ValueError("listener bug")

    events.event_committed.connect(broken, dispatch_uid="test-broken")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            events.emit("report.sent", workspace=workspace.pk)
    finally:
        events.event_committed.disconnect(dispatch_uid="test-broken")
    assert [e.kind for e in received] == ["report.sent"]
    assert "listener bug" in caplog.text or "receiver" in caplog.text


def test_an_unknown_audience_is_a_programming_error(workspace):
    with pytest.raises(ValueError, match="unknown audience"):
        events.emit("x.y", workspace=workspace, audience=["everyone"])
