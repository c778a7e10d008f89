"""The listener of ``cadence.core.events.event_committed`` (connected in ``registration.py``): each event of a
kind that notifies becomes notifications, in the event's workspace's scope (receivers run after the commit,
outside any request). Quick: rows and queued emails only."""

from __future__ import annotations

from typing import Any

from cadence.core.events import Event
from cadence.core.models import Workspace
from cadence.core.scoping import scope
from cadence.notifications import services
from cadence.notifications.domain import kinds


def event_committed(sender: Any, *, event: Event, **kwargs: Any) -> None:
    if not kinds.is_notified(event.kind):
        return
    workspace = Workspace.objects.filter(pk=event.workspace_id).first()
    if workspace is None:
        return
    with scope(workspace=workspace):
        services.notify(workspace, event)
