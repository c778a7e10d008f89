"""This app's part of the audit trail, registered with core in ``apps.py`` (``cadence/core/registry.py``):
readable names of the actions it records and of the fields their changes name, and its engagements as the
"threads" entries belong to (an engagement's history: its own entries and its phases', gates' and time
entries')."""

from __future__ import annotations

import uuid
from collections.abc import Set
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadence.core.models import AuditEntry, Workspace
from cadence.core.registry import Link
from cadence.engagements.models import Engagement

ACTION_LABELS: dict[str, Any] = {
    "template.copied": _("copied a process template"),
    "template.updated": _("changed a process template"),
    "engagement.created": _("created an engagement"),
    "engagement.updated": _("changed an engagement"),
    "engagement.phases_updated": _("changed the phases of an engagement"),
    "phase.completed": _("marked a phase completed"),
    "phase.reopened": _("reopened a phase"),
    "gate.passed": _("recorded a gate as passed"),
    "gate.reopened": _("reopened a gate"),
    "gate.client_approved": _("confirmed a checkpoint for the client"),
    "phase.kept_open": _("kept a phase open"),
    "time.logged": _("logged time"),
    "time.updated": _("changed a time entry"),
    "time.deleted": _("deleted a time entry"),
    "time.restored": _("restored a deleted time entry"),
    "time.override_added": _("allowed extra hours"),
    "engagement.terms_changed": _("changed the contract terms from a month on"),
    "month.closed": _("closed a month"),
    "month.reopened": _("reopened a month"),
}

FIELD_LABELS: dict[str, Any] = {
    "start_date": _("start date"), "monthly_hours": _("hours per month"), "subdivision": _("region"),
    "time_zone": _("time zone"), "rollover_mode": _("unused hours"), "rollover_cap": _("carry-over cap"),
    "template": _("template"), "completed_on": _("completed on"), "passed_on": _("passed on"), "note": _("note"),
    "user": _("person"), "date": _("date"), "hours": _("hours"), "phase": _("phase"), "month": _("month"),
    "extra_hours": _("extra hours"), "reason": _("reason"), "order": _("order"), "kind": _("kind"),
    "effort_hours": _("effort"), "min_days": _("min. days"), "expected_days": _("expected days"),
    "max_days": _("max. days"), "share": _("share"), "not_before_month": _("not before month"),
    "alongside": _("runs alongside"), "requires_gates": _("gates required"), "description": _("explanation"),
    "category": _("category"), "key": _("key"), "phases": _("phases"), "from": _("copied from"), "gates": _("gates"),
    "names": _("name in each language"), "descriptions": _("explanation in each language"),
    "after_phase": _("passes after phase"), "client_approvable": _("the client approves it"),
    "from_month": _("from month"), "contract_months": _("contract length (months)"),
    "close_after_days": _("days until a month closes"), "closed_month": _("closed month"),
    "approved_by": _("approved by (client side)"), "unused_hours": _("unused hours of the estimate"),
    "logged_hours": _("hours logged"), "keep_open_since": _("kept open since"),
    "remaining_hours": _("hours still to do"),
}


def thread_links(workspace: Workspace, ids: Set[uuid.UUID]) -> dict[uuid.UUID, Link]:
    """The engagements among ``ids``, named and linked to their page (one query for a page of entries)."""
    rows = Engagement.objects.filter(workspace=workspace, uuid__in=ids).values_list("uuid", "name")
    return {uid: Link(name, reverse("engagements:engagement-detail", args=[workspace.slug, uid]))
            for uid, name in rows}


def engagement_deleted(sender: Any, instance: Engagement, **kwargs: Any) -> None:
    """An engagement's history goes with it (as its audit entries did when they pointed to it)."""
    AuditEntry.objects.filter(workspace_id=instance.workspace_id, thread=instance.uuid).delete()
