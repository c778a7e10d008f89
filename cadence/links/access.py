"""This app's lookups: views, API routes and services get links through these. The engagement always comes
from ``cadence.engagements.access.get_engagement(membership, uuid)`` (404 for one the member cannot see);
a link is looked up inside it, so another engagement's link, another workspace's and a missing one give the
same 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.links.models import UtmLink


def get_link(engagement: Any, uuid: Any) -> UtmLink:
    try:
        return (UtmLink.objects.select_related("engagement", "created_by")
                .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except UtmLink.DoesNotExist:
        raise Http404 from None


def resolve_link(membership: Membership, params: Mapping[str, Any]) -> UtmLink:
    return get_link(get_engagement(membership, params["engagement"]), params["link"])


__all__ = ["get_link", "resolve_link"]
