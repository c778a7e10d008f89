"""What every engagements route shares: the engagement's address and its lookup."""

from typing import Any

from cadence.api.routers import member
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.engagements.models import Engagement
from cadence.http import ApiRequest

E = "/workspaces/{workspace}/engagements/{uuid:engagement}"


def engagement_for(request: ApiRequest, workspace: str, engagement: Any) -> tuple[Membership, Engagement]:
    """Membership and the engagement in the URL: 404 when the caller cannot see it.

    An engagement a client user cannot see is a 404 for them on every route, never a 403 that would
    confirm it exists: ``tenancy.enforce`` looks the URL's objects up before it refuses a role.
    """
    membership = member(request, workspace)
    return membership, get_engagement(membership, engagement)
