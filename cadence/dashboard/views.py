"""The engagement dashboard's page: the period picker (this month, last month, this quarter, custom) and the
figures of the period beside the previous one. htmx swaps the body (``_body.html``, rendered by this same view)
when the picker changes; a period that cannot be shown is a worded error (400), never a 500.

``dashboard.view`` reads it: the team, and the client's approver and viewer for their client's engagements
(read-only: the page has no form that writes)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.dashboard import queries
from cadence.dashboard.domain import periods
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today
from cadence.http import WorkspaceRequest

VIEW = tenancy.client_capability("dashboard.view", via="engagement")


def period_choices() -> list[tuple[str, str]]:
    return [("month", _("This month")), ("last_month", _("Last month")), ("quarter", _("This quarter")),
            ("custom", _("Custom period"))]


def picked(request: WorkspaceRequest, today: Any) -> tuple[str, str, str, periods.Choice | None, str]:
    """The picker's choice from the query string: (kind, from, to, the periods or None, the error in words)."""
    kind = str(request.GET.get("period") or periods.DEFAULT)[:20]
    start, end = str(request.GET.get("from") or "")[:40], str(request.GET.get("to") or "")[:40]
    try:
        return kind, start, end, periods.choose(kind, today=today, start=start, end=end), ""
    except periods.PeriodError as exc:
        return kind, start, end, None, queries.period_error(exc)


@tenancy.workspace_view(VIEW)
@require_GET
def dashboard(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    today = engagement_today(obj)
    kind, start, end, choice, error = picked(request, today)
    view = None
    if choice is not None:
        view = queries.dashboard(obj, first=choice.current.first, last=choice.current.last, today=today,
                                 membership=m, choice=choice)
        if kind != "custom":  # the custom fields show the chosen days, ready to be changed
            start, end = choice.current.first.isoformat(), choice.current.last.isoformat()
    context = {
        "engagement": obj, "view": view, "error": error, "kind": kind, "kinds": period_choices(),
        "start": start, "end": end, "is_client": m.is_client,
        "period_text": queries.period_text(choice.current) if choice else "",
        "previous_text": queries.period_text(choice.previous) if choice else "",
    }
    if request.htmx:  # htmx swaps only a 2xx answer: the worded error replaces the body as the figures would
        return render(request, "dashboard/_body.html", context)
    return render(request, "dashboard/dashboard.html", context, status=400 if error else 200)
