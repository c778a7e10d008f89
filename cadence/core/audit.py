"""The audit trail: every service function records who changed what.

``record()`` writes one entry; ``record_change()`` writes one only when something changed (saving a
form unchanged leaves no empty "changed" entry). Entries about a person's own account have no
workspace (``workspace=None``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from cadence.core.models import AuditEntry, Workspace


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", value.pk))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def thread_id(thread: models.Model | uuid.UUID | None) -> uuid.UUID | None:
    """The public id an entry's ``thread`` keeps: an object with a ``uuid`` (an engagement) or the id itself."""
    if thread is None or isinstance(thread, uuid.UUID):
        return thread
    value = thread.uuid  # type: ignore[attr-defined]
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def history(workspace: Workspace | int, thread: models.Model | uuid.UUID) -> models.QuerySet[AuditEntry]:
    """The entries of one thread (an engagement's history), newest first (index ``audit_thread_newest``)."""
    return (AuditEntry.objects.filter(workspace=workspace, thread=thread_id(thread))
            .order_by("-created_at", "-id"))


def record(
    *,
    workspace: Workspace | None,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    thread: models.Model | uuid.UUID | None = None,
) -> AuditEntry:
    """One entry; ``thread``: the object whose history it belongs to (an engagement, for its time entries)."""
    return AuditEntry.objects.create(
        workspace=workspace,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=str(getattr(obj, "uuid", getattr(obj, "pk", ""))) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        thread=thread_id(thread),
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )


def record_change(
    *,
    workspace: Workspace | None,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, Any],
    thread: models.Model | uuid.UUID | None = None,
) -> AuditEntry | None:
    """Record an update whose ``changes`` come from ``diff()``; nothing when no field changed."""
    if not changes:
        return None
    return record(workspace=workspace, actor=actor, action=action, obj=obj, changes=changes, thread=thread)
