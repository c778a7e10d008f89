"""This app's lookups: every view, API route and service gets posts through these. The engagement itself always
comes from ``cadence.engagements.access.get_engagement(membership, uuid)`` (404 for one the member cannot see);
a post is looked up inside it, so another engagement's post, another workspace's and a missing one give the
same 404. Client users never see ideas and drafts: for them such a post is a 404 too (``get_visible_post``)
and ``visible_posts`` leaves them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cadence import tenancy
from cadence.content.domain.workflow import CLIENT_VISIBLE
from cadence.content.models import Post
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement

Engagement = Any  # cadence.engagements' model: apps meet through access, queries and services only

CLIENT_STATUSES: tuple[str, ...] = tuple(s.value for s in CLIENT_VISIBLE)
POST_RELATED = ("engagement", "engagement__client", "phase", "assignee", "initiative", "link", "approved_by")


def get_post(engagement: Engagement, uuid: Any) -> Post:
    """A post of the engagement (404 when it is another engagement's, or missing)."""
    try:
        return (Post.objects.select_related(*POST_RELATED)
                .get(workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(uuid)))
    except Post.DoesNotExist:
        raise Http404 from None


def sees_drafts(membership: Membership) -> bool:
    """Whether the member sees ideas, drafts and the internal fields (assignee, paid promotion): the team."""
    return not membership.is_client


def get_visible_post(membership: Membership, engagement: Engagement, uuid: Any) -> Post:
    """A post the member may see: for client users, one in review or later (ideas and drafts are a 404)."""
    post = get_post(engagement, uuid)
    if not sees_drafts(membership) and post.status not in CLIENT_STATUSES:
        raise Http404
    return post


def visible_posts(membership: Membership, engagement: Engagement) -> QuerySet[Post]:
    """The engagement's posts the member may see (clients: in review and later), with what a list shows."""
    qs = Post.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement)
    if not sees_drafts(membership):
        qs = qs.filter(status__in=CLIENT_STATUSES)
    return qs.select_related(*POST_RELATED)


# URL parameters this app resolves when tenancy refuses a route (registered in registration.py): an object
# the member cannot see is a 404 before any 403.

def resolve_post(membership: Membership, params: Mapping[str, Any]) -> Post:
    return get_visible_post(membership, get_engagement(membership, params["engagement"]), params["post"])


__all__ = ["get_post", "get_visible_post", "resolve_post", "sees_drafts", "visible_posts"]


def find_post(membership: Membership, uuid: Any) -> Post:
    """A post the member may see, by its public id alone, for apps that name a post without its engagement (a
    comment thread): 404 as ``get_visible_post`` (client users never see ideas and drafts)."""
    engagement = (Post.objects.filter(workspace_id=membership.workspace_id, uuid=tenancy.public_id(uuid))
                  .values_list("engagement__uuid", flat=True).first())
    if engagement is None:
        raise Http404
    return get_visible_post(membership, get_engagement(membership, engagement), uuid)
