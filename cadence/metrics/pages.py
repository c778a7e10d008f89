"""The imports' place in core's pages: an "Imports" button on the engagement page for the team
(``metrics.import``) and a "Results" button for whoever may read the metrics (the team, and the client's
approver and viewer for their client's engagements: the totals, never the files)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.core import registry
from cadence.core.models import Membership
from cadence.core.registry import Link


def imports_link(membership: Membership, engagement: Any) -> Link | None:
    if membership.is_client or not tenancy.can(membership, "metrics.import"):
        return None
    return Link(str(_("Imports")), reverse("metrics:imports", args=[membership.workspace.slug, engagement.uuid]))


def results_link(membership: Membership, engagement: Any) -> Link | None:
    if not tenancy.can(membership, "metrics.view", client=engagement.client):
        return None
    return Link(str(_("Results")), reverse("metrics:results", args=[membership.workspace.slug, engagement.uuid]))


def register() -> None:
    registry.engagement_link(imports_link)
    registry.engagement_link(results_link)
