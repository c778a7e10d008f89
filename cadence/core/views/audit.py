"""The workspace's activity: its audit entries, readable, newest first, a page at a time."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cadence import tenancy
from cadence.core.audit_display import describe
from cadence.core.models import AuditEntry
from cadence.core.pagination import page_of, page_query
from cadence.http import WorkspaceRequest


@tenancy.workspace_view("audit.view")
@require_safe
def audit_list(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    entries = (AuditEntry.objects.filter(workspace=workspace).select_related("actor").order_by("-created_at", "-id"))
    page = page_of(request, entries)
    return render(request, "core/audit_list.html", {
        "entries": describe(page.object_list, workspace=workspace), "page_obj": page, "page_query": page_query(request),
    })
