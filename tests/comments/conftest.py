"""Objects the comments' tests comment on: a card, posts (a draft and one in review), a KPI and a plan in review."""

from __future__ import annotations

import datetime as dt

import pytest

from cadence.core.models import Membership


def membership_of(workspace, user) -> Membership:
    return Membership.objects.get(workspace=workspace, user=user)


@pytest.fixture
def task(engagement, owner, workspace):
    from cadence.board import services

    return services.create_task(actor=owner, membership=membership_of(workspace, owner), engagement=engagement,
                                title="Launch ads")


def _post(engagement, status, title):
    from cadence.content.models import Post

    return Post.objects.create(workspace=engagement.workspace, engagement=engagement, channel="instagram",
                               format="image", title=title, caption="Caption", status=status,
                               publish_at=dt.datetime(2026, 10, 20, 8, 0, tzinfo=dt.UTC))


@pytest.fixture
def post(engagement):
    return _post(engagement, "in_review", "Autumn menu")


@pytest.fixture
def draft_post(engagement):
    return _post(engagement, "draft", "Secret draft")


@pytest.fixture
def kpi(engagement, owner, workspace):
    from cadence.kpis import services

    return services.create_kpi(actor=owner, membership=membership_of(workspace, owner), engagement=engagement,
                               name="Followers", metric_key="manual", unit="followers")


@pytest.fixture
def plan(engagement, owner, workspace):
    from cadence.plans import services

    return services.ensure_plan(actor=owner, engagement=engagement)


@pytest.fixture
def submitted_plan(plan, owner, workspace):
    from cadence.plans import services

    services.create_record(actor=owner, membership=membership_of(workspace, owner), plan=plan, kind="competitor",
                           data={"name": "Rival bakery"})
    services.submit(actor=owner, membership=membership_of(workspace, owner), plan=plan)
    return plan


@pytest.fixture
def events_heard():
    """The events sent after commit (``core.events.event_committed``), in order."""
    from cadence.core import events

    heard: list = []

    def receiver(sender, event, **kwargs):
        heard.append(event)

    events.event_committed.connect(receiver, dispatch_uid="tests.comments")
    yield heard
    events.event_committed.disconnect(dispatch_uid="tests.comments")
