"""The approvals inbox: every post waiting for this member's decision across their engagements, oldest
first, with how long it has waited (a client approver's; a manager's for engagements whose client need not
approve)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.content import queries
from cadence.http import WorkspaceRequest


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def approvals(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "content/approvals.html", {"rows": queries.approvals_inbox(request.membership)})
