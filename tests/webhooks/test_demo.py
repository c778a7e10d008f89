"""The webhooks' part of the demo: one paused example endpoint with logged deliveries, made without any HTTP."""

from __future__ import annotations

import json

import pytest

from cadence.core.models import Workspace
from cadence.webhooks.models import Attempt, Delivery, Endpoint


@pytest.mark.django_db
def test_the_demo_has_a_paused_endpoint_with_a_delivery_log(demo_build):
    assert "1 paused webhook endpoint" in demo_build.output, demo_build.output
    assert demo_build.lookups == ()  # the logged deliveries were made without any HTTP
    workspace = Workspace.objects.get(slug="demo")
    endpoint = Endpoint.objects.get(workspace=workspace)
    assert endpoint.status == "paused" and endpoint.secret.startswith("whsec_")
    deliveries = list(Delivery.objects.filter(endpoint=endpoint))
    assert {d.kind for d in deliveries} == {"ping", "task.completed", "report.sent"}
    assert all(d.status == "delivered" for d in deliveries)
    bodies = [json.loads(d.body) for d in deliveries]
    assert any(b["engagement"] and b["engagement"]["name"] for b in bodies)
    assert Attempt.objects.filter(delivery__endpoint=endpoint, status_code=503).count() == 1
