"""Background tasks of engagements: the stored schedules are kept current by the worker, not by readers.

An engagement's schedule is stored (``ScheduleSnapshot``) for one revision of its inputs and one "today"
(``queries.schedule_for``). Two things make it old, and each has its task, run by ``manage.py db_worker``:

- **A write.** Every write of a schedule input bumps ``Engagement.revision`` (``readmodels.bump_revision``),
  which calls ``refresh_after_commit``: once the transaction commits, ``refresh_schedule(engagement_id)``
  is enqueued, once per engagement and transaction however many rows the write touched, and not at all
  when it rolls back. A queue that refuses is logged; the write has committed and stays done.
- **The day changes.** ``refresh_due_schedules()`` refreshes every engagement that is not archived and
  whose stored schedule is not for its revision, its engine and its own today (engagements have their
  time zones), in batches, then enqueues itself again for the next full hour (``run_after``), so each
  time zone's midnight is followed within the hour. ``cadence refresh-schedules`` starts that chain
  once (``make run``, ``make worker`` and ``scripts/serve-prod.sh`` call it before the worker), or runs it
  inline with ``--now`` (for cron, or a backend that cannot defer a task).

A reader never waits for the worker: ``queries.schedule_for`` still computes (and stores) a schedule that
is not current, so a refresh that is late or lost only costs that reader the computation.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.db.models import F, Q
from django.tasks import TaskContext, TaskResultStatus, task

from cadence.core import clock, commits
from cadence.core.models import Workspace
from cadence.core.scoping import scope, scopes_disabled
from cadence.engagements import queries
from cadence.engagements.models import Engagement

log = logging.getLogger(__name__)

BATCH = 50  # engagements loaded and refreshed together by ``refresh_due``
STALE_RUNNING = dt.timedelta(hours=1)  # a chain task "running" for longer died with its worker


# --- after a write -----------------------------------------------------------------------------------

def refresh_after_commit(engagement_id: int) -> None:
    """Enqueue ``refresh_schedule(engagement_id)`` when the current transaction commits (at once outside one),
    once per engagement and transaction, and not when it rolls back (``core.commits.once_after_commit``)."""
    commits.once_after_commit(("schedule-refresh", engagement_id), lambda: enqueue_refresh(engagement_id))


def enqueue_refresh(engagement_id: int) -> None:
    """Queue the refresh (after the commit): a queue that refuses is logged, never raised to the writer."""
    try:
        refresh_schedule.enqueue(engagement_id)
    except Exception:  # the write has committed: the request must not fail now; a reader computes it
        log.exception("could not queue the schedule refresh of engagement %s", engagement_id)


@task()
def refresh_schedule(engagement_id: int) -> str:
    """Store the engagement's schedule for its current revision and today ("current" when it already is).

    Runs in the engagement's workspace's scope (the worker has no request to enter it)."""
    workspace = Workspace.objects.filter(engagements__pk=engagement_id).first()
    if workspace is None:
        return "skipped"
    with scope(workspace=workspace):
        engagement = Engagement.objects.filter(pk=engagement_id).select_related("client", "template").first()
        if engagement is None:
            return "skipped"
        outcome = "refreshed" if queries.store_schedule(engagement) else "current"
        from cadence.engagements import warm  # imports the views, which the app's signals must not at start

        warm.warm([engagement], workspace, warm.languages_of(workspace))  # its readers find it rendered
        return outcome


# --- when "today" moves ------------------------------------------------------------------------------

def due_engagements() -> list[tuple[int, int]]:
    """(workspace id, engagement id) of every engagement not archived whose stored schedule is missing or not
    for its revision, the engine's code and its today (in its own time zone)."""
    with scopes_disabled():  # across workspaces: each one is then refreshed in its own scope
        live = Engagement.objects.filter(archived=False).order_by()
        today: Q | None = None
        for zone in live.values_list("time_zone", flat=True).distinct():
            try:
                day = clock.today_in(zone)
            except (ValueError, LookupError):  # not a time zone (forms refuse it): nothing to compare with
                log.warning("engagements with the unknown time zone %r are not refreshed", zone)
                continue
            same_day = Q(time_zone=zone, schedule_snapshot__computed_for=day)
            today = same_day if today is None else today | same_day
        if today is None:
            return []
        current = today & Q(schedule_snapshot__revision=F("revision"),
                            schedule_snapshot__engine=queries.engine_version())
        return list(live.filter(Q(schedule_snapshot__isnull=True) | ~current)
                    .order_by("workspace_id", "pk").values_list("workspace_id", "pk"))


