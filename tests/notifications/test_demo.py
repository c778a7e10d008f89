"""The notifications' part of the demo: each role has notifications, some read, worded in each reader's
language; the events the demo's other builders emit become read history; building it sends no email."""

from __future__ import annotations

import pytest
from django.utils import translation

from cadence.core.models import Membership, Workspace
from cadence.notifications import queries, services
from cadence.notifications.models import Notification


@pytest.mark.django_db
def test_the_demo_notifies_every_role_and_sends_no_email(demo_build):
    from cadence.reports.models import ReportDelivery

    # the only emails of the build are the monthly reports' deliveries (their recipients); no notification
    delivered = sorted(r["email"] for d in ReportDelivery.objects.filter(workspace__slug="demo") for r in d.recipients)
    assert sorted(to for _subject, recipients in demo_build.emails for to in recipients) == delivered
    assert "notifications (" in demo_build.output, demo_build.output
    assert not services._quiet  # the demo's events are heard; the workspace is no longer quiet
    workspace = Workspace.objects.get(slug="demo")
    for membership in Membership.objects.filter(workspace=workspace).select_related("user"):
        rows = queries.rows(membership)
        assert rows, membership.user.email
        assert any(not r.read for r in rows), membership.user.email
    manager = Membership.objects.get(workspace=workspace, user__email="manager@demo.cadence.test")
    assert any(r.read for r in queries.rows(manager))
    # the events of the other builders: history, read, never emailed
    heard = Notification.objects.filter(workspace=workspace, emailed_at__isnull=True, read_at__isnull=False)
    assert heard.exists()
    viewer = Membership.objects.get(workspace=workspace, user__email="viewer.school@demo.cadence.test")
    with translation.override("ru"):
        assert "Олег Ким" in queries.rows(viewer)[0].detail
