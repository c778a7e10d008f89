"""The meetings' pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.core import clock
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.meetings import queries

VIEW = tenancy.client_capability("meetings.view", via="engagement")


@tenancy.workspace_view(VIEW)
@require_GET
def meeting_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    upcoming, past = queries.split(obj, clock.now())
    return render(request, "meetings/list.html", {"engagement": obj, "upcoming": upcoming, "past": past})
