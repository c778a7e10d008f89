"""Fixtures of the exchange tests (feed, scheduler CSV, import): members, and posts in each status made through
the posts helper's services (as the team and the client would)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cadence.content import services
from cadence.core.models import Membership

TZ = ZoneInfo("Europe/Bucharest")


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def membership_of(user, workspace) -> Membership:
    return Membership.objects.select_related("workspace").get(user=user, workspace=workspace)


@pytest.fixture
def today(clock):
    clock.set(dt.date(2026, 10, 14))
    return dt.date(2026, 10, 14)


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer):
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: membership_of(user, workspace) for name, user in users.items()}


@pytest.fixture
def users(owner, manager, specialist, approver, viewer):
    return {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}


@pytest.fixture
def post_in(users, m, engagement, today):
    """post_in(status, **PostData fields): a post brought to ``status`` through the services."""

    def _make(status="scheduled", **kw):
        base = {"channel": "instagram", "format": "image", "title": "Pâinea cu maia",
                "caption": "Pâinea noastră cu maia, caldă în fiecare dimineață.", "hashtags": ["paine", "cluj"],
                "publish_at": at(dt.date(2026, 11, 3))}
        base.update(kw)
        post = services.create_post(actor=users["specialist"], membership=m["specialist"], engagement=engagement,
                                    data=services.PostData(**{**base, "status": "idea" if status == "idea" else None}))
        if status in ("idea", "draft"):
            return post
        post = services.set_status(actor=users["specialist"], membership=m["specialist"], post=post, status="in_review")
        if status == "in_review":
            return post
        post = services.approve(actor=users["approver"], membership=m["approver"], post=post)
        if status == "approved":
            return post
        post = services.set_status(actor=users["manager"], membership=m["manager"], post=post, status="scheduled")
        if status == "scheduled":
            return post
        return services.set_status(actor=users["manager"], membership=m["manager"], post=post, status="published")

    return _make
