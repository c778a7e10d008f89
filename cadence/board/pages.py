"""The board's places in core's pages (registered from ``apps.py``): "My work" in the team's navigation (my
work across clients), and a "Task board" button on the engagement page for whoever may see the board.
Clients get nothing here: they see the roadmap, which links itself."""

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
    if membership.is_client or not tenancy.can(membership, "board.view"):
        return None
    return Link(str(_("Task board")), reverse("board:board", args=[membership.workspace.slug, engagement.uuid]))


def register() -> None:
    registry.nav(gettext_lazy("My work"), "board:my-work", order=32, team_only=True, capability="board.view")
    registry.engagement_link(engagement_link)
