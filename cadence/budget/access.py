"""This app's lookups. The engagement comes from ``cadence.engagements.access.get_engagement(membership,
uuid)`` (404 for one the member cannot see); a budget line is looked up inside it, so another engagement's
line, another workspace's and a missing one give the same 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.budget.models import BudgetLine
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement


def get_line(engagement: Any, uuid: Any) -> BudgetLine:
    try:
        return (BudgetLine.objects.select_related("engagement", "initiative")
                .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except BudgetLine.DoesNotExist:
        raise Http404 from None


def resolve_line(membership: Membership, params: Mapping[str, Any]) -> BudgetLine:
    return get_line(get_engagement(membership, params["engagement"]), params["budget_line"])


__all__ = ["get_line", "resolve_line"]
