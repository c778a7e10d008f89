"""What every board route shares: the engagement's address, the lookups of what a body names, the outputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import Http404

from cadence import tenancy
from cadence.api.routers import member, unknown
from cadence.board import access, queries
from cadence.board.models import Initiative, Label, Task, TaskAttachment
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement, get_phase
from cadence.http import ApiRequest

W = "/workspaces/{workspace}"
E = W + "/engagements/{uuid:engagement}"
T = E + "/tasks/{uuid:task}"


def engagement_for(request: ApiRequest, workspace: str, engagement: Any) -> tuple[Membership, Any]:
    membership = member(request, workspace)
    return membership, get_engagement(membership, engagement)


def task_for(request: ApiRequest, workspace: str, engagement: Any, task: Any) -> tuple[Membership, Any, Task]:
    membership, obj = engagement_for(request, workspace, engagement)
    return membership, obj, access.get_task(obj, task)


def person(membership: Membership, uuid: UUID | None, field: str) -> Any:
    """A teammate named in a body (None stays None); anyone else is a 400 naming the field."""
    if uuid is None:
        return None
    try:
        found = tenancy.get_teammate(membership, uuid)
    except Http404:
        raise unknown(field) from None
    if found.is_client:
        raise unknown(field)
    return found.user


def phase(engagement: Any, key: str | None) -> Any:
    if key is None:
        return None
    try:
        return get_phase(engagement, key)
    except Http404:
        raise unknown("phase") from None


def labels(membership: Membership, ids: list[UUID] | None) -> list[Label] | None:
    if ids is None:
        return None
    found = {label.uuid: label for label in Label.objects.filter(workspace=membership.workspace, uuid__in=ids)}
    if len(found) != len(set(ids)):
        raise unknown("labels")
    return [found[i] for i in ids]


def sibling(engagement: Any, uuid: UUID | None, field: str) -> Task | None:
    if uuid is None:
        return None
    try:
        return access.get_task(engagement, uuid)
    except Http404:
        raise unknown(field) from None


def initiative(engagement: Any, uuid: UUID | None) -> Any:
    """An initiative of the engagement."""
    if uuid is None:
        return None
    found = Initiative.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement, uuid=uuid).first()
    if found is None:
        raise unknown("initiative")
    return found


def engagement_file(engagement: Any, uuid: UUID, *, in_path: bool = False) -> Any:
    """A file of the engagement (through this app's attachment relation, so the lookup is the files app's rule:
    a file of that engagement only): a 404 when the URL names one the caller cannot see, a 400 naming the
    field when the body does."""
    model: Any = TaskAttachment._meta.get_field("file").related_model
    found = model.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement, uuid=uuid).first()
    if found is None:
        if in_path:
            raise Http404
        raise unknown("file")
    return found


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def card_out(card: queries.CardView) -> dict[str, Any]:
    return {
        "id": card.uuid, "title": card.title, "column": card.column, "position": card.position,
        "revision": card.revision, "assignee": card.assignee_uuid, "assignee_name": card.assignee_name,
        "role": card.role, "role_label": card.role_label, "due": card.due, "overdue": card.overdue,
        "estimate": _num(card.estimate), "logged": float(card.logged), "checklist_done": card.checklist_done,
        "checklist_total": card.checklist_total, "labels": [{"name": n, "colour": c} for n, c in card.labels],
        "phase": card.phase_key, "phase_name": card.phase_name, "initiative": card.initiative_uuid,
        "initiative_title": card.initiative_title, "attachments": card.attachments,
        "reviewer_name": card.reviewer_name, "gate_blocked": card.gate_blocked, "engagement": card.engagement_uuid,
        "engagement_name": card.engagement_name, "client_name": card.client_name,
    }


def board_out(view: queries.BoardView) -> dict[str, Any]:
    return {
        "columns": [{"column": c.column, "label": c.label, "count": c.count, "wip_limit": c.wip_limit,
                     "over_limit": c.over_limit, "cards": [card_out(card) for card in c.cards]}
                    for c in view.columns],
        "capacity": [{"month": m.month, "first": m.first, "last": m.last, "planned": float(m.planned),
                      "left": float(m.left), "fits": m.fits, "shortfall": float(m.shortfall),
                      "unestimated": m.unestimated} for m in view.capacity],
    }
