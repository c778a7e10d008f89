"""The workspace activity page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadence.core import services
from cadence.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(ws):
    return reverse("core:audit-list", kwargs={"workspace": ws.slug})


def test_it_shows_readable_activity(client, login, owner, manager, workspace, client_obj):
    services.update_client(actor=owner, client=client_obj, name="Brutăria Nouă")
    login(client, manager)
    r = client.get(url(workspace))
    html = r.content.decode()
    assert r.status_code == 200
    assert "changed a client" in html
    assert "Olga Owner" in html
    assert "<del>Brutărie Dulce</del> → <ins>Brutăria Nouă</ins>" in html


def test_it_shows_at_most_200_entries(client, login, owner, workspace):
    AuditEntry.objects.bulk_create(
        AuditEntry(workspace=workspace, actor=owner, action="client.updated", object_type="client")
        for _ in range(210)
    )
    login(client, owner)
    r = client.get(url(workspace))
    assert len(r.context["entries"]) == 200


def test_it_shows_only_this_workspaces_activity(client, login, owner, workspace, outsider, other_workspace):
    services.create_client(actor=outsider, workspace=other_workspace, name="Secret Client")
    login(client, owner)
    assert "Secret Client" not in client.get(url(workspace)).content.decode()


def test_it_forbids_activity_to_client_users(client, login, approver, workspace):
    login(client, approver)
    assert client.get(url(workspace)).status_code == 403


def test_it_hides_activity_from_outsiders(client, login, outsider, workspace):
    login(client, outsider)
    assert client.get(url(workspace)).status_code == 404


def test_it_refuses_posts_to_activity(client, login, owner, workspace):
    login(client, owner)
    assert client.post(url(workspace)).status_code == 405
