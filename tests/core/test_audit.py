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


def test_it_shows_the_activity_50_a_page_newest_first(client, login, owner, workspace, django_assert_num_queries):
    AuditEntry.objects.bulk_create(
        AuditEntry(workspace=workspace, actor=owner, action="client.updated", object_type="client",
                   object_repr=f"client {i}")
        for i in range(110)
    )
    login(client, owner)
    r = client.get(url(workspace))
    assert len(r.context["entries"]) == 50
    assert r.context["page_obj"].paginator.num_pages == 3
    assert "Page 1 of 3" in r.content.decode()
    assert "?page=2" in r.content.decode()
    last = client.get(url(workspace) + "?page=3")
    assert len(last.context["entries"]) == AuditEntry.objects.filter(workspace=workspace).count() - 100
    assert "?page=2" in last.content.decode()
    # a page past the end or not a number gives the last or the first page, never an error
    assert client.get(url(workspace) + "?page=99").context["page_obj"].number == 3
    assert client.get(url(workspace) + "?page=abc").context["page_obj"].number == 1
    with django_assert_num_queries(count_queries(client, url(workspace) + "?page=2")):
        client.get(url(workspace) + "?page=3")


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    return len(ctx)


def test_the_audit_trail_is_indexed_for_its_two_orderings():
    indexes = {tuple(i.fields) for i in AuditEntry._meta.indexes}
    assert ("workspace", "-created_at") in indexes
    assert ("thread", "-created_at") in indexes  # an engagement's history


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
