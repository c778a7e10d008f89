"""The meetings' place in core's pages: a "Meetings" button on the engagement page for whoever may see them (the
team, and the client's approver and viewer for their client's engagements)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.core import registry
from cadence.core.models import Membership
from cadence.core.registry import Link


def engagement_link(membership: Membership, engagement: Any) -> Link | None:
    if not tenancy.can(membership, "meetings.view", client=engagement.client):
        return None
    return Link(str(_("Meetings")), reverse("meetings:list", args=[membership.workspace.slug, engagement.uuid]))


def register() -> None:
    registry.engagement_link(engagement_link)
