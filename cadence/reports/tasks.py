"""Background work of the reports: the email of a delivery (its PDF attached), sent by the task worker once
the delivery is committed, and the schedule: ``send_due`` runs every hour in a chain that enqueues its next
run (like the board's recurring cards); a report is due once in its month (``services.send_due_reports`` is
idempotent per engagement and month), so an hourly run sends each report on its day in its time zone.
``cadence send-reports`` runs it at once (cron) or, with ``--queue``, starts the chain.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import TaskContext, TaskResultStatus, task
from django.template.loader import render_to_string
from django.utils import translation

from cadence.core import audit, clock
from cadence.core.scoping import scope, scopes_disabled
from cadence.reports.models import ReportDelivery

log = logging.getLogger(__name__)
STALE_RUNNING = dt.timedelta(hours=1)


def render_email(delivery: ReportDelivery) -> str:
    from cadence.reports.queries import settings_of

    report = delivery.report
    chosen = settings_of(delivery.workspace_id)
    agency = chosen.agency_name if chosen is not None and chosen.agency_name else delivery.workspace.name
    with translation.override(delivery.language):
        return render_to_string("reports/email/report_body.txt", {
            "report": report, "engagement": report.engagement, "delivery": delivery,
            "month": report.month, "agency": agency})


def deliver(delivery: ReportDelivery) -> int:
    """Email the delivery's PDF to its recipients (one message each, in the delivery's language)."""
    with delivery.pdf.open("rb") as f:
        content = f.read()
    body = render_email(delivery)
    name = (delivery.pdf.name or "report.pdf").rsplit("/", 1)[-1]
    sent = 0
    for person in delivery.recipients:
        message = EmailMessage(subject=delivery.subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                               to=[person["email"]])
        message.attach(name, content, "application/pdf")
        sent += message.send()
    return sent


@task()
def send_delivery_email(delivery_id: int) -> str:
    """Send a delivery's emails; a failure is recorded in the audit trail, not raised."""
    with scopes_disabled():
        row = ReportDelivery.objects.select_related("workspace").filter(pk=delivery_id).first()
    if row is None:
        return "skipped"
    with scope(workspace=row.workspace):
        delivery = ReportDelivery.objects.select_related("report__engagement__client", "workspace").get(pk=delivery_id)
        try:
            deliver(delivery)
        except Exception as e:
            log.exception("the report email of delivery %s failed", delivery_id)
            audit.record(workspace=delivery.workspace, actor=None, action="report.email_failed", obj=delivery.report,
                         changes={"error": f"{type(e).__name__}: {e}"[:300]}, thread=delivery.report.engagement)
            return "failed"
    return "sent"


def enqueue_delivery_email(delivery_id: int) -> None:
    try:
        send_delivery_email.enqueue(delivery_id)
    except Exception:  # the delivery is committed: the request must not fail now
        log.exception("could not queue the report email of delivery %s", delivery_id)


# --- the schedule ---------------------------------------------------------------------------------

def run_due(today: dt.date | None = None, *, dry_run: bool = False) -> list[tuple[Any, dt.date, str]]:
    from cadence.reports import services

    return services.send_due_reports(today=today, dry_run=dry_run)


def next_run(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def chain_pending(*, running: bool = True, exclude: str | None = None) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = send_due.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = Q(status=TaskResultStatus.READY)
    if running:
        waiting |= Q(status=TaskResultStatus.RUNNING, started_at__gte=clock.now() - STALE_RUNNING)
    rows = DBTaskResult.objects.filter(waiting, task_path=send_due.module_path, backend_name=backend.alias)
    if exclude is not None:
        rows = rows.exclude(id=exclude)
    return rows.exists()


def schedule_next(*, exclude: str | None = None) -> bool:
    if not send_due.get_backend().supports_defer:
        log.info("the task backend cannot defer tasks: run `cadence send-reports` every hour")
        return False
    if chain_pending(running=False, exclude=exclude):
        return False
    send_due.using(run_after=next_run(clock.now())).enqueue()
    return True


@task(takes_context=True)
def send_due(context: TaskContext[Any, Any]) -> int:
    """Send the due reports, then enqueue the next run of the chain (even when this one failed)."""
    try:
        return sum(1 for *_rest, outcome in run_due() if outcome == "sent")
    finally:
        schedule_next(exclude=context.task_result.id)


def start_chain() -> str:
    if not send_due.get_backend().supports_defer:
        return "unsupported"
    if chain_pending():
        return "pending"
    send_due.enqueue()
    return "started"
