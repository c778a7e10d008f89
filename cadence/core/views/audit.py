"""The workspace's activity: the latest audit entries, readable."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cadence import tenancy
from cadence.core.models import AuditEntry

LIMIT = 200

# Readable names of the dotted action codes the services record; unknown codes are shown as they are.
ACTION_LABELS: dict[str, Any] = {
    "workspace.created": _("created the workspace"),
    "workspace.updated": _("changed the workspace"),
    "client.created": _("added a client"),
    "client.updated": _("changed a client"),
    "member.invited": _("invited a person"),
    "member.joined": _("joined the workspace"),
    "member.invitation_revoked": _("revoked an invitation"),
    "member.role_changed": _("changed a role"),
    "member.removed": _("removed a member"),
    "template.copied": _("copied a process template"),
    "template.updated": _("changed a process template"),
    "engagement.created": _("created an engagement"),
    "engagement.updated": _("changed an engagement"),
    "engagement.phases_updated": _("changed the phases of an engagement"),
    "phase.completed": _("marked a phase completed"),
    "phase.reopened": _("reopened a phase"),
    "gate.passed": _("recorded a gate as passed"),
    "gate.reopened": _("reopened a gate"),
    "time.logged": _("logged time"),
    "time.deleted": _("deleted a time entry"),
    "time.override_added": _("allowed extra hours"),
}


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (list, dict)):
        return ", ".join(_show(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def readable_changes(changes: Any) -> list[dict[str, Any]]:
    """{field: [old, new]} or {field: value} -> rows of field, old, new (old is None for a plain value)."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, value in changes.items():
        label = str(field).replace("_", " ")
        if isinstance(value, list) and len(value) == 2:
            rows.append({"field": label, "old": _show(value[0]), "new": _show(value[1]), "pair": True})
        else:
            rows.append({"field": label, "old": None, "new": _show(value), "pair": False})
    return rows


@tenancy.workspace_view("audit.view")
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = list(
        AuditEntry.objects.filter(workspace=request.workspace)  # type: ignore[attr-defined]
        .select_related("actor", "engagement__client")[:LIMIT]
    )
    for entry in entries:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)  # type: ignore[attr-defined]
        entry.rows = readable_changes(entry.changes)  # type: ignore[attr-defined]
    return render(request, "core/audit_list.html", {"entries": entries, "limit": LIMIT})
