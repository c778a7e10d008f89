"""Fixtures of the roadmap's tests: members by role, initiatives, an approved plan with initiatives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.models import Membership

D = dt.date


def membership_of(user, workspace) -> Membership:
    return Membership.objects.get(user=user, workspace=workspace)


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: membership_of(user, workspace) for name, user in users.items()}


def make(manager, membership, engagement, title, start, deadline, **fields):
    from cadence.board import initiative_services as services

    return services.create_initiative(actor=manager, membership=membership, engagement=engagement, title=title,
                                      start=start, deadline=deadline, **fields)


@pytest.fixture
def chain(m, manager, engagement):
    """Three initiatives, A → B → C (finish to start), with room between them."""
    from cadence.board import initiative_services as services

    a = make(manager, m["manager"], engagement, "Audit", D(2026, 9, 7), D(2026, 9, 30))
    b = make(manager, m["manager"], engagement, "Brand book", D(2026, 10, 1), D(2026, 10, 20))
    c = make(manager, m["manager"], engagement, "Campaigns", D(2026, 10, 21), D(2026, 11, 30))
    services.add_dependency(actor=manager, membership=m["manager"], predecessor=a, successor=b)
    services.add_dependency(actor=manager, membership=m["manager"], predecessor=b, successor=c)
    return a, b, c


@pytest.fixture
def approved_plan(engagement, owner, manager, specialist, approver, m):
    """The engagement's marketing plan, approved, with one objective and two initiatives (one without dates)."""
    from cadence.engagements import services as eng
    from cadence.plans import services as plans

    research = engagement.phases.get(key="research")
    eng.log_time(actor=specialist, membership=m["specialist"], engagement=engagement, phase=research,
                 date=dt.date(2026, 9, 8), hours=Decimal(3), note="research")
    plan = plans.ensure_plan(actor=owner, engagement=engagement)
    objective = plans.create_record(actor=manager, membership=m["manager"], plan=plan, kind="objective",
                                    data={"title": "More online orders", "department": "sales"})
    plans.create_record(actor=manager, membership=m["manager"], plan=plan, kind="initiative",
                        data={"title": "Shop photos", "owner": "Mihai Manager", "start": dt.date(2026, 10, 1),
                              "end": dt.date(2026, 10, 31), "budget": Decimal("1200.50"),
                              "objective": str(objective.uuid)})
    plans.create_record(actor=manager, membership=m["manager"], plan=plan, kind="initiative",
                        data={"title": "Loyalty programme"})
    version = plans.submit(actor=manager, membership=m["manager"], plan=plan)
    plans.approve(actor=approver, membership=m["approver"], plan=plan, number=version.number)
    return plan, objective
