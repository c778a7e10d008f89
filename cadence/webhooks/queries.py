"""Read models of the webhooks' pages and API: the workspace's endpoints with their latest delivery, and an
endpoint's delivery log with every attempt (a constant number of queries each)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from cadence.core.models import Workspace
from cadence.webhooks.models import Attempt, Delivery, Endpoint

LOG_SIZE = 50


def endpoints(workspace: Workspace) -> list[Endpoint]:
    return list(Endpoint.objects.filter(workspace=workspace).order_by("created_at", "id"))


def delivery_log(endpoint: Endpoint, limit: int = LOG_SIZE) -> list[Delivery]:
    """The endpoint's latest deliveries, newest first, each with its attempts (``attempt_log``): two queries."""
    attempts: QuerySet[Attempt] = Attempt.objects.filter(workspace_id=endpoint.workspace_id).order_by("started_at",
                                                                                                      "id")
    return list(Delivery.objects.filter(workspace_id=endpoint.workspace_id, endpoint=endpoint)
                .order_by("-created_at", "-id").prefetch_related(Prefetch("attempt_log", queryset=attempts))[:limit])
