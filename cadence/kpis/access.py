"""This app's lookups. The engagement comes from ``cadence.engagements.access.get_engagement(membership,
uuid)`` (404 for one the member cannot see); a KPI is looked up inside it, an entry and a control point inside
their KPI, an alert among the member's own: another engagement's, another workspace's and a missing one give
the same 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.kpis.models import ControlPoint, Kpi, KpiAlert, KpiEntry


def get_kpi(engagement: Any, uuid: Any) -> Kpi:
    try:
        kpi = (Kpi.objects.select_related("engagement", "engagement__workspace")
               .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except Kpi.DoesNotExist:
        raise Http404 from None
    kpi.engagement = engagement
    return kpi


def get_entry(kpi: Kpi, uuid: Any) -> KpiEntry:
    try:
        entry = KpiEntry.objects.get(workspace_id=kpi.workspace_id, kpi=kpi, uuid=tenancy.public_id(uuid))
    except KpiEntry.DoesNotExist:
        raise Http404 from None
    entry.kpi = kpi
    return entry


def get_control_point(kpi: Kpi, uuid: Any) -> ControlPoint:
    try:
        point = (ControlPoint.objects.select_related("task")
                 .get(workspace_id=kpi.workspace_id, kpi=kpi, uuid=tenancy.public_id(uuid)))
    except ControlPoint.DoesNotExist:
        raise Http404 from None
    point.kpi = kpi
    return point


def get_alert(membership: Membership, uuid: Any) -> KpiAlert:
    try:
        return KpiAlert.objects.get(workspace_id=membership.workspace_id, user_id=membership.user_id,
                                    uuid=tenancy.public_id(uuid))
    except KpiAlert.DoesNotExist:
        raise Http404 from None


def resolve_kpi(membership: Membership, params: Mapping[str, Any]) -> Kpi:
    return get_kpi(get_engagement(membership, params["engagement"]), params["kpi"])


def resolve_entry(membership: Membership, params: Mapping[str, Any]) -> KpiEntry:
    return get_entry(resolve_kpi(membership, params), params["kpi_entry"])


def resolve_control_point(membership: Membership, params: Mapping[str, Any]) -> ControlPoint:
    return get_control_point(resolve_kpi(membership, params), params["kpi_review"])


def resolve_alert(membership: Membership, params: Mapping[str, Any]) -> KpiAlert:
    return get_alert(membership, params["kpi_alert"])


__all__ = ["get_alert", "get_control_point", "get_entry", "get_kpi", "resolve_alert", "resolve_control_point",
           "resolve_entry", "resolve_kpi"]


def find_kpi(membership: Membership, uuid: Any) -> Kpi:
    """A KPI by its public id alone, for apps that name a KPI without its engagement (a comment thread): 404 for
    one of an engagement the member cannot see, another workspace's or a missing one."""
    engagement = (Kpi.objects.filter(workspace_id=membership.workspace_id, uuid=tenancy.public_id(uuid))
                  .values_list("engagement__uuid", flat=True).first())
    if engagement is None:
        raise Http404
    return get_kpi(get_engagement(membership, engagement), uuid)
