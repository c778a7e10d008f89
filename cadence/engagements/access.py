"""This app's lookups: every view, API route and service gets engagements, templates, time entries, phases
and gates through these, on top of the tenancy core (``cadence/tenancy.py``: workspaces, memberships,
clients, capabilities).

As everywhere, an object in another workspace, one of a client the member cannot see and one that does
not exist give the same 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cadence.core.models import Membership
from cadence.engagements.models import Engagement, EngagementGate, EngagementPhase, ProcessTemplate, TimeEntry
from cadence.tenancy import public_id


def visible_engagements(membership: Membership) -> QuerySet[Engagement]:
    qs = Engagement.objects.filter(workspace=membership.workspace).select_related("client", "template")
    if membership.can("clients.view_all"):
        return qs
    return qs.filter(client__access__membership=membership)


def get_engagement(membership: Membership, engagement_uuid: Any) -> Engagement:
    try:
        return visible_engagements(membership).get(uuid=public_id(engagement_uuid))
    except Engagement.DoesNotExist:
        raise Http404 from None


def get_template(membership: Membership, template_uuid: Any) -> ProcessTemplate:
    if membership.is_client:
        raise Http404
    try:
        return ProcessTemplate.objects.get(workspace=membership.workspace, uuid=public_id(template_uuid))
    except ProcessTemplate.DoesNotExist:
        raise Http404 from None


def get_time_entry(
    membership: Membership, engagement: Engagement, entry_uuid: Any, *, include_deleted: bool = False
) -> TimeEntry:
    """A time entry of an engagement the caller got through ``get_engagement``; deleted ones only when asked
    (to restore them)."""
    qs = TimeEntry.all_objects.filter(engagement=engagement) if include_deleted else engagement.time_entries.all()
    try:
        return qs.select_related("phase", "user", "engagement").get(uuid=public_id(entry_uuid))
    except TimeEntry.DoesNotExist:
        raise Http404 from None


def get_phase(engagement: Engagement, key: str) -> EngagementPhase:
    """A phase of an engagement the caller already got through ``get_engagement``."""
    try:
        return engagement.phases.get(key=key)
    except EngagementPhase.DoesNotExist:
        raise Http404 from None


def get_gate(engagement: Engagement, key: str) -> EngagementGate:
    try:
        return engagement.gates.select_related("recorded_by").get(key=key)
    except EngagementGate.DoesNotExist:
        raise Http404 from None


# URL parameters this app resolves when tenancy refuses a route (registered in apps.py): an object the
# member cannot see is a 404 before any 403, so a refusal never confirms it exists.

def resolve_engagement(membership: Membership, params: Mapping[str, Any]) -> Engagement:
    engagement = get_engagement(membership, params["engagement"])
    if "entry" in params:
        get_time_entry(membership, engagement, params["entry"], include_deleted=True)
    return engagement


def resolve_template(membership: Membership, params: Mapping[str, Any]) -> None:
    # client users know templates exist (they are refused with 403, not 404)
    if not ProcessTemplate.objects.filter(workspace=membership.workspace, uuid=public_id(params["template"])).exists():
        raise Http404


__all__ = ["get_engagement", "get_gate", "get_phase", "get_template", "get_time_entry", "visible_engagements"]