def refresh_due(batch_size: int = BATCH) -> int:
    """Refresh every due engagement (``due_engagements``), ``batch_size`` at a time; returns how many were
    computed. One that fails is logged and left to its next reader; the others go on."""
    from cadence.engagements import warm  # imports the views, which the app's signals must not at start

    due = due_engagements()
    refreshed = 0
    for start in range(0, len(due), batch_size):
        by_workspace: dict[int, list[int]] = defaultdict(list)
        for workspace_id, pk in due[start:start + batch_size]:
            by_workspace[workspace_id].append(pk)
        workspaces = Workspace.objects.in_bulk(list(by_workspace))
        for workspace_id, pks in by_workspace.items():
            if workspace_id not in workspaces:
                continue  # deleted meanwhile
            workspace = workspaces[workspace_id]
            with scope(workspace=workspace):
                engagements = list(Engagement.objects.filter(pk__in=pks).select_related("client", "template")
                                   .order_by("pk"))
                for engagement in engagements:
                    try:
                        refreshed += queries.store_schedule(engagement)
                    except Exception:  # noqa: BLE001 - one engagement's failure must not stop the others
                        log.exception("could not refresh the schedule of engagement %s", engagement.pk)
                warm.warm(engagements, workspace, warm.languages_of(workspace))  # the new day, rendered
    return refreshed


def next_run(now: dt.datetime) -> dt.datetime:
    """The next full hour after ``now``: every whole-hour time zone's midnight is one."""
    return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def chain_pending(*, running: bool = True, exclude: str | None = None) -> bool:
    """Whether a ``refresh_due_schedules`` task is waiting in the queue (or, with ``running``, has been
    running for less than ``STALE_RUNNING``): only the database backend keeps tasks to look at."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = refresh_due_schedules.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = Q(status=TaskResultStatus.READY)
    if running:
        waiting |= Q(status=TaskResultStatus.RUNNING, started_at__gte=clock.now() - STALE_RUNNING)
    rows = DBTaskResult.objects.filter(waiting, task_path=refresh_due_schedules.module_path,
                                       backend_name=backend.alias)
    if exclude is not None:
        rows = rows.exclude(id=exclude)
    return rows.exists()


def schedule_next(*, exclude: str | None = None) -> bool:
    """Enqueue the chain's next run for the next full hour, unless one is already waiting; returns whether
    it did. A backend that cannot defer a task (``immediate``) has no chain: cron runs ``--now`` there."""
    if not refresh_due_schedules.get_backend().supports_defer:
        log.info("the task backend cannot defer tasks: run `cadence refresh-schedules --now` every hour")
        return False
    # Only a waiting task counts here, not a running one: two chains that end together both enqueue (the
    # next run finds the other one waiting) rather than neither.
    if chain_pending(running=False, exclude=exclude):
        return False
    refresh_due_schedules.using(run_after=next_run(clock.now())).enqueue()
    return True


@task(takes_context=True)
def refresh_due_schedules(context: TaskContext[Any, Any]) -> int:
    """Refresh the due engagements, then enqueue the next run of the chain (even when this one failed)."""
    try:
        return refresh_due()
    finally:
        schedule_next(exclude=context.task_result.id)


def start_chain() -> str:
    """Start the hourly chain unless one is pending: "started", "pending", or "unsupported" (the backend
    cannot defer tasks, so nothing is enqueued)."""
    backend = refresh_due_schedules.get_backend()
    if not backend.supports_defer:
        return "unsupported"
    if chain_pending():
        return "pending"
    refresh_due_schedules.enqueue()
    return "started"
