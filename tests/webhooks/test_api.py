"""The webhooks in the JSON API: owners only, the secret in the answers that make or show it, a refused URL is
a 422 beside its field, the delivery log with every attempt, a test and a redelivery."""

from __future__ import annotations

import pytest

from cadence.core import services as core_services
from cadence.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        _token, raw = core_services.create_api_token(actor=user, name="test")
        kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
        return getattr(client, method)(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {raw}", **kwargs)
    return call


def test_an_owner_manages_endpoints_through_the_api(api, workspace, owner, manager, outsider, receiver,
                                                    django_capture_on_commit_callbacks):
    base = f"/workspaces/{workspace.slug}/webhooks"
    r = api(owner, "post", base, {"url": receiver.url, "description": "CRM", "events": ["report.sent"]})
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["secret"].startswith("whsec_") and created["status"] == "active"
    eid = created["id"]
    assert api(manager, "get", base).status_code == 403
    assert api(outsider, "get", base).status_code == 404
    assert [e["id"] for e in api(owner, "get", base).json()] == [eid]
    assert "secret" not in api(owner, "get", base).json()[0]
    assert api(owner, "get", f"{base}/{eid}").json()["secret"] == created["secret"]

    r = api(owner, "put", f"{base}/{eid}", {"url": receiver.url, "events": ["plan.approved", "report.sent"],
                                            "status": "paused"})
    assert r.status_code == 200 and r.json()["events"] == ["plan.approved", "report.sent"]
    r = api(owner, "post", f"{base}/{eid}/rotate-secret")
    assert r.status_code == 200 and r.json()["secret"] != created["secret"]

    with django_capture_on_commit_callbacks(execute=True):
        r = api(owner, "post", f"{base}/{eid}/test")
    assert r.status_code == 201 and r.json()["type"] == "ping"
    log = api(owner, "get", f"{base}/{eid}/deliveries").json()
    assert log[0]["status"] == "delivered" and log[0]["attempt_log"][0]["status_code"] == 200
    did = log[0]["id"]
    with django_capture_on_commit_callbacks(execute=True):
        r = api(owner, "post", f"{base}/{eid}/deliveries/{did}/redeliver")
    assert r.status_code == 200 and r.json()["status"] == "pending"  # sent once the request has committed
    assert len(receiver.requests) == 2
    assert len(api(owner, "get", f"{base}/{eid}/deliveries").json()[0]["attempt_log"]) == 2

    assert api(owner, "delete", f"{base}/{eid}").status_code == 204
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"url": "https://10.0.0.1/hook", "events": ["report.sent"]}, "url"),
    ({"url": "http://93.184.215.14/hook", "events": ["report.sent"]}, "url"),
    ({"url": "https://93.184.215.14/hook", "events": ["task.assigned"]}, "events"),
    ({"url": "https://93.184.215.14/hook", "events": []}, "events"),
    ({"url": "https://93.184.215.14/hook", "events": ["report.sent"], "status": "sleeping"}, "status"),
])
def test_bad_input_is_a_422_never_a_500(api, workspace, owner, settings, body, field):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    r = api(owner, "post", f"/workspaces/{workspace.slug}/webhooks", body)
    assert r.status_code == 422, r.content
    assert field in r.content.decode()
    assert not Endpoint.objects.exists()


def test_a_disabled_status_is_only_kept_not_chosen(api, workspace, owner, settings):
    r = api(owner, "post", f"/workspaces/{workspace.slug}/webhooks",
            {"url": "https://93.184.215.14/hook", "events": ["report.sent"], "status": "disabled"})
    assert r.status_code == 422 and r.json()["field"] == "status"
