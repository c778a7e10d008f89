"""The portal's part of the demo: every client user of the demo lands on a populated portal (something waiting in
the inbox, a brief partly filled, a report sent where the engagement ran last month) and the bakery's approver
sent the team a photo from it."""

from __future__ import annotations

import pytest

from cadence.core.models import AuditEntry, Membership, Role
from cadence.core.scoping import scope
from cadence.files.models import EngagementFile
from cadence.portal import queries


@pytest.mark.django_db
def test_the_demo_client_users_land_on_a_populated_portal(demo_build):
    assert "briefs started by the clients" in demo_build.output, demo_build.output
    clients = Membership.objects.filter(workspace__slug="demo", role=Role.CLIENT).select_related("workspace", "user")
    assert clients.count() == 5
    for membership in clients:
        with scope(workspace=membership.workspace):
            view = queries.portal_view(membership, with_timeline=False)
        assert view.cards and view.inbox, membership.user.email
        assert all(c.brief.has_plan and c.brief.answered for c in view.cards), membership.user.email
        if "furniture" not in membership.user.email:  # the furniture's plan is approved: its brief is complete
            assert any(c.brief.answered < c.brief.questions for c in view.cards), membership.user.email
        assert any(c.latest_report for c in view.cards) or membership.user.email.endswith(
            ("bakery@demo.cadence.test",)), membership.user.email
        is_approver = "approver" in membership.user.email
        assert all(i.can_decide == is_approver for i in view.inbox), membership.user.email
    photo = EngagementFile.objects.get(name="cozonac.png")
    assert photo.uploaded_by.email == "approver.bakery@demo.cadence.test"
    assert AuditEntry.objects.filter(action="files.uploaded", actor=photo.uploaded_by).exists()
