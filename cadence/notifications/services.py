"""Writes of the notifications: the notifications an event makes (``notify``, called by the listener of
``cadence.core.events.event_committed`` in the event's workspace scope), marking read, a person's preferences
per kind (audited), and the daily run (``daily``: the "due tomorrow" events and the digests of the day before).

An event notifies its ``recipients`` and its ``audience`` (``domain.kinds.recipients``: never the actor, and only
members who may still see the engagement), once per person and event (``Notification`` is unique on the user
and the event), each by the channel they chose for the kind (``Preference``; else the kind's default). Emails
are sent by tasks enqueued after the commit (``tasks.py``); nothing is sent inline.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core import audit, clock, events, registry
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.events import Event
from cadence.core.models import ClientAccess, ClientRole, Membership, Role, Workspace
from cadence.engagements import queries as engagement_queries
from cadence.notifications import queries
from cadence.notifications.domain import kinds
from cadence.notifications.domain.kinds import Channel
from cadence.notifications.models import Digest, DueReminder, Notification, Preference

log = logging.getLogger(__name__)


# --- an event's notifications ------------------------------------------------------------------------------

def _people(workspace: Workspace, event: Event) -> tuple[kinds.People, str]:
    """The audience's facts and the engagement's page (the link when the event names none)."""
    roles = dict(Membership.objects.filter(workspace=workspace, user__is_active=True).values_list("user_id", "role"))
    staff = {uid for uid, role in roles.items() if role != Role.CLIENT}
    owners_and_managers = frozenset(uid for uid, role in roles.items() if role in (Role.OWNER, Role.MANAGER))
    see_all = {uid for uid in staff if "clients.view_all" in registry.role_capabilities(roles[uid])}
    if event.engagement_id is None:
        return kinds.People(owners_and_managers=owners_and_managers, may_see=frozenset(staff)), ""
    facts = engagement_queries.engagement_people(event.engagement_id)
    if facts is None:
        return kinds.People(), ""
    access = list(ClientAccess.objects.filter(workspace=workspace, client_id=facts.client_id)
                  .values_list("membership__user_id", "role"))
    clients = {uid for uid, _role in access if roles.get(uid) == Role.CLIENT}
    manager = facts.manager_id if facts.manager_id in staff else None
    people = kinds.People(
        manager=manager, owners_and_managers=owners_and_managers,
        worked_on=frozenset(uid for uid in facts.worked_on if uid in staff),
        approvers=frozenset(uid for uid, role in access if role == ClientRole.APPROVER and uid in clients),
        may_see=frozenset(see_all | clients))
    return people, engagement_queries.engagement_path(workspace.slug, facts.uuid)


#: Workspaces whose events are being made by ``cadence demo``: their notifications are history (read, never
#: emailed or digested). ``quietly`` adds one until the demo's transaction ends.
_quiet: set[str] = set()  # workspace slugs (an id could be reused after a rolled-back build)


def quietly(workspace: Workspace) -> None:
    """Until the current transaction commits, the events of this workspace notify without any email (the demo
    is built in one transaction; its events are heard after it, in order, then this ends)."""
    slug = workspace.slug
    _quiet.add(slug)
    transaction.on_commit(lambda: _quiet.discard(slug), robust=True)


def notify(workspace: Workspace, event: Event) -> list[Notification]:
    """The notifications of one event (in ``workspace``'s scope); emails queued after the commit. An event
    heard twice makes nothing twice."""
    if not kinds.is_notified(event.kind):
        return []
    people, engagement_path = _people(workspace, event)
    ids = kinds.recipients(event.recipients, event.audience, people, actor=event.actor_id)
    if not ids:
        return []
    own = queries.chosen(ids)
    url = str(event.data.get("url") or "") or engagement_path
    quiet = workspace.slug in _quiet
    now = clock.now()
    rows = []
    for uid in ids:
        channel = kinds.channel_for(event.kind, own.get(uid, {}))
        if channel == Channel.OFF:
            continue
        if quiet:
            channel = Channel.APP
        rows.append(Notification(
            workspace=workspace, user_id=uid, event_id=event.id, kind=event.kind, engagement_id=event.engagement_id,
            actor_id=event.actor_id, subject_type=event.subject_type, subject_id=event.subject_id,
            title=event.subject_title[:200], url=url[:500], data=dict(event.data), channel=channel.value,
            created_at=now, read_at=now if quiet else None))
    if not rows:
        return []
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        made = list(Notification.objects.filter(workspace=workspace, event_id=event.id, user_id__in=ids))
        to_email = [n.pk for n in made if n.channel == Channel.EMAIL and n.emailed_at is None]
        if to_email:
            transaction.on_commit(lambda: _enqueue_emails(to_email), robust=True)
    return made


def _enqueue_emails(ids: list[int]) -> None:
    from cadence.notifications import tasks

    for pk in ids:
        try:
            tasks.send_notification_email.enqueue(pk)
        except Exception:  # the notification is in the app; a queue that refuses must not fail anything
            log.exception("could not queue the email of notification %s", pk)


# --- reading ----------------------------------------------------------------------------------------------

def mark_read(*, membership: Membership, notification: Notification) -> Notification:
    if notification.user_id != membership.user_id or notification.workspace_id != membership.workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, membership: Membership) -> int:
    return queries.mine(membership).filter(read_at__isnull=True).update(read_at=timezone.now())


# --- preferences --------------------------------------------------------------------------------------------

def set_preferences(*, actor: Any, workspace: Workspace | None, choices: Mapping[str, Any]) -> dict[str, str]:
    """Save a person's channel per kind (``choices``: kind -> channel; kinds not named keep theirs). Returns
    what changed (kind -> channel). A kind or channel that does not exist is refused with its name."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("Sign in to change your notification settings."), code="forbidden")
    known = {c.value for c in Channel}
    clean: dict[str, str] = {}
    for kind, channel in choices.items():
        if kind not in kinds.DEFAULTS:
            raise InvalidInput(_("There is no notification kind “%(kind)s”.") % {"kind": kind}, field=str(kind))
        if not isinstance(channel, str) or channel not in known:
            raise InvalidInput(_("Choose in the app, email immediately, daily digest or off for “%(kind)s”.")
                               % {"kind": queries.kind_label(str(kind))}, field=str(kind))
        clean[str(kind)] = channel
    with transaction.atomic():
        current = queries.chosen([actor.pk])[actor.pk]
        changes: dict[str, list[str]] = {}
        for kind, channel in clean.items():
            before = kinds.channel_for(kind, current).value
            if before == channel:
                continue
            changes[kind] = [before, channel]
            Preference.objects.update_or_create(user=actor, kind=kind, defaults={"channel": channel})
        if changes:
            audit.record(workspace=workspace, actor=actor, action="notifications.preferences_changed", obj=None,
                         changes=changes)
    return {k: v[1] for k, v in changes.items()}


# --- the daily run ------------------------------------------------------------------------------------------

def remind_due(workspace: Workspace, *, tomorrow: dt.date) -> int:
    """Emit ``task.due_tomorrow`` for each open board task due ``tomorrow`` that has an assignee, once per task
    and day (``DueReminder``). In ``workspace``'s scope; returns how many were emitted."""
    from cadence.board import queries as board_queries

    emitted = 0
    for due in board_queries.open_tasks_due(workspace, tomorrow):
        if due.assignee_id is None:
            continue
        try:
            with transaction.atomic():
                DueReminder.objects.create(workspace=workspace, task_id=due.uuid, day=tomorrow)
                events.emit("task.due_tomorrow", workspace=workspace, engagement=due.engagement_id,
                            subject_title=due.title, recipients=[due.assignee_id],
                            data={"task": due.uuid, "due": tomorrow.isoformat(), "url": due.url})
        except IntegrityError:  # told already today
            continue
        emitted += 1
    return emitted


def digest_window(day: dt.date) -> dt.datetime:
    """The end of ``day`` (the start of the next) in the project's time zone: a digest holds what came before."""
    tz = timezone.get_default_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def prepare_digests(workspace: Workspace, *, day: dt.date) -> list[int]:
    """One ``Digest`` per person with digest notifications not yet sent made up to the end of ``day``, never two
    for a person and day; returns the ids of the digests to email (in ``workspace``'s scope)."""
    end = digest_window(day)
    waiting = (Notification.objects.filter(workspace=workspace, channel=Channel.DIGEST.value, digest__isnull=True,
                                           created_at__lt=end)
               .values_list("user_id", flat=True).distinct())
    made: list[int] = []
    for uid in sorted(set(waiting)):
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(workspace=workspace, user_id=uid, day=day)
            if not created:
                continue
            count = Notification.objects.filter(workspace=workspace, user_id=uid, channel=Channel.DIGEST.value,
                                                digest__isnull=True, created_at__lt=end).update(digest=digest)
            Digest.objects.filter(pk=digest.pk).update(items=count)
            made.append(digest.pk)
    return made


def daily(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily run of every workspace: "due tomorrow" for the tasks due tomorrow, then each person's digest
    of the previous day, emailed by tasks after the commit. Running it again the same day does nothing new."""
    today = today or clock.localdate()
    totals = {"reminders": 0, "digests": 0}
    from cadence.core.scoping import scope

    for ws in Workspace.objects.order_by("pk"):
        with scope(workspace=ws):
            try:
                totals["reminders"] += remind_due(ws, tomorrow=today + dt.timedelta(days=1))
            except Exception:
                log.exception("the due reminders of workspace %s failed", ws.pk)
            try:
                ids = prepare_digests(ws, day=today - dt.timedelta(days=1))
            except Exception:
                log.exception("the digests of workspace %s failed", ws.pk)
                continue
            totals["digests"] += len(ids)
            if ids:
                _enqueue_digests(ids)
    return totals


def _enqueue_digests(ids: list[int]) -> None:
    from cadence.notifications import tasks

    for pk in ids:
        try:
            tasks.send_digest_email.enqueue(pk)
        except Exception:
            log.exception("could not queue digest %s", pk)
