"""The outgoing webhooks in the JSON API, mounted by the central API through ``WebhooksConfig.api_router``: the
workspace's endpoints (list, add, read with the signing secret, change, delete, replace the secret, send a
test), an endpoint's delivery log with every attempt, and a redelivery. Owners only (``webhooks.manage``),
as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare
from cadence.api.schemas import In
from cadence.core import validation as v
from cadence.http import ApiRequest
from cadence.webhooks import queries, services
from cadence.webhooks.access import get_delivery, get_endpoint
from cadence.webhooks.domain import addresses
from cadence.webhooks.models import Delivery, Endpoint

router = Router(tags=["webhooks"])
MANAGE = capability("webhooks.manage")
W = "/workspaces/{workspace}/webhooks"
EP = W + "/{uuid:endpoint}"
EventName = Literal["plan.approved", "post.approved", "post.scheduled", "task.completed", "import.finished",
                    "kpi.status_changed", "report.sent"]


class EndpointOut(Schema):
    id: UUID
    url: str
    description: str
    events: list[str]
    status: str = Field(..., description="active, paused, or disabled (the receiver answered 410 Gone).")
    created_at: dt.datetime
    secret_rotated_at: dt.datetime | None


class EndpointSecretOut(EndpointOut):
    secret: str = Field(..., description="The signing secret (HMAC-SHA256 key of the Cadence-Signature header).")


class EndpointIn(In):
    url: Annotated[str, Field(min_length=1, max_length=addresses.URL_MAX,
                              description="https:// on the public internet.")]
    description: Annotated[str, Field(max_length=services.DESCRIPTION_MAX, pattern=v.LINE_PATTERN)] = ""
    events: Annotated[list[EventName], Field(min_length=1)]
    status: Literal["active", "paused", "disabled"] = "active"


class AttemptOut(Schema):
    started_at: dt.datetime
    duration_ms: int
    status_code: int | None
    response_excerpt: str
    error: str


class DeliveryOut(Schema):
    id: UUID
    event_id: UUID
    type: str
    status: str = Field(..., description="pending, retrying, delivered or failed.")
    attempts: int = Field(..., description="Attempts of the current round (a redelivery starts a new one).")
    next_attempt_at: dt.datetime | None
    last_status_code: int | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    body: str = Field(..., description="The exact JSON that is signed and sent.")
    attempt_log: list[AttemptOut]


def _endpoint(row: Endpoint, *, secret: bool = False) -> dict[str, Any]:
    out = {"id": row.uuid, "url": row.url, "description": row.description, "events": list(row.events),
           "status": row.status, "created_at": row.created_at, "secret_rotated_at": row.secret_rotated_at}
    if secret:
        out["secret"] = row.secret
    return out


def _delivery(row: Delivery) -> dict[str, Any]:
    return {"id": row.uuid, "event_id": row.event_id, "type": row.kind, "status": row.status,
            "attempts": row.attempts, "next_attempt_at": row.next_attempt_at,
            "last_status_code": row.last_status_code, "created_at": row.created_at,
            "delivered_at": row.delivered_at, "body": row.body,
            "attempt_log": [{"started_at": a.started_at, "duration_ms": a.duration_ms, "status_code": a.status_code,
                             "response_excerpt": a.response_excerpt, "error": a.error}
                            for a in row.attempt_log.all()]}


@router.get(W, response={200: list[EndpointOut], **READ_ERRORS}, summary="The workspace's webhook endpoints",
            openapi_extra=declare(MANAGE))
def endpoint_list(request: ApiRequest, workspace: WorkspaceSlug) -> list[dict[str, Any]]:
    return [_endpoint(e) for e in queries.endpoints(request.membership.workspace)]


@router.post(W, response={201: EndpointSecretOut, **WRITE_ERRORS},
             summary="Add an endpoint (the answer holds its signing secret)", openapi_extra=declare(MANAGE))
def endpoint_create(request: ApiRequest, workspace: WorkspaceSlug, payload: EndpointIn) -> Status[dict[str, Any]]:
    row = services.create_endpoint(actor=request.auth, membership=request.membership, url=payload.url,
                                   description=payload.description, events=payload.events, status=payload.status)
    return Status(201, _endpoint(row, secret=True))


@router.get(EP, response={200: EndpointSecretOut, **READ_ERRORS}, summary="An endpoint with its signing secret",
            openapi_extra=declare(MANAGE))
def endpoint_get(request: ApiRequest, workspace: WorkspaceSlug, endpoint: UUID) -> dict[str, Any]:
    return _endpoint(get_endpoint(request.membership, endpoint), secret=True)


@router.put(EP, response={200: EndpointOut, **WRITE_ERRORS}, summary="Change an endpoint",
            openapi_extra=declare(MANAGE))
def endpoint_put(request: ApiRequest, workspace: WorkspaceSlug, endpoint: UUID, payload: EndpointIn) -> dict[str, Any]:
    row = services.update_endpoint(actor=request.auth, membership=request.membership,
                                   endpoint=get_endpoint(request.membership, endpoint), url=payload.url,
                                   description=payload.description, events=payload.events, status=payload.status)
    return _endpoint(row)


@router.delete(EP, response={204: None, **WRITE_ERRORS}, summary="Delete an endpoint and its delivery log",
               openapi_extra=declare(MANAGE))
def endpoint_delete(request: ApiRequest, workspace: WorkspaceSlug, endpoint: UUID) -> Status[None]:
    services.delete_endpoint(actor=request.auth, membership=request.membership,
                             endpoint=get_endpoint(request.membership, endpoint))
    return Status(204, None)


@router.post(EP + "/rotate-secret", response={200: EndpointSecretOut, **WRITE_ERRORS},
             summary="Replace the signing secret (the answer holds the new one)", openapi_extra=declare(MANAGE))
def rotate_secret(request: ApiRequest, workspace: WorkspaceSlug, endpoint: UUID) -> dict[str, Any]:
    row = services.rotate_secret(actor=request.auth, membership=request.membership,
                                 endpoint=get_endpoint(request.membership, endpoint))
    return _endpoint(row, secret=True)


@router.post(EP + "/test", response={201: DeliveryOut, **WRITE_ERRORS},
             summary="Send a test delivery (a ping event) to the endpoint", openapi_extra=declare(MANAGE))
def send_test(request: ApiRequest, workspace: WorkspaceSlug, endpoint: UUID) -> Status[dict[str, Any]]:
    row = services.send_test(actor=request.auth, membership=request.membership,
                             endpoint=get_endpoint(request.membership, endpoint))
    return Status(201, _delivery(Delivery.objects.prefetch_related("attempt_log").get(pk=row.pk)))


@router.get(EP + "/deliveries", response={200: list[DeliveryOut], **READ_ERRORS},
            summary="The endpoint's latest deliveries, newest first, with every attempt", openapi_extra=declare(MANAGE))
def deliveries(request: ApiRequest, workspace: WorkspaceSlug, endpoint: UUID) -> list[dict[str, Any]]:
    return [_delivery(d) for d in queries.delivery_log(get_endpoint(request.membership, endpoint))]


@router.post(EP + "/deliveries/{uuid:webhook_delivery}/redeliver", response={200: DeliveryOut, **WRITE_ERRORS},
             summary="Send a delivery again (the same body, a new round of attempts)", openapi_extra=declare(MANAGE))
def redeliver(request: ApiRequest, workspace: WorkspaceSlug, endpoint: UUID, webhook_delivery: UUID) -> dict[str, Any]:
    m = request.membership
    row = services.redeliver(actor=request.auth, membership=m,
                             delivery=get_delivery(m, get_endpoint(m, endpoint), webhook_delivery))
    return _delivery(Delivery.objects.prefetch_related("attempt_log").get(pk=row.pk))
