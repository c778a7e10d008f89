"""Background jobs of imports (``django.tasks``): reading a large export (``analyse_import``) and writing it
(``write_import``). The worker: ``manage.py db_worker`` with the default database-backed queue, or
``manage.py run_redis_tasks`` with ``CADENCE_TASKS_BACKEND=redis``. Each job runs in its batch's workspace's
scope and calls the service that does the work (``services.analyse`` / ``services.write``); files up to
``CADENCE_IMPORT_INLINE_KB`` never come here (the request runs the same functions).

Jobs are enqueued when the transaction that made the batch ready commits; a queue that refuses the job marks
the batch FAILED with the reason (nothing was written) instead of leaving it waiting for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from cadence.core.models import Workspace
from cadence.core.scoping import scope, scopes_disabled
from cadence.metrics.models import ImportBatch, Status

log = logging.getLogger(__name__)


def _run(batch_id: int, body: Callable[[ImportBatch], ImportBatch]) -> str:
    with scopes_disabled():
        workspace = Workspace.objects.filter(pk=ImportBatch.objects.filter(pk=batch_id).values("workspace_id")
                                             [:1]).first()
    if workspace is None:
        return "gone"  # discarded before the job ran
    with scope(workspace=workspace):
        batch = ImportBatch.objects.filter(pk=batch_id).first()
        if batch is None:
            return "gone"
        return str(body(batch).status)


@task()
def analyse_import(batch_id: int) -> str:
    """Read an uploaded export: its preview (or the mapping step); the batch's status when done."""
    from cadence.metrics import services

    return _run(batch_id, services.analyse)


@task()
def write_import(batch_id: int) -> str:
    """Write a confirmed import in one transaction; the batch's status when done."""
    from cadence.metrics import services

    return _run(batch_id, services.write)


class _Enqueue:
    __slots__ = ("batch_id", "job", "waiting")

    def __init__(self, batch_id: int, job: Any, waiting: str) -> None:
        self.batch_id, self.job, self.waiting = batch_id, job, waiting

    def __call__(self) -> None:
        try:
            result = self.job.enqueue(self.batch_id)
        except Exception:
            log.exception("could not queue the import job of batch %s", self.batch_id)
            with scopes_disabled():
                ImportBatch.objects.filter(pk=self.batch_id, status=self.waiting).update(
                    status=Status.FAILED,
                    error=_("The import could not be started in the background. Nothing was written; "
                            "try again later."))
            return
        with scopes_disabled():
            ImportBatch.objects.filter(pk=self.batch_id).update(task_id=str(result.id)[:64])


def enqueue_analyse(batch: ImportBatch) -> None:
    transaction.on_commit(_Enqueue(batch.pk, analyse_import, Status.UPLOADED))


def enqueue_write(batch: ImportBatch) -> None:
    transaction.on_commit(_Enqueue(batch.pk, write_import, Status.WRITING))
