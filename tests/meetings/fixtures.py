"""Fixtures of the meetings' tests: members by role and a planned one-off meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from cadence.core.models import Membership

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)  # Monday 30 Nov 2026, 10:00 in Bucharest


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


@pytest.fixture
def planned(engagement, manager, approver, m, clock):
    from cadence.meetings import services

    clock.set(NOW)
    return services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement,
                                   title="Monthly review", day="2026-12-03", time="11:00", duration_minutes=60,
                                   place="Office", video_url="https://meet.example.com/abc",
                                   participants=[manager.pk, approver.pk])
