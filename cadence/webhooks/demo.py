"""The webhooks' part of ``cadence demo`` (order 900, after everything that emits events): one paused example
endpoint (a CRM that wanted the approvals, the finished tasks and the reports) with a few logged deliveries:
one answered at once, one answered after a ``503`` and a retry, and a test ping.

Nothing is sent and nothing is resolved: the demo has no network, so the rows are written here as the
worker would have written them (the URL is on ``example.com``, a name reserved for examples), and the
endpoint is paused so that no event of a demo user reaches it. "Send test" on it does go out.
"""

from __future__ import annotations

import datetime as dt

from cadence.core import audit, clock
from cadence.core.demo import DemoWorkspace
from cadence.core.events import Event
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.webhooks import services
from cadence.webhooks.domain import signing
from cadence.webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint, EndpointStatus

URL = "https://crm.example.com/hooks/cadence"


def build(demo: DemoWorkspace) -> str:
    workspace = demo.workspace
    if Endpoint.objects.filter(workspace=workspace).exists():
        return "the example webhook endpoint exists"
    owner = demo.users["owner"]
    now = clock.now().replace(microsecond=0)
    endpoint = Endpoint.objects.create(
        workspace=workspace, url=URL, description="CRM (Pipedrive) — paused until the new pipeline is ready",
        events=["plan.approved", "post.approved", "task.completed", "report.sent"], status=EndpointStatus.PAUSED,
        secret=signing.new_secret(), created_by=owner)
    audit.record(workspace=workspace, actor=owner, action="webhook.created", obj=endpoint,
                 changes=audit.snapshot(endpoint, services.FIELDS))
    engagement = (visible_engagements(demo.memberships[owner.pk]).filter(archived=False)
                  .order_by("start_date", "id").first())
    eng_id = engagement.pk if engagement is not None else None
    logged = [
        (Event(kind="ping", workspace_id=workspace.pk, occurred_at=now - dt.timedelta(days=9),
               data={"endpoint": str(endpoint.uuid), "message": "Test delivery from Cadence"}),
         [(200, 212, '{"ok":true}', "")]),
        (Event(kind="task.completed", workspace_id=workspace.pk, engagement_id=eng_id,
               occurred_at=now - dt.timedelta(days=6), subject_type="task", subject_id="demo-task",
               subject_title="Audit Google Ads", data={"column": "done"}),
         [(503, 1840, "Service Unavailable", ""), (200, 164, '{"received":true}', "")]),
        (Event(kind="report.sent", workspace_id=workspace.pk, engagement_id=eng_id,
               occurred_at=now - dt.timedelta(days=3), subject_type="monthlyreport", subject_id="demo-report",
               subject_title="Raport lunar", data={"month": (now - dt.timedelta(days=33)).strftime("%Y-%m")}),
         [(200, 98, '{"received":true}', "")]),
    ]
    for event, attempts in logged:
        delivery = Delivery.objects.create(workspace=workspace, endpoint=endpoint, event_id=event.id, kind=event.kind,
                                           body=services.body_of(event, workspace), status=DeliveryStatus.DELIVERED,
                                           attempts=len(attempts), last_status_code=attempts[-1][0])
        started = event.occurred_at + dt.timedelta(seconds=2)
        for code, ms, excerpt, error in attempts:
            Attempt.objects.create(workspace=workspace, delivery=delivery, started_at=started, duration_ms=ms,
                                   status_code=code, response_excerpt=excerpt, error=error)
            started += dt.timedelta(minutes=1)
        Delivery.objects.filter(pk=delivery.pk).update(created_at=event.occurred_at,
                                                       delivered_at=started - dt.timedelta(minutes=1))
    return f"1 paused webhook endpoint with {len(logged)} logged deliveries"


def delete(workspace: Workspace) -> None:
    Attempt.objects.filter(workspace=workspace).delete()
    Delivery.objects.filter(workspace=workspace).delete()
    Endpoint.objects.filter(workspace=workspace).delete()
