"""This app's lookups: every view, API route and service gets files through these, on top of the
engagements' lookups. The caller first gets the engagement with ``engagements.access.get_engagement``
(a 404 for an engagement the member cannot see); a file is then looked up inside that engagement, so
another engagement's file, another workspace's and a missing one give the same 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import Client, Membership
from cadence.engagements.access import get_engagement
from cadence.files.models import EngagementFile

# An engagement (``cadence.engagements``): apps reach each other only through their access, queries and
# services modules, so its model is not imported here.
Engagement = Any


def get_file(engagement: Engagement, uuid: Any) -> EngagementFile:
    """A file of an engagement the caller got through ``get_engagement``; 404 when it is not that engagement's."""
    try:
        return EngagementFile.objects.select_related("workspace", "engagement", "uploaded_by").get(
            workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid))
    except EngagementFile.DoesNotExist:
        raise Http404 from None


def resolve_file(membership: Membership, params: Mapping[str, Any]) -> EngagementFile:
    """``file`` in a URL (always under its ``engagement``): a file the member cannot see is a 404 before any 403."""
    return get_file(get_engagement(membership, params["engagement"]), params["file"])


def client_of(file: EngagementFile) -> Client:
    client: Client = file.engagement.client
    return client


__all__ = ["client_of", "get_file", "resolve_file"]
