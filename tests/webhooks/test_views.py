"""The webhooks' pages: owners only (a manager gets 403, an outsider 404), adding an endpoint (its secret is
on its page), a refused URL said beside the field, editing, the delivery log with every attempt in a constant
number of queries, "Send test", "Replace the secret", "Redeliver" and deleting."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadence.webhooks import services
from cadence.webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db


def url(name, workspace, *args):
    return reverse(f"webhooks:{name}", args=[workspace.slug, *args])


@pytest.fixture
def endpoint(receiver, owner, m):
    return services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url, description="Our CRM",
                                    events=["task.completed", "report.sent"])


@pytest.mark.parametrize("role", ["manager", "specialist", "approver", "viewer"])
def test_only_owners_see_the_webhooks(client, login, endpoint, workspace, role, request):
    login(client, request.getfixturevalue(role))
    assert client.get(url("endpoint-list", workspace)).status_code == 403
    assert client.get(url("endpoint", workspace, endpoint.uuid)).status_code == 403
    assert client.post(url("endpoint-rotate", workspace, endpoint.uuid)).status_code == 403


def test_an_outsider_gets_404_and_another_workspaces_endpoint_is_404(client, login, endpoint, workspace, outsider,
                                                                     other_workspace, owner):
    login(client, outsider)
    assert client.get(url("endpoint-list", workspace)).status_code == 404
    assert client.get(url("endpoint", other_workspace, endpoint.uuid)).status_code == 404
    login(client, owner)
    assert client.get(url("endpoint", workspace, uuid.uuid4())).status_code == 404


def test_the_navigation_shows_webhooks_to_owners(client, login, workspace, owner, manager):
    login(client, owner)
    assert url("endpoint-list", workspace) in client.get(reverse("core:dashboard", args=[workspace.slug])).content.decode()
    login(client, manager)
    assert url("endpoint-list", workspace) not in client.get(
        reverse("core:dashboard", args=[workspace.slug])).content.decode()


def test_an_owner_adds_an_endpoint_and_sees_its_secret(client, login, workspace, owner, receiver):
    login(client, owner)
    page = client.get(url("endpoint-new", workspace)).content.decode()
    assert 'value="plan.approved"' in page and "checked" in page
    r = client.post(url("endpoint-new", workspace), {"url": receiver.url, "description": "Pipedrive",
                                                     "events": ["plan.approved", "report.sent"], "status": "active"})
    row = Endpoint.objects.get()
    assert r.status_code == 302 and r["Location"] == url("endpoint", workspace, row.uuid)
    assert row.events == ["plan.approved", "report.sent"] and row.secret.startswith("whsec_")
    body = client.get(r["Location"]).content.decode()
    assert row.secret in body and "Cadence-Signature" in body
    listing = client.get(url("endpoint-list", workspace)).content.decode()
    assert receiver.url in listing and "Pipedrive" in listing


def test_a_private_address_is_refused_beside_the_field(client, login, workspace, owner, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    login(client, owner)
    r = client.post(url("endpoint-new", workspace), {"url": "https://169.254.169.254/latest/", "description": "",
                                                     "events": ["plan.approved"], "status": "active"})
    assert r.status_code == 200 and "public addresses" in r.content.decode()
    r = client.post(url("endpoint-new", workspace), {"url": "http://93.184.215.14/", "description": "",
                                                     "events": ["plan.approved"], "status": "active"})
    assert "https://" in r.content.decode()
    assert not Endpoint.objects.exists()


def test_the_refusal_is_in_the_users_language(client, login, workspace, owner, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    login(client, owner)
    client.cookies["django_language"] = "ro"
    r = client.post(url("endpoint-new", workspace), {"url": "http://93.184.215.14/", "description": "",
                                                     "events": ["plan.approved"], "status": "active"})
    assert r.status_code == 200 and not Endpoint.objects.exists()


def test_an_owner_edits_and_pauses_an_endpoint(client, login, workspace, owner, endpoint):
    login(client, owner)
    r = client.post(url("endpoint-edit", workspace, endpoint.uuid), {
        "url": endpoint.url, "description": "Paused for now", "events": ["report.sent"], "status": "paused"})
    assert r.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.status, endpoint.events, endpoint.description) == ("paused", ["report.sent"], "Paused for now")


def test_a_disabled_endpoint_can_be_saved_unchanged_or_made_active(client, login, workspace, owner, endpoint):
    Endpoint.objects.filter(pk=endpoint.pk).update(status="disabled")
    login(client, owner)
    page = client.get(url("endpoint-edit", workspace, endpoint.uuid)).content.decode()
    assert 'value="disabled" selected' in page
    data = {"url": endpoint.url, "description": "", "events": ["report.sent"], "status": "disabled"}
    assert client.post(url("endpoint-edit", workspace, endpoint.uuid), data).status_code == 302
    assert client.post(url("endpoint-edit", workspace, endpoint.uuid), {**data, "status": "active"}).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.status == "active"
    page = client.get(url("endpoint-edit", workspace, endpoint.uuid)).content.decode()
    assert 'value="disabled"' not in page


def _log(endpoint, n):
    for i in range(n):
        d = Delivery.objects.create(workspace=endpoint.workspace, endpoint=endpoint, event_id=uuid.uuid4(),
                                    kind="task.completed", body=json.dumps({"n": i}), status="delivered", attempts=2,
                                    last_status_code=200)
        for code in (500, 200):
            Attempt.objects.create(workspace=endpoint.workspace, delivery=d, started_at=d.created_at,
                                   status_code=code, duration_ms=12, response_excerpt=f"answer {code}")


def test_the_delivery_log_shows_every_attempt_in_constant_queries(client, login, workspace, owner, endpoint):
    login(client, owner)
    page = url("endpoint", workspace, endpoint.uuid)
    _log(endpoint, 2)
    with CaptureQueriesContext(connection) as few:
        body = client.get(page).content.decode()
    assert body.count("answer 500") == 2 and body.count("answer 200") == 2
    _log(endpoint, 10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many) == len(few)


def test_send_test_rotate_and_redeliver_from_the_page(client, login, workspace, owner, endpoint, receiver,
                                                      django_capture_on_commit_callbacks):
    login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url("endpoint-test", workspace, endpoint.uuid))
    assert r.status_code == 302 and r["Location"].endswith("#log")
    (req,) = receiver.requests
    assert req.headers["Cadence-Event"] == "ping"
    delivery = Delivery.objects.get()
    assert delivery.status == "delivered"
    assert "ping" in client.get(url("endpoint", workspace, endpoint.uuid)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url("delivery-redeliver", workspace, endpoint.uuid, delivery.uuid))
    assert r.status_code == 302 and len(receiver.requests) == 2
    assert receiver.requests[1].body == req.body

    old = endpoint.secret
    assert client.post(url("endpoint-rotate", workspace, endpoint.uuid)).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret != old


def test_a_delivery_of_another_endpoint_is_404(client, login, workspace, owner, m, endpoint, receiver):
    other = services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url, events=["report.sent"])
    _log(other, 1)
    login(client, owner)
    delivery = Delivery.objects.get()
    assert client.post(url("delivery-redeliver", workspace, endpoint.uuid, delivery.uuid)).status_code == 404


def test_an_owner_deletes_an_endpoint_with_its_log(client, login, workspace, owner, endpoint):
    _log(endpoint, 1)
    login(client, owner)
    r = client.post(url("endpoint-delete", workspace, endpoint.uuid))
    assert r.status_code == 302 and r["Location"] == url("endpoint-list", workspace)
    assert not Endpoint.objects.exists() and not Delivery.objects.exists() and not Attempt.objects.exists()


@pytest.mark.parametrize("name", ["endpoint-delete", "endpoint-rotate", "endpoint-test"])
def test_buttons_refuse_get(client, login, workspace, owner, endpoint, name):
    login(client, owner)
    assert client.get(url(name, workspace, endpoint.uuid)).status_code == 405
