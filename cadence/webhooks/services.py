"""Writes of the outgoing webhooks: endpoints (create, change, delete, rotate the secret), "send test", a
redelivery, and the receiver of ``core.events`` that turns an event into one delivery per subscribed active
endpoint.

Keyword-only ``actor``; one transaction per write; ``DomainError`` with a translated message when a rule
refuses; an audit entry (``webhook.*``) on the workspace's trail. Only owners manage webhooks
(``webhooks.manage``): an endpoint sends the workspace's data out of Cadence and its secret proves who sent it.
A URL is checked when it is saved (``https://``, a host that resolves to public addresses only) and again
at every delivery (``sending``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.core import audit, clock, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.events import Event
from cadence.core.models import Membership, Workspace
from cadence.core.scoping import scope
from cadence.engagements import queries as engagement_queries
from cadence.webhooks import tasks, transport
from cadence.webhooks.domain import addresses, signing
from cadence.webhooks.models import (
    EVENTS,
    PING,
    Delivery,
    DeliveryStatus,
    Endpoint,
    EndpointStatus,
)

log = logging.getLogger(__name__)
DESCRIPTION_MAX = 200
ENDPOINTS_MAX = 20  # per workspace
FIELDS = ["url", "description", "events", "status"]


def _require(membership: Membership) -> None:
    if not tenancy.can(membership, "webhooks.manage"):
        raise DomainError(_("Your role does not allow this."), code="forbidden")


def url_refusal(code: str) -> str:
    """The sentence for a refused URL (``transport.Refused``'s code)."""
    if code == "scheme":
        return _("The URL must start with https://.")
    if code == "credentials":
        return _("The URL may not contain a user name or a password.")
    if code == "length":
        return _("Enter a URL of at most %(max)s characters.") % {"max": addresses.URL_MAX}
    if code == "dns":
        return _("The host of this URL could not be found.")
    if code == "address":
        return _("This URL leads to a private, local or reserved network address: webhooks are only sent to "
                 "public addresses.")
    return _("Enter a valid URL.")


def clean_url(value: Any) -> str:
    """The URL as it will be stored, checked as a delivery will check it (``InvalidInput`` otherwise)."""
    if not isinstance(value, str):
        raise InvalidInput(_("Enter a valid URL."), code="invalid_url", field="url")
    text = value.strip()
    if re.search(f"[{validation.CONTROL_CHARS}]", text):
        raise InvalidInput(_("Enter a valid URL."), code="invalid_url", field="url")
    try:
        transport.check(text, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE)
    except transport.Refused as exc:
        raise InvalidInput(url_refusal(exc.code), code=f"url_{exc.code}", field="url") from None
    return text


def clean_events(value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidInput(_("Choose the events this endpoint receives."), code="invalid_events", field="events")
    chosen = [str(v) for v in value]
    unknown = sorted(set(chosen) - set(EVENTS))
    if unknown:
        raise InvalidInput(_("Unknown event: %(event)s.") % {"event": ", ".join(unknown)}, code="unknown_event",
                           field="events")
    if not chosen:
        raise InvalidInput(_("Choose at least one event."), code="no_events", field="events")
    return [e for e in EVENTS if e in chosen]


def _clean_status(status: Any, *, current: str = "") -> str:
    allowed = {EndpointStatus.ACTIVE.value, EndpointStatus.PAUSED.value}
    if current == EndpointStatus.DISABLED:
        allowed.add(EndpointStatus.DISABLED.value)
    if status not in allowed:
        raise InvalidInput(_("Choose active or paused."), code="invalid_status", field="status")
    return str(status)


def _clean(url: Any, description: Any, events: Any, status: Any, *, current: str = "") -> dict[str, Any]:
    status = _clean_status(status, current=current)
    return {"url": clean_url(url),
            "description": validation.clean_text(description or "", field="description",
                                                 max_length=DESCRIPTION_MAX, multiline=False),
            "events": clean_events(events), "status": status}


def create_endpoint(*, actor: Any, membership: Membership, url: Any, description: Any = "", events: Any,
                    status: Any = EndpointStatus.ACTIVE) -> Endpoint:
    _require(membership)
    data = _clean(url, description, events, status)  # resolves the host: before the transaction, never in it
    with transaction.atomic():
        return _create_endpoint(actor, membership, data)


def _create_endpoint(actor: Any, membership: Membership, data: dict[str, Any]) -> Endpoint:
    workspace = membership.workspace
    if Endpoint.objects.filter(workspace=workspace).count() >= ENDPOINTS_MAX:
        raise DomainError(_("A workspace has at most %(max)s webhook endpoints.") % {"max": ENDPOINTS_MAX},
                          code="too_many")
    endpoint = Endpoint.objects.create(workspace=workspace, secret=signing.new_secret(),
                                       created_by=actor if getattr(actor, "is_authenticated", False) else None, **data)
    audit.record(workspace=workspace, actor=actor, action="webhook.created", obj=endpoint,
                 changes=audit.snapshot(endpoint, FIELDS))
    return endpoint


def update_endpoint(*, actor: Any, membership: Membership, endpoint: Endpoint, url: Any, description: Any,
                    events: Any, status: Any) -> Endpoint:
    _require(membership)
    # The URL's host is resolved before the row is locked (a slow name server must not hold the lock).
    data = _clean(url, description, events, status, current=endpoint.status)
    with transaction.atomic():
        return _update_endpoint(actor, membership, endpoint, data, status)


def _update_endpoint(actor: Any, membership: Membership, endpoint: Endpoint, data: dict[str, Any],
                     status: Any) -> Endpoint:
    row = Endpoint.objects.select_for_update().get(pk=endpoint.pk, workspace=membership.workspace)
    if row.status != endpoint.status:  # the endpoint changed state meanwhile (a 410 disabled it): check again
        data["status"] = _clean_status(status, current=row.status)
    before = audit.snapshot(row, FIELDS)
    for name, value in data.items():
        setattr(row, name, value)
    row.save()
    audit.record_change(workspace=row.workspace, actor=actor, action="webhook.updated", obj=row,
                        changes=audit.diff(before, audit.snapshot(row, FIELDS)))
    return row


@transaction.atomic
def delete_endpoint(*, actor: Any, membership: Membership, endpoint: Endpoint) -> None:
    """The endpoint and its delivery log; the audit trail keeps its URL."""
    _require(membership)
    audit.record(workspace=membership.workspace, actor=actor, action="webhook.deleted", obj=endpoint,
                 changes={"url": endpoint.url})
    endpoint.delete()


@transaction.atomic
def rotate_secret(*, actor: Any, membership: Membership, endpoint: Endpoint) -> Endpoint:
    """A new signing secret; the old one no longer signs anything (the next attempt uses the new one)."""
    _require(membership)
    row = Endpoint.objects.select_for_update().get(pk=endpoint.pk, workspace=membership.workspace)
    row.secret = signing.new_secret()
    row.secret_rotated_at = clock.now()
    row.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
    audit.record(workspace=row.workspace, actor=actor, action="webhook.secret_rotated", obj=row)
    return row


# --- deliveries ---------------------------------------------------------------------------------------

def body_of(event: Event, workspace: Workspace) -> str:
    """The JSON body of an event's deliveries, built once (every endpoint and every attempt sends these bytes)."""
    engagement = None
    if event.engagement_id is not None:
        brief = engagement_queries.engagement_brief(event.engagement_id)
        if brief is not None:
            engagement = {"uuid": str(brief[0]), "name": brief[1]}
    subject = ({"type": event.subject_type, "id": event.subject_id, "title": event.subject_title}
               if event.subject_type else None)
    data = dict(event.data)
    if isinstance(data.get("url"), str) and data["url"].startswith("/"):  # a page of Cadence: its full address
        data["url"] = settings.SITE_URL.rstrip("/") + data["url"]
    payload = {"id": str(event.id), "type": event.kind, "created": event.occurred_at.isoformat(),
               "workspace": workspace.slug, "engagement": engagement, "subject": subject, "data": data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)


def _queue(delivery: Delivery) -> None:
    transaction.on_commit(partial(tasks.enqueue, delivery.workspace_id, delivery.pk, delivery.attempts,
                                  delivery.round))


def record_event(event: Event) -> list[Delivery]:
    """One delivery per active endpoint of the event's workspace that subscribed to its kind, each queued
    after the commit. An event already recorded for an endpoint is not recorded twice."""
    if event.kind not in EVENTS:
        return []
    workspace = Workspace.objects.filter(pk=event.workspace_id).first()
    if workspace is None:
        return []
    with scope(workspace=workspace):
        endpoints = [e for e in Endpoint.objects.filter(workspace=workspace, status=EndpointStatus.ACTIVE)
                     if event.kind in e.events]
        if not endpoints:
            return []
        body = body_of(event, workspace)
        made: list[Delivery] = []
        with transaction.atomic():
            done = set(Delivery.objects.filter(event_id=event.id, endpoint__in=endpoints)
                       .values_list("endpoint_id", flat=True))
            for endpoint in endpoints:
                if endpoint.pk in done:
                    continue
                delivery = Delivery.objects.create(workspace=workspace, endpoint=endpoint, event_id=event.id,
                                                   kind=event.kind, body=body)
                _queue(delivery)
                made.append(delivery)
        return made


def on_event_committed(sender: Any, event: Event, **kwargs: Any) -> None:
    """The receiver of ``core.events.event_committed`` (connected in ``WebhooksConfig.ready()``)."""
    record_event(event)


@transaction.atomic
def send_test(*, actor: Any, membership: Membership, endpoint: Endpoint) -> Delivery:
    """A ``ping`` delivery to the endpoint, whatever its state and events (what a receiver is tested with)."""
    _require(membership)
    workspace = membership.workspace
    event = Event(kind=PING, workspace_id=workspace.pk, actor_id=getattr(actor, "pk", None),
                  data={"endpoint": str(endpoint.uuid), "message": "Test delivery from Cadence"})
    delivery = Delivery.objects.create(workspace=workspace, endpoint=endpoint, event_id=event.id, kind=PING,
                                       body=body_of(event, workspace))
    audit.record(workspace=workspace, actor=actor, action="webhook.test_sent", obj=endpoint,
                 changes={"delivery": str(delivery.uuid)})
    _queue(delivery)
    return delivery


@transaction.atomic
def redeliver(*, actor: Any, membership: Membership, delivery: Delivery) -> Delivery:
    """Send a delivery again, the same body, with a new round of attempts (its log keeps the earlier ones)."""
    _require(membership)
    row = Delivery.objects.select_for_update(of=("self",)).select_related("endpoint").get(pk=delivery.pk,
                                                                              workspace=membership.workspace)
    if row.status == DeliveryStatus.PENDING and row.attempts == 0:
        raise DomainError(_("This delivery is already waiting to be sent."), code="pending")
    row.status, row.attempts, row.next_attempt_at = DeliveryStatus.PENDING, 0, None
    row.round += 1
    row.save(update_fields=["status", "attempts", "next_attempt_at", "round"])
    audit.record(workspace=row.workspace, actor=actor, action="webhook.redelivered", obj=row.endpoint,
                 changes={"delivery": str(row.uuid), "event": row.kind})
    _queue(row)
    return row
