"""This app's lookups: views, API routes and services get import batches and mapping profiles through these.
The engagement always comes from ``cadence.engagements.access.get_engagement(membership, uuid)`` (404 for one
the member cannot see); a batch is looked up inside it and a profile inside the workspace, so another
engagement's batch, another workspace's and a missing one give the same 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.metrics.models import ImportBatch, MappingProfile


def get_batch(engagement: Any, uuid: Any) -> ImportBatch:
    try:
        return (ImportBatch.objects.select_related("engagement", "created_by", "profile", "undone_by")
                .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def batches_of(engagement: Any) -> list[ImportBatch]:
    """The engagement's imports, newest first (the API's list)."""
    return list(ImportBatch.objects.select_related("engagement", "created_by", "profile", "undone_by")
                .filter(workspace_id=engagement.workspace_id, engagement=engagement).order_by("-created_at", "-id"))


def resolve_batch(membership: Membership, params: Mapping[str, Any]) -> ImportBatch:
    return get_batch(get_engagement(membership, params["engagement"]), params["batch"])


def get_profile(membership: Membership, uuid: Any) -> MappingProfile:
    try:
        return MappingProfile.objects.get(workspace_id=membership.workspace_id, uuid=tenancy.public_id(uuid))
    except MappingProfile.DoesNotExist:
        raise Http404 from None


def resolve_profile(membership: Membership, params: Mapping[str, Any]) -> MappingProfile:
    return get_profile(membership, params["profile"])


__all__ = ["batches_of", "get_batch", "get_profile", "resolve_batch", "resolve_profile"]
