"""The links' place in core's pages: a "Campaign links" button on the engagement page for the team."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.core import registry
from cadence.core.models import Membership
from cadence.core.registry import Link


def engagement_link(membership: Membership, engagement: Any) -> Link | None:
    if membership.is_client or not tenancy.can(membership, "links.view"):
        return None
    return Link(str(_("Campaign links")), reverse("links:library", args=[membership.workspace.slug, engagement.uuid]))


def register() -> None:
    registry.engagement_link(engagement_link)
