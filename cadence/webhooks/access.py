"""This app's lookups: an endpoint of the member's workspace and a delivery of that endpoint (another
workspace's, another endpoint's and a missing one give the same 404)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import Membership
from cadence.webhooks.models import Delivery, Endpoint


def get_endpoint(membership: Membership, uuid: Any) -> Endpoint:
    try:
        return Endpoint.objects.get(workspace=membership.workspace, uuid=tenancy.public_id(uuid))
    except Endpoint.DoesNotExist:
        raise Http404 from None


def get_delivery(membership: Membership, endpoint: Endpoint, uuid: Any) -> Delivery:
    try:
        return Delivery.objects.select_related("endpoint").get(workspace=membership.workspace, endpoint=endpoint,
                                                               uuid=tenancy.public_id(uuid))
    except Delivery.DoesNotExist:
        raise Http404 from None


def resolve_endpoint(membership: Membership, params: Mapping[str, Any]) -> Endpoint:
    return get_endpoint(membership, params["endpoint"])


def resolve_delivery(membership: Membership, params: Mapping[str, Any]) -> Delivery:
    return get_delivery(membership, get_endpoint(membership, params["endpoint"]), params["webhook_delivery"])


__all__ = ["get_delivery", "get_endpoint", "resolve_delivery", "resolve_endpoint"]
