"""The webhooks' background task (django.tasks, run by ``manage.py db_worker``): one attempt of one delivery,
then the next one queued with ``run_after`` at its back-off time (``domain.backoff``).

A backend that cannot defer a task (``CADENCE_TASKS_BACKEND=immediate``) sends the first attempt only: a
delivery that should be tried again stays "will be tried again" with its time, and an owner's "Redeliver"
sends it again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.tasks import task

from cadence.core.models import Workspace
from cadence.core.scoping import scope
from cadence.webhooks import sending

log = logging.getLogger(__name__)


def enqueue(workspace_id: int, delivery_id: int, attempts: int = 0, round_: int = 0, *,
            run_after: dt.datetime | None = None) -> bool:
    """Queue one attempt (called after the commit); False when the queue refused it or cannot defer it."""
    try:
        if run_after is None:
            deliver.enqueue(workspace_id, delivery_id, attempts, round_)
            return True
        if not deliver.get_backend().supports_defer:
            log.warning("webhook delivery %s: the task backend cannot defer the next attempt", delivery_id)
            return False
        deliver.using(run_after=run_after).enqueue(workspace_id, delivery_id, attempts, round_)
    except Exception:  # the delivery is committed: the caller (a request, a receiver, a task) must not fail now
        log.exception("could not queue the webhook delivery %s", delivery_id)
        return False
    return True


@task()
def deliver(workspace_id: int, delivery_id: int, attempts: int, round_: int = 0) -> str:
    """One attempt of a delivery; a retry is queued at its back-off time."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return "skipped"
    with scope(workspace=workspace):
        result = sending.attempt(delivery_id, attempts, round_)
    if result.outcome == "retry" and result.next_attempt_at is not None:
        enqueue(workspace_id, delivery_id, attempts + 1, round_, run_after=result.next_attempt_at)
    return result.outcome
