"""This app's lookups. The engagement comes from ``cadence.engagements.access.get_engagement(membership,
uuid)`` (404 for one the member cannot see); a report and a delivery are looked up inside it, so another
engagement's, another workspace's and a missing one give the same 404. A client user sees SENT reports only:
a draft is a 404 for them, as if it did not exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportStatus


def get_report(membership: Membership, engagement: Any, uuid: Any) -> MonthlyReport:
    rows = MonthlyReport.objects.select_related("engagement__client", "engagement__workspace").filter(
        workspace_id=engagement.workspace_id, engagement=engagement)
    if membership.is_client:
        rows = rows.filter(status=ReportStatus.SENT)
    try:
        return rows.get(uuid=tenancy.public_id(uuid))
    except MonthlyReport.DoesNotExist:
        raise Http404 from None


def get_delivery(membership: Membership, engagement: Any, uuid: Any) -> ReportDelivery:
    try:
        return (ReportDelivery.objects.select_related("report__engagement")
                .get(workspace_id=engagement.workspace_id, report__engagement=engagement, uuid=tenancy.public_id(uuid)))
    except ReportDelivery.DoesNotExist:
        raise Http404 from None


def resolve_report(membership: Membership, params: Mapping[str, Any]) -> MonthlyReport:
    return get_report(membership, get_engagement(membership, params["engagement"]), params["report"])


def resolve_delivery(membership: Membership, params: Mapping[str, Any]) -> ReportDelivery:
    return get_delivery(membership, get_engagement(membership, params["engagement"]), params["delivery"])


__all__ = ["get_delivery", "get_report", "resolve_delivery", "resolve_report"]
