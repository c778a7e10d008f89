"""This app's lookups: every view, API route and service gets cards, labels, recurring rules and task
templates through these. The engagement itself always comes from
``cadence.engagements.access.get_engagement(membership, uuid)`` (404 for one the member cannot see);
everything below is looked up inside it, so another engagement's card, another workspace's and a missing
one give the same 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.board.models import ChecklistItem, Label, RecurringTask, Task, TaskTemplate
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement

Engagement = Any  # cadence.engagements' model: apps meet through access, queries and services only


def get_task(engagement: Engagement, uuid: Any) -> Task:
    """A card of the engagement (404 when it is another engagement's, or missing)."""
    try:
        return (Task.objects.select_related("engagement", "engagement__client", "phase", "assignee", "reviewer",
                                            "initiative")
                .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except Task.DoesNotExist:
        raise Http404 from None


def get_checklist_item(task: Task, item_id: Any) -> ChecklistItem:
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        raise Http404 from None
    try:
        return ChecklistItem.objects.select_related("task").get(workspace_id=task.workspace_id, task=task, pk=pk)
    except (ChecklistItem.DoesNotExist, OverflowError):
        raise Http404 from None


def get_label(membership: Membership, uuid: Any) -> Label:
    """A label of the member's workspace (client users see no labels)."""
    if membership.is_client:
        raise Http404
    try:
        return Label.objects.get(workspace=membership.workspace, uuid=tenancy.public_id(uuid))
    except Label.DoesNotExist:
        raise Http404 from None


def get_recurring(engagement: Engagement, uuid: Any) -> RecurringTask:
    try:
        return (RecurringTask.objects.select_related("engagement", "phase", "assignee")
                .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except RecurringTask.DoesNotExist:
        raise Http404 from None


def get_task_template(membership: Membership, uuid: Any) -> TaskTemplate:
    """A task template of the member's workspace (client users never see templates)."""
    if membership.is_client:
        raise Http404
    try:
        return TaskTemplate.objects.select_related("template").get(workspace=membership.workspace,
                                                                   uuid=tenancy.public_id(uuid))
    except TaskTemplate.DoesNotExist:
        raise Http404 from None


# URL parameters this app resolves when tenancy refuses a route (registered in registration.py): an object
# the member cannot see is a 404 before any 403.

def resolve_task(membership: Membership, params: Mapping[str, Any]) -> Task:
    return get_task(get_engagement(membership, params["engagement"]), params["task"])


def resolve_recurring(membership: Membership, params: Mapping[str, Any]) -> RecurringTask:
    return get_recurring(get_engagement(membership, params["engagement"]), params["recurring"])


def resolve_label(membership: Membership, params: Mapping[str, Any]) -> None:
    # client users know labels exist (they are refused with 403, not 404), as for process templates
    if not Label.objects.filter(workspace=membership.workspace, uuid=tenancy.public_id(params["label"])).exists():
        raise Http404


def resolve_task_template(membership: Membership, params: Mapping[str, Any]) -> None:
    if not TaskTemplate.objects.filter(workspace=membership.workspace,
                                       uuid=tenancy.public_id(params["task_template"])).exists():
        raise Http404


__all__ = ["get_checklist_item", "get_label", "get_recurring", "get_task", "get_task_template"]


def get_initiative(engagement: Engagement, uuid: Any) -> Any:
    """A roadmap initiative of the engagement, for other apps (a post or a budget line serving it): 404 for
    another engagement's or a missing one (``initiatives.get_initiative``)."""
    from cadence.board import initiatives

    return initiatives.get_initiative(engagement, uuid)


def find_task(membership: Membership, uuid: Any) -> Task:
    """A card of the member's workspace by its public id alone, for apps that name a card without its engagement
    (a comment thread): 404 for client users (they see no board), for a card of an engagement the member cannot
    see, another workspace's or a missing one."""
    if membership.is_client:
        raise Http404
    engagement = (Task.objects.filter(workspace_id=membership.workspace_id, uuid=tenancy.public_id(uuid))
                  .values_list("engagement__uuid", flat=True).first())
    if engagement is None:
        raise Http404
    return get_task(get_engagement(membership, engagement), uuid)
