"""Events: what happened in a workspace, told to whoever listens once the write has committed.

A service that does something others may care about (a plan approved, a task assigned, an import that
finished) calls :func:`emit` inside its transaction. Nothing is sent then: the event is handed to the
receivers of :data:`event_committed` after the transaction commits (``transaction.on_commit``, robust:
a receiver that fails is logged and never fails the write, and a rolled-back write sends nothing).
Core knows no listener: the notifications and the outgoing webhooks connect to the signal in their
``AppConfig.ready()``, and core knows no emitter's models either: an event carries only plain values
(ids, uuids, strings), so a receiver loads what it needs through the owning app's queries.

The kinds are dotted names (``"plan.approved"``, ``"task.assigned"``); the list of kinds and who emits
each is in the README ("Working together"). ``recipients`` names the people an event is *for* when the
emitter knows them (the assignee, the people mentioned); ``audience`` names groups the listener resolves
(``"manager"``: the engagement's manager, or its workspace's managers when it has none; ``"team"``:
the workspace's owners and managers and the people who worked on the engagement; ``"approvers"``: the
client approvers of the engagement's client). The actor is never notified of their own action.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

log = logging.getLogger(__name__)

#: Sent once per event after the emitting transaction commits: ``send(sender=Event, event=Event)``.
event_committed = Signal()

AUDIENCES = frozenset({"manager", "team", "approvers"})


@dataclasses.dataclass(frozen=True)
class Event:
    """One thing that happened, in plain values (no model instances: receivers run after the commit)."""

    kind: str
    workspace_id: int
    id: uuid.UUID = dataclasses.field(default_factory=uuid.uuid4)
    occurred_at: dt.datetime = dataclasses.field(default_factory=timezone.now)
    engagement_id: int | None = None
    actor_id: int | None = None
    #: What it is about: a model name ("task", "post", "planversion") and its public id.
    subject_type: str = ""
    subject_id: str = ""
    #: A short name of the subject as its author wrote it (a task's title), for lists and emails.
    subject_title: str = ""
    #: JSON-serialisable facts of the event (strings, numbers, booleans, lists, dicts).
    data: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    recipients: tuple[int, ...] = ()
    audience: tuple[str, ...] = ()


def _pk(obj: Any) -> int | None:
    if obj is None:
        return None
    return obj if isinstance(obj, int) else int(obj.pk)


def _actor_id(actor: Any) -> int | None:
    if actor is None or isinstance(actor, int):
        return actor
    return int(actor.pk) if getattr(actor, "is_authenticated", False) else None


def emit(
    kind: str,
    *,
    workspace: Any,
    engagement: Any = None,
    actor: Any = None,
    subject: Any = None,
    subject_title: str = "",
    data: Mapping[str, Any] | None = None,
    recipients: Iterable[Any] = (),
    audience: Iterable[str] = (),
) -> Event:
    """Build the event and send it to the receivers once the current transaction commits.

    ``workspace``, ``engagement``, ``actor`` and ``recipients`` take model instances or primary keys;
    ``subject`` a model instance (its ``uuid`` or primary key becomes ``subject_id``).
    """
    groups = tuple(dict.fromkeys(audience))
    unknown = set(groups) - AUDIENCES
    if unknown:
        raise ValueError(f"unknown audience {sorted(unknown)}; known: {sorted(AUDIENCES)}")
    subject_type = subject_id = ""
    if subject is not None:
        subject_type = subject._meta.model_name or ""
        subject_id = str(getattr(subject, "uuid", None) or subject.pk)
        subject_title = subject_title or str(subject)[:200]
    workspace_id = _pk(workspace)
    assert workspace_id is not None
    event = Event(
        kind=kind, workspace_id=workspace_id, engagement_id=_pk(engagement), actor_id=_actor_id(actor),
        subject_type=subject_type, subject_id=subject_id, subject_title=subject_title[:200],
        data=dict(data or {}),
        recipients=tuple(dict.fromkeys(r for r in (_pk(x) for x in recipients) if r is not None)),
        audience=groups,
    )
    transaction.on_commit(lambda: _send(event), robust=True)
    return event


def _send(event: Event) -> None:
    for receiver, result in event_committed.send_robust(sender=Event, event=event):
        if isinstance(result, Exception):
            log.error("event %s (%s): receiver %r failed", event.kind, event.id, receiver, exc_info=result)
