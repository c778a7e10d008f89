"""Background work of the board: the cards of recurring rules and of phases' task templates are created by
the task worker, every hour, in a chain that enqueues its next run (like ``engagements.tasks``'s refresh of
the stored schedules). ``cadence board-recurring`` starts the chain, or runs it inline with ``--now`` (cron).

Both creations are idempotent (an occurrence's card, a task template's card: each once per engagement), so
a run that overlaps another or repeats one creates nothing new.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db.models import Q
from django.tasks import TaskContext, TaskResultStatus, task

from cadence.board import services
from cadence.core import clock

log = logging.getLogger(__name__)
STALE_RUNNING = dt.timedelta(hours=1)  # a chain task "running" for longer died with its worker


def run_due(today: dt.date | None = None) -> tuple[int, int]:
    """Create the due cards: (from recurring rules, from task templates)."""
    return services.create_due_recurring(today=today), services.create_due_template_tasks(today=today)


def next_run(now: dt.datetime) -> dt.datetime:
    """The next full hour after ``now``."""
    return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def chain_pending(*, running: bool = True, exclude: str | None = None) -> bool:
    """Whether a ``create_due_cards`` task is waiting (or, with ``running``, running for less than
    ``STALE_RUNNING``): only the database backend keeps tasks to look at."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = create_due_cards.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = Q(status=TaskResultStatus.READY)
    if running:
        waiting |= Q(status=TaskResultStatus.RUNNING, started_at__gte=clock.now() - STALE_RUNNING)
    rows = DBTaskResult.objects.filter(waiting, task_path=create_due_cards.module_path, backend_name=backend.alias)
    if exclude is not None:
        rows = rows.exclude(id=exclude)
    return rows.exists()


def schedule_next(*, exclude: str | None = None) -> bool:
    """Enqueue the chain's next run for the next full hour unless one is waiting; returns whether it did."""
    if not create_due_cards.get_backend().supports_defer:
        log.info("the task backend cannot defer tasks: run `cadence board-recurring --now` every hour")
        return False
    if chain_pending(running=False, exclude=exclude):
        return False
    create_due_cards.using(run_after=next_run(clock.now())).enqueue()
    return True


@task(takes_context=True)
def create_due_cards(context: TaskContext[Any, Any]) -> int:
    """Create the due cards, then enqueue the next run of the chain (even when this one failed)."""
    try:
        return sum(run_due())
    finally:
        schedule_next(exclude=context.task_result.id)


def start_chain() -> str:
    """Start the hourly chain unless one is pending: "started", "pending" or "unsupported"."""
    if not create_due_cards.get_backend().supports_defer:
        return "unsupported"
    if chain_pending():
        return "pending"
    create_due_cards.enqueue()
    return "started"
