"""The content calendar's places in core's pages (registered from ``apps.py``): a "Content calendar" button
on the engagement page for whoever may see the calendar (the team, and the client's approver and viewer),
and "Approvals" in the navigation of client users who approve posts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadence import tenancy
from cadence.core import registry
from cadence.core.models import Membership
from cadence.core.registry import Link


def engagement_link(membership: Membership, engagement: Any) -> Link | None:
    if not tenancy.can(membership, "content.view", client=engagement.client):
        return None
    return Link(str(_("Content calendar")), reverse("content:calendar", args=[membership.workspace.slug,
                                                                               engagement.uuid]))


def register() -> None:
    registry.nav(gettext_lazy("Approvals"), "content:approvals", order=33, capability="content.approve")
    registry.engagement_link(engagement_link)
