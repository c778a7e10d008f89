"""The notifications' part of the demo: each role has notifications, some read, worded in each reader's
language; the events the demo's other builders emit become read history; building it sends no email."""

from __future__ import annotations

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import translation

from cadence.core.models import Membership, Workspace
from cadence.notifications import queries, services
from cadence.notifications.models import Notification


@pytest.mark.django_db
def test_the_demo_notifies_every_role_and_sends_no_email(settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    with (mock.patch.object(services, "_enqueue_emails") as single,
          mock.patch.object(services, "_enqueue_digests") as digest,
          django_capture_on_commit_callbacks(execute=True)):
        call_command("demo", force=True, stdout=out)
    assert not single.called and not digest.called
    assert "notifications (" in out.getvalue(), out.getvalue()
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
    call_command("demo", force=True, reset=True, stdout=StringIO())  # a reset rebuilds it
