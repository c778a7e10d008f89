"""Background work of the KPIs: an alert's email (kept for alerts queued before the notifications took the email
over: ``kpi.status_worsened``), the evaluation after an
import (``metrics.services.facts_changed``), and the daily evaluation of every engagement, a chain that enqueues
its next run like the board's recurring cards. ``cadence kpi-check`` starts the chain or runs it now."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import TaskContext, TaskResultStatus, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cadence.core import clock
from cadence.core.models import Workspace
from cadence.core.scoping import scope, scopes_disabled
from cadence.kpis import queries, services
from cadence.kpis.models import KpiAlert

log = logging.getLogger(__name__)
STALE_RUNNING = dt.timedelta(hours=1)


def recipient_language(user: Any, engagement: Any) -> str:
    known = {code for code, _ in settings.LANGUAGES}
    for language in (getattr(user, "language", ""), getattr(engagement, "language", "")):
        if language in known:
            return str(language)
    return str(settings.LANGUAGE_CODE)


def render_alert(alert: KpiAlert) -> tuple[str, str, str]:
    """(language, subject, body) of an alert's email, in the recipient's language."""
    kpi = alert.kpi
    engagement = kpi.engagement
    language = recipient_language(alert.user, engagement)
    with translation.override(language):
        params = {**(alert.status_params or {}), **queries.reason_params(kpi, str(engagement.currency or ""))}
        path = reverse("kpis:kpi", args=[engagement.workspace.slug, engagement.uuid, kpi.uuid])
        context = {"kpi": kpi, "engagement": engagement, "old": queries.status_label(alert.old_status),
                   "new": queries.status_label(alert.new_status),
                   "reason": queries.status_reason(alert.status_code, params),
                   "link": str(settings.SITE_URL).rstrip("/") + path}
        subject = " ".join(render_to_string("kpis/email/alert_subject.txt", context).split())
        body = render_to_string("kpis/email/alert_body.txt", context)
    return language, subject, body


@task()
def send_alert_email(alert_id: int) -> str:
    """Email one alert once; a failure is logged (the alert stays in the app)."""
    with scopes_disabled():  # which workspace the alert is in: the worker has no request to enter its scope
        workspace_id = KpiAlert.objects.filter(pk=alert_id).values_list("workspace_id", flat=True).first()
    workspace = Workspace.objects.filter(pk=workspace_id).first() if workspace_id is not None else None
    if workspace is None:
        return "skipped"
    with scope(workspace=workspace):
        alert = (KpiAlert.objects.select_related("kpi", "kpi__engagement", "kpi__engagement__workspace", "user")
                 .filter(pk=alert_id).first())
        if alert is None or alert.emailed_at is not None or not alert.user.email:
            return "skipped"
        _language, subject, body = render_alert(alert)
        try:
            send_mail(subject, body, None, [alert.user.email])
        except Exception:
            log.exception("could not email KPI alert %s", alert_id)
            return "failed"
        KpiAlert.objects.filter(pk=alert.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        return "sent"


@task()
def evaluate_engagement_task(workspace_id: int, engagement_id: int) -> int:
    """Evaluate one engagement's KPIs (after an import was written or undone)."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return 0
    with scope(workspace=workspace):
        from cadence.kpis.models import Kpi

        kpi = Kpi.objects.filter(workspace=workspace, engagement_id=engagement_id).select_related(
            "engagement", "engagement__workspace").first()
        if kpi is None:
            return 0
        return len(services.evaluate_engagement(kpi.engagement))


def facts_changed(sender: Any, *, workspace_id: int, engagement_id: int, **kwargs: Any) -> None:
    """The receiver of ``metrics.services.facts_changed`` (sent after the import's commit)."""
    try:
        evaluate_engagement_task.enqueue(workspace_id, engagement_id)
    except Exception:  # the import is committed; the daily run evaluates it anyway
        log.exception("could not queue the KPI evaluation of engagement %s", engagement_id)


def next_run(now: dt.datetime) -> dt.datetime:
    """06:00 UTC of the next day."""
    return (now + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)


def chain_pending(*, running: bool = True, exclude: str | None = None) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = check_kpis.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = Q(status=TaskResultStatus.READY)
    if running:
        waiting |= Q(status=TaskResultStatus.RUNNING, started_at__gte=clock.now() - STALE_RUNNING)
    rows = DBTaskResult.objects.filter(waiting, task_path=check_kpis.module_path, backend_name=backend.alias)
    if exclude is not None:
        rows = rows.exclude(id=exclude)
    return rows.exists()


def schedule_next(*, exclude: str | None = None) -> bool:
    if not check_kpis.get_backend().supports_defer:
        log.info("the task backend cannot defer tasks: run `cadence kpi-check --now` every day")
        return False
    if chain_pending(running=False, exclude=exclude):
        return False
    check_kpis.using(run_after=next_run(clock.now())).enqueue()
    return True


@task(takes_context=True)
def check_kpis(context: TaskContext[Any, Any]) -> int:
    """Evaluate every engagement's KPIs, then enqueue the next day's run (even when this one failed)."""
    try:
        return services.evaluate_due()
    finally:
        schedule_next(exclude=context.task_result.id)


def start_chain() -> str:
    if not check_kpis.get_backend().supports_defer:
        return "unsupported"
    if chain_pending():
        return "pending"
    check_kpis.enqueue()
    return "started"
