"""The calendar of an engagement: the month (weeks x 7 days, Monday first, with the frequency plan's empty
slots), the week (7 columns by time) and the list (a table sorted by date, paginated). The filters
(channel, status, objective) are GET parameters kept across the three."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.content import queries
from cadence.content.models import ChannelChoice, StatusChoice
from cadence.content.views import EDIT, MANAGE, VIEW, can
from cadence.core.pagination import page_of, page_query
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest

PER_PAGE = 25


def _common(request: WorkspaceRequest, engagement: Any, view: str) -> dict[str, Any]:
    client = request.membership.is_client
    objectives = queries.objective_titles(engagement, live=not client)  # client users never read a draft plan
    filters = queries.parse_filters(request.GET, objectives=objectives, client=client)
    statuses = [(v, label) for v, label in StatusChoice.choices if not client or v in queries.CLIENT_STATUSES]
    return {
        "engagement": engagement, "view": view, "filters": filters, "objectives": objectives,
        "channels": ChannelChoice.choices, "statuses": statuses,
        "can_edit": can(request, engagement, EDIT), "can_manage": can(request, engagement, MANAGE),
        "is_client": client,
    }


@tenancy.workspace_view(VIEW)
@require_GET
def month(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    context = _common(request, obj, "calendar")
    month_start = queries.parse_month(request.GET.get("month"), queries.today(obj))
    context["grid"] = queries.month_grid(request.membership, obj, month_start, context["filters"])
    return render(request, "content/month.html", context)


@tenancy.workspace_view(VIEW)
@require_GET
def week(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    context = _common(request, obj, "calendar-week")
    day = queries.parse_day(request.GET.get("day"), queries.today(obj))
    context["week"] = queries.week_view(request.membership, obj, day, context["filters"])
    return render(request, "content/week.html", context)


@tenancy.workspace_view(VIEW)
@require_GET
def post_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    context = _common(request, obj, "calendar-list")
    sort = str(request.GET.get("sort") or "date")
    sort = sort if sort in queries.SORTS else "date"
    page = page_of(request, queries.list_posts(request.membership, obj, context["filters"], sort), PER_PAGE)
    context.update({"page": page, "sort": sort, "page_query": page_query(request),
                    "rows": queries.list_rows(request.membership, obj, list(page.object_list),
                                              context["objectives"])})
    return render(request, "content/list.html", context)
