"""This app's lookups. The engagement comes from ``cadence.engagements.access.get_engagement(membership,
uuid)`` (404 for one the member cannot see); a meeting is looked up inside it, its agenda items, decisions and
action items inside the meeting: another engagement's, another workspace's and a missing one give the same 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.meetings.models import ActionItem, AgendaItem, Decision, Meeting


def get_meeting(engagement: Any, uuid: Any) -> Meeting:
    try:
        meeting = (Meeting.objects.select_related("series")
                   .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except Meeting.DoesNotExist:
        raise Http404 from None
    meeting.engagement = engagement
    return meeting


def find_meeting(membership: Membership, uuid: Any) -> Meeting:
    """A meeting by its public id alone, for apps that name a meeting without its engagement (a comment thread):
    404 for one of an engagement the member cannot see, another workspace's or a missing one."""
    engagement = (Meeting.objects.filter(workspace_id=membership.workspace_id, uuid=tenancy.public_id(uuid))
                  .values_list("engagement__uuid", flat=True).first())
    if engagement is None:
        raise Http404
    return get_meeting(get_engagement(membership, engagement), uuid)


def _child(model: Any, meeting: Meeting, uuid: Any) -> Any:
    try:
        obj = model.objects.get(workspace_id=meeting.workspace_id, meeting=meeting, uuid=tenancy.public_id(uuid))
    except model.DoesNotExist:
        raise Http404 from None
    obj.meeting = meeting
    return obj


def get_agenda_item(meeting: Meeting, uuid: Any) -> AgendaItem:
    item: AgendaItem = _child(AgendaItem, meeting, uuid)
    return item


def get_decision(meeting: Meeting, uuid: Any) -> Decision:
    item: Decision = _child(Decision, meeting, uuid)
    return item


def get_action_item(meeting: Meeting, uuid: Any) -> ActionItem:
    item: ActionItem = _child(ActionItem, meeting, uuid)
    return item


def resolve_meeting(membership: Membership, params: Mapping[str, Any]) -> Meeting:
    return get_meeting(get_engagement(membership, params["engagement"]), params["meeting"])


def resolve_agenda_item(membership: Membership, params: Mapping[str, Any]) -> AgendaItem:
    return get_agenda_item(resolve_meeting(membership, params), params["agenda_item"])


def resolve_decision(membership: Membership, params: Mapping[str, Any]) -> Decision:
    return get_decision(resolve_meeting(membership, params), params["decision"])


def resolve_action_item(membership: Membership, params: Mapping[str, Any]) -> ActionItem:
    return get_action_item(resolve_meeting(membership, params), params["action_item"])


__all__ = ["find_meeting", "get_action_item", "get_agenda_item", "get_decision", "get_meeting", "resolve_action_item",
           "resolve_agenda_item", "resolve_decision", "resolve_meeting"]
