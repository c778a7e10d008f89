"""Fixtures of the plans' service and API tests: an engagement's plan, the members and a few records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadence.core.models import Membership


def membership_of(user: Any, workspace: Any) -> Membership:
    return Membership.objects.get(user=user, workspace=workspace)


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    """The canonical members of our workspace, by role name."""
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: membership_of(user, workspace) for name, user in users.items()}


@pytest.fixture
def plan(engagement, owner, specialist):
    """The engagement's plan in draft (version 1), with hours logged on the research phase so the
    "plan approved" gate may pass."""
    from cadence.engagements import services as eng
    from cadence.plans import services

    research = engagement.phases.get(key="research")
    eng.log_time(actor=specialist, membership=membership_of(specialist, engagement.workspace), engagement=engagement,
                 phase=research, date=dt.date(2026, 9, 8), hours=Decimal(3), note="research")
    return services.ensure_plan(actor=owner, engagement=engagement)
