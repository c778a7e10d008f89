"""The workspace's activity: the latest audit entries, readable."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cadence import tenancy
from cadence.core.audit_display import describe
from cadence.core.models import AuditEntry

LIMIT = 200


@tenancy.workspace_view("audit.view")
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = list(
        AuditEntry.objects.filter(workspace=request.workspace)  # type: ignore[attr-defined]
        .select_related("actor", "engagement__client")[:LIMIT]
    )
    return render(request, "core/audit_list.html", {"entries": describe(entries), "limit": LIMIT})
