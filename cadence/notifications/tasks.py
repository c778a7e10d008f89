"""Background work of the notifications: one notification's email (once, in the recipient's language), a
person's daily digest (once per day), and the daily run (``services.daily``: "due tomorrow" and the digests), a
chain that enqueues its next run like ``cadence kpi-check``'s. ``cadence send-digests`` starts it or runs it now."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import TaskContext, TaskResultStatus, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from cadence.core import clock
from cadence.core.models import Workspace
from cadence.core.scoping import scope, scopes_disabled
from cadence.notifications import queries, services
from cadence.notifications.models import Digest, Notification

log = logging.getLogger(__name__)
STALE_RUNNING = dt.timedelta(hours=1)


def _settings_link(workspace: Workspace) -> str:
    from django.conf import settings

    return str(settings.SITE_URL).rstrip("/") + reverse("notifications:preferences", args=[workspace.slug])


def render_email(n: Notification) -> tuple[str, str, str]:
    """(language, subject, body) of a notification's email, in the recipient's language."""
    language = queries.recipient_language(n.user, n.workspace_id, n.engagement)
    with translation.override(language):
        context = {"message": queries.message(n), "detail": queries.detail(n), "link": queries.link(n),
                   "engagement": n.engagement.name if n.engagement is not None else "",
                   "settings_link": _settings_link(n.workspace)}
        subject = queries.subject(n)
        body = render_to_string("notifications/email/notification_body.txt", context)
    return language, subject, body


def _workspace_of(model: Any, pk: int) -> Workspace | None:
    with scopes_disabled():  # which workspace the row is in: the worker has no request to enter its scope
        workspace_id = model.objects.filter(pk=pk).values_list("workspace_id", flat=True).first()
    return Workspace.objects.filter(pk=workspace_id).first() if workspace_id is not None else None


@task()
def send_notification_email(notification_id: int) -> str:
    """Email one notification once; a failure is logged (the notification stays in the app)."""
    workspace = _workspace_of(Notification, notification_id)
    if workspace is None:
        return "skipped"
    with scope(workspace=workspace):
        n = (Notification.objects.select_related("user", "actor", "engagement__client", "workspace")
             .filter(pk=notification_id).first())
        if n is None or n.emailed_at is not None or not n.user.email or not n.user.is_active:
            return "skipped"
        member = queries.membership_of(n.user_id, n.workspace_id)
        if member is None or not queries.mine(member).filter(pk=n.pk).exists():
            return "skipped"  # no longer in the workspace, or may no longer see the engagement
        _language, subject, body = render_email(n)
        try:
            send_mail(subject, body, None, [n.user.email])
        except Exception:
            log.exception("could not email notification %s", notification_id)
            return "failed"
        Notification.objects.filter(pk=n.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if n.kind == "kpi.status_worsened" and n.data.get("kpi"):
            from cadence.kpis import services as kpi_services

            kpi_services.alerts_emailed(kpi_uuid=str(n.data["kpi"]), user_id=n.user_id)
        return "sent"


def render_digest(digest: Digest) -> tuple[str, str, str]:
    language = queries.recipient_language(digest.user, digest.workspace_id)
    member = queries.membership_of(digest.user_id, digest.workspace_id)
    items = list(digest.notifications.filter(queries.still_visible(member) if member is not None else Q(pk__in=[]))
                 .select_related("actor", "engagement__client").order_by("created_at", "id"))
    with translation.override(language):
        day = date_format(digest.day, "DATE_FORMAT")
        lines = [{"engagement": n.engagement.name if n.engagement is not None else "", "message": queries.message(n),
                  "detail": queries.detail(n), "link": queries.link(n)} for n in items]
        context = {"day": day, "workspace": digest.workspace.name, "items": lines,
                   "settings_link": _settings_link(digest.workspace)}
        subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
        body = render_to_string("notifications/email/digest_body.txt", context)
    return language, subject, body


@task()
def send_digest_email(digest_id: int) -> str:
    """Email one person's daily digest once (``Digest.sent_at``)."""
    workspace = _workspace_of(Digest, digest_id)
    if workspace is None:
        return "skipped"
    with scope(workspace=workspace):
        digest = Digest.objects.select_related("user", "workspace").filter(pk=digest_id).first()
        if digest is None or digest.sent_at is not None or not digest.user.email or not digest.user.is_active:
            return "skipped"
        member = queries.membership_of(digest.user_id, digest.workspace_id)
        if member is None or not digest.notifications.filter(queries.still_visible(member)).exists():
            return "empty"
        _language, subject, body = render_digest(digest)
        try:
            send_mail(subject, body, None, [digest.user.email])
        except Exception as e:
            log.exception("could not email digest %s", digest_id)
            Digest.objects.filter(pk=digest.pk).update(error=f"{type(e).__name__}: {e}"[:300])
            return "failed"
        Digest.objects.filter(pk=digest.pk, sent_at__isnull=True).update(sent_at=timezone.now(), error="")
        return "sent"


# --- the daily chain ----------------------------------------------------------------------------------------

def next_run(now: dt.datetime) -> dt.datetime:
    """06:30 UTC of the next day (after the KPI check)."""
    return (now + dt.timedelta(days=1)).replace(hour=6, minute=30, second=0, microsecond=0)


def chain_pending(*, running: bool = True, exclude: str | None = None) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = run_daily.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = Q(status=TaskResultStatus.READY)
    if running:
        waiting |= Q(status=TaskResultStatus.RUNNING, started_at__gte=clock.now() - STALE_RUNNING)
    rows = DBTaskResult.objects.filter(waiting, task_path=run_daily.module_path, backend_name=backend.alias)
    if exclude is not None:
        rows = rows.exclude(id=exclude)
    return rows.exists()


def schedule_next(*, exclude: str | None = None) -> bool:
    if not run_daily.get_backend().supports_defer:
        log.info("the task backend cannot defer tasks: run `cadence send-digests --now` every day")
        return False
    if chain_pending(running=False, exclude=exclude):
        return False
    run_daily.using(run_after=next_run(clock.now())).enqueue()
    return True


@task(takes_context=True)
def run_daily(context: TaskContext[Any, Any]) -> dict[str, int]:
    """"Due tomorrow" and the digests of every workspace, then enqueue the next day's run (even after a failure)."""
    try:
        return services.daily()
    finally:
        schedule_next(exclude=context.task_result.id)


def start_chain() -> str:
    if not run_daily.get_backend().supports_defer:
        return "unsupported"
    if chain_pending():
        return "pending"
    run_daily.enqueue()
    return "started"
