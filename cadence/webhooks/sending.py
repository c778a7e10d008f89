"""One attempt of one delivery, run by the task worker (``tasks.deliver``): check the URL and the address
again (DNS can change after the endpoint was saved), sign the body with a fresh timestamp, POST it, log the
attempt, and decide what comes next (``domain.backoff``): delivered, tried again later, failed, or the
endpoint disabled by ``410 Gone``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import urllib3
from django.conf import settings
from django.db import transaction

from cadence.core import audit, clock
from cadence.webhooks import transport
from cadence.webhooks.domain import backoff, signing
from cadence.webhooks.models import PING, Attempt, Delivery, DeliveryStatus, Endpoint, EndpointStatus

log = logging.getLogger(__name__)
USER_AGENT = "Cadence-Webhooks/1"


@dataclass(frozen=True)
class Result:
    outcome: str  # delivered, retry, failed, gone, skipped
    next_attempt_at: dt.datetime | None = None


def headers_for(delivery: Delivery, secret: str, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        signing.SIGNATURE_HEADER: signing.header(secret, timestamp, delivery.body.encode("utf-8")),
        signing.EVENT_HEADER: delivery.kind,
        signing.DELIVERY_HEADER: str(delivery.uuid),
    }


def _send(endpoint: Endpoint, delivery: Delivery, now: dt.datetime) -> tuple[int | None, str, str, int]:
    """(status code, excerpt, error, duration in ms) of one POST; never raises for the network's failures."""
    body = delivery.body.encode("utf-8")
    try:
        target, address = transport.check(endpoint.url, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE)
        answer = transport.post(target, address, body, headers_for(delivery, endpoint.secret, int(now.timestamp())),
                                timeout=float(settings.WEBHOOKS_TIMEOUT))
    except transport.Refused as exc:
        return None, "", f"refused ({exc.code}): {exc.detail}"[:300], 0
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        return None, "", f"{type(exc).__name__}: {exc}"[:300], 0
    return answer.status, answer.excerpt, "", answer.duration_ms


def attempt(delivery_id: int, expected_attempts: int, expected_round: int = 0) -> Result:
    """Try the delivery once (in its workspace's scope, entered by the task). ``expected_attempts`` and
    ``expected_round``: the delivery's attempts and round when this try was queued; another round means a
    redelivery replaced it, another count that another try ran meanwhile."""
    delivery = Delivery.objects.select_related("endpoint", "workspace").filter(pk=delivery_id).first()
    if (delivery is None or delivery.attempts != expected_attempts or delivery.round != expected_round
            or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)):
        return Result("skipped")
    endpoint = delivery.endpoint
    now = clock.now()
    if endpoint.status != EndpointStatus.ACTIVE and delivery.kind != PING:
        code, excerpt, error, duration = None, "", "not sent: the endpoint is not active", 0
        final = True
    else:
        code, excerpt, error, duration = _send(endpoint, delivery, now)
        final = False
    with transaction.atomic():
        Attempt.objects.create(workspace=delivery.workspace, delivery=delivery, started_at=now, duration_ms=duration,
                               status_code=code, response_excerpt=excerpt, error=error)
        delivery.attempts += 1
        delivery.last_status_code = code
        verdict = backoff.outcome(code)
        delay = backoff.delay_after(delivery.attempts) if verdict == "retry" and not final else None
        result: Result
        if verdict == "delivered":
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
            result = Result("delivered")
        elif verdict == "gone":
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            if endpoint.status != EndpointStatus.DISABLED:
                endpoint.status = EndpointStatus.DISABLED
                endpoint.save(update_fields=["status", "updated_at"])
                audit.record(workspace=delivery.workspace, actor=None, action="webhook.disabled", obj=endpoint,
                             changes={"status": ["active", "disabled"], "status_code": 410})
            result = Result("gone")
        elif delay is None:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            result = Result("failed")
        else:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + dt.timedelta(seconds=delay)
            result = Result("retry", delivery.next_attempt_at)
        delivery.save(update_fields=["attempts", "last_status_code", "status", "delivered_at", "next_attempt_at"])
    return result
