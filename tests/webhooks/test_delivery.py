"""Deliveries over real HTTP to a local receiver (``http.server`` in a thread): an event becomes one signed
delivery per subscribed active endpoint, a 500 is tried again at the back-off times, a 410 disables the
endpoint, a timeout is an attempt that failed, and with private addresses not allowed (production) the
local and private addresses are refused when an endpoint is saved and again when a delivery is sent."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cadence.core import events
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from cadence.webhooks import services, tasks
from cadence.webhooks.domain import signing
from cadence.webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(receiver, owner, m):
    return services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url, description="CRM",
                                    events=["task.completed", "report.sent"])


def emit(workspace, kind="task.completed", engagement=None, **kwargs):
    return events.emit(kind, workspace=workspace, engagement=engagement, data=kwargs.pop("data", {"column": "done"}),
                       subject_title="Audit Google Ads", **kwargs)


def test_an_event_is_delivered_signed_to_a_subscribed_endpoint(receiver, endpoint, workspace, engagement, owner,
                                                                django_capture_on_commit_callbacks, clock):
    with django_capture_on_commit_callbacks(execute=True):
        event = emit(workspace, engagement=engagement, actor=owner)
    (req,) = receiver.requests
    assert req.path == "/hooks/cadence"
    assert req.headers["Content-Type"] == "application/json; charset=utf-8"
    assert req.headers["Cadence-Event"] == "task.completed"
    delivery = Delivery.objects.get()
    assert req.headers["Cadence-Delivery"] == str(delivery.uuid)
    assert signing.verify(endpoint.secret, req.headers["Cadence-Signature"], req.body,
                          now=int(clock.now().timestamp()))
    assert not signing.verify(signing.new_secret(), req.headers["Cadence-Signature"], req.body,
                              now=int(clock.now().timestamp()))
    body = json.loads(req.body)
    assert body == {"id": str(event.id), "type": "task.completed", "created": event.occurred_at.isoformat(),
                    "workspace": workspace.slug, "engagement": {"uuid": str(engagement.uuid), "name": engagement.name},
                    "subject": None, "data": {"column": "done"}}
    assert req.body == delivery.body.encode()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    (attempt,) = Attempt.objects.all()
    assert attempt.status_code == 200 and attempt.response_excerpt == '{"ok":true}' and not attempt.error


def test_only_active_endpoints_that_chose_the_event_get_it(receiver, endpoint, workspace, owner, m,
                                                           django_capture_on_commit_callbacks):
    services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url, events=["plan.approved"])
    services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url, events=["task.completed"],
                             status="paused")
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
        emit(workspace, kind="task.assigned")  # a notification, not a webhook event
    assert len(receiver.requests) == 1
    assert list(Delivery.objects.values_list("endpoint_id", flat=True)) == [endpoint.pk]


def test_a_page_of_cadence_in_the_data_becomes_a_full_address(workspace, settings):
    settings.SITE_URL = "https://cadence.example.com/"
    event = events.Event(kind="task.completed", workspace_id=workspace.pk,
                         data={"url": "/w/agency-one/board/", "note": "/not-a-url-key"})
    data = json.loads(services.body_of(event, workspace))["data"]
    assert data == {"url": "https://cadence.example.com/w/agency-one/board/", "note": "/not-a-url-key"}


def test_an_event_is_recorded_once_per_endpoint(receiver, endpoint, workspace, django_capture_on_commit_callbacks):
    event = events.Event(kind="report.sent", workspace_id=workspace.pk, data={"month": "2026-10"})
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.record_event(event)) == 1
        assert services.record_event(event) == []
    assert Delivery.objects.count() == 1 and len(receiver.requests) == 1


def test_a_rolled_back_write_sends_nothing(receiver, endpoint, workspace, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                emit(workspace)
                raise RuntimeError
        except RuntimeError:
            pass
    assert not receiver.requests and not Delivery.objects.exists()


def test_another_workspaces_event_does_not_reach_this_workspaces_endpoint(receiver, endpoint, other_workspace,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emit(other_workspace)
    assert not receiver.requests and not Delivery.objects.exists()


@pytest.fixture
def db_queue(settings):
    """The real database task backend: tasks wait in the queue with their ``run_after``."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def queued():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path="cadence.webhooks.tasks.deliver").order_by("enqueued_at"))


def test_a_500_is_tried_again_at_the_back_off_times_then_fails(receiver, endpoint, workspace, db_queue, clock,
                                                               django_capture_on_commit_callbacks):
    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    clock.set(start)
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    delivery = Delivery.objects.get()
    (first,) = queued()
    assert first.args_kwargs["args"] == [workspace.pk, delivery.pk, 0, 0] and not receiver.requests
    for _ in range(6):
        receiver.answer(500, body=b"Internal Server Error: database is down")
    waits = []
    for n in range(6):
        task = queued()[-1]
        assert task.args_kwargs["args"] == [workspace.pk, delivery.pk, n, 0]
        clock.set(task.run_after)
        assert tasks.deliver.call(*task.args_kwargs["args"]) == ("retry" if n < 5 else "failed")
        task.delete()
        delivery.refresh_from_db()
        if n < 5:
            waits.append(int((queued()[-1].run_after - task.run_after).total_seconds()))
            assert delivery.status == "retrying" and delivery.next_attempt_at == queued()[-1].run_after
    assert waits == [60, 300, 1500, 7200, 36000]
    assert not queued()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 6, 500)
    log = list(delivery.attempt_log.all())
    assert len(log) == 6 == len(receiver.requests)
    assert all(a.status_code == 500 and a.response_excerpt.startswith("Internal Server Error") for a in log)
    # every attempt is signed anew, with its own time, over the same body
    assert len({r.headers["Cadence-Signature"] for r in receiver.requests}) == 6
    assert {r.body for r in receiver.requests} == {delivery.body.encode()}


def test_a_retry_that_succeeds_delivers(receiver, endpoint, workspace, db_queue, clock,
                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    receiver.answer(503)
    receiver.answer(204, body=b"")
    task = queued()[-1]
    assert tasks.deliver.call(*task.args_kwargs["args"]) == "retry"
    task.delete()
    task = queued()[-1]
    clock.set(task.run_after)
    assert tasks.deliver.call(*task.args_kwargs["args"]) == "delivered"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("delivered", 2, None)
    assert delivery.delivered_at == task.run_after
    assert tasks.deliver.call(*task.args_kwargs["args"]) == "skipped"  # a stale task sends nothing


def test_410_gone_disables_the_endpoint(receiver, endpoint, workspace, django_capture_on_commit_callbacks):
    receiver.answer(410, body=b"gone")
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    endpoint.refresh_from_db()
    assert endpoint.status == "disabled"
    assert len(receiver.requests) == 1  # the second event found no active endpoint
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code, delivery.next_attempt_at) == ("failed", 410, None)
    entry = AuditEntry.objects.get(action="webhook.disabled")
    assert entry.actor is None and entry.object_id == str(endpoint.uuid)


def test_a_timeout_is_a_failed_attempt_tried_again(receiver, endpoint, workspace, settings,
                                                   django_capture_on_commit_callbacks):
    settings.WEBHOOKS_TIMEOUT = 1
    receiver.answer(200, delay=2.5)
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    delivery = Delivery.objects.get()
    assert delivery.status == "retrying" and delivery.last_status_code is None and delivery.next_attempt_at
    (attempt,) = delivery.attempt_log.all()
    assert attempt.status_code is None and "timed out" in attempt.error.lower()


def test_a_redirect_is_not_followed(receiver, endpoint, workspace, django_capture_on_commit_callbacks):
    receiver.answer(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    assert len(receiver.requests) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("retrying", 302)


def test_a_refused_connection_is_logged(endpoint, workspace, owner, m, django_capture_on_commit_callbacks):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    services.update_endpoint(actor=owner, membership=m["owner"], endpoint=endpoint, url=f"http://127.0.0.1:{port}/",
                             description="", events=["task.completed"], status="active")
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    (attempt,) = Attempt.objects.all()
    assert attempt.status_code is None and "refused" in attempt.error.lower()


# --- server-side request forgery: private addresses not allowed (production settings) -------------------

PRIVATE = ["http://127.0.0.1:8000/hook", "https://127.0.0.1/hook", "https://10.0.0.8/hook", "https://[::1]/hook",
           "https://169.254.169.254/latest/meta-data/", "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/",
           "https://192.168.1.20/", "https://localhost/hook"]


@pytest.mark.parametrize("url", PRIVATE)
def test_local_and_private_addresses_are_refused_when_saved(url, settings, owner, m):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(DomainError) as info:
        services.create_endpoint(actor=owner, membership=m["owner"], url=url, events=["task.completed"])
    assert info.value.field == "url" and info.value.code in ("url_address", "url_scheme")
    assert not Endpoint.objects.exists()


def test_http_is_refused_in_production_and_allowed_in_development(settings, owner, m):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(DomainError) as info:
        services.create_endpoint(actor=owner, membership=m["owner"], url="http://93.184.215.14/hook",
                                 events=["task.completed"])
    assert info.value.code == "url_scheme" and "https://" in info.value.message
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert services.create_endpoint(actor=owner, membership=m["owner"], url="http://127.0.0.1:9/hook",
                                    events=["task.completed"]).url == "http://127.0.0.1:9/hook"


def test_an_unknown_host_is_refused(settings, owner, m):
    with pytest.raises(DomainError) as info:
        services.create_endpoint(actor=owner, membership=m["owner"], url="https://no-such-host.invalid/hook",
                                 events=["task.completed"])
    assert info.value.code == "url_dns"


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "::1", "169.254.169.254"])
def test_an_address_is_checked_again_when_sent(address, receiver, endpoint, workspace, settings, monkeypatch,
                                               django_capture_on_commit_callbacks):
    """The endpoint was saved when its host was public; its DNS now answers a private address: refused, no
    connection made."""
    from cadence.webhooks import transport

    Endpoint.objects.filter(pk=endpoint.pk).update(url="https://hooks.example.com/in")
    monkeypatch.setattr(transport.socket, "getaddrinfo",
                        lambda host, port, *args, **kw: [(0, 0, 0, "", (address, port))])
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    (attempt,) = Attempt.objects.all()
    assert attempt.status_code is None and attempt.error.startswith("refused (address)") and address in attempt.error
    assert not receiver.requests
    assert Delivery.objects.get().status == "retrying"


def test_the_checked_address_is_the_one_connected_to(receiver, endpoint, workspace, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    """One resolution: the host name goes out as the Host header, the connection to the checked IP."""
    from cadence.webhooks import transport

    port = int(receiver.url.split(":")[2].split("/")[0])
    Endpoint.objects.filter(pk=endpoint.pk).update(url=f"http://hooks.example.com:{port}/in")
    calls = []

    real = transport.socket.getaddrinfo

    def fake(host, p, *args, **kw):
        calls.append(host)
        return [(2, 1, 6, "", ("127.0.0.1", p))] if host == "hooks.example.com" else real(host, p, *args, **kw)

    monkeypatch.setattr(transport.socket, "getaddrinfo", fake)
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    assert calls[0] == "hooks.example.com" and set(calls[1:]) <= {"127.0.0.1"}  # urllib3 only reads the IP
    (req,) = receiver.requests
    assert req.headers["Host"] == f"hooks.example.com:{port}" and req.path == "/in"


# --- send test, redeliver, rotate ----------------------------------------------------------------

def test_send_test_pings_even_a_paused_endpoint(receiver, endpoint, owner, m, django_capture_on_commit_callbacks,
                                                clock):
    services.update_endpoint(actor=owner, membership=m["owner"], endpoint=endpoint, url=endpoint.url,
                             description="", events=["task.completed"], status="paused")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test(actor=owner, membership=m["owner"], endpoint=endpoint)
    (req,) = receiver.requests
    assert req.headers["Cadence-Event"] == "ping" and json.loads(req.body)["type"] == "ping"
    assert signing.verify(endpoint.secret, req.headers["Cadence-Signature"], req.body,
                          now=int(clock.now().timestamp()))
    assert AuditEntry.objects.filter(action="webhook.test_sent").count() == 1


def test_redeliver_sends_the_same_body_again(receiver, endpoint, workspace, owner, m,
                                             django_capture_on_commit_callbacks):
    receiver.answer(500)
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    delivery = Delivery.objects.get()
    assert delivery.status == "retrying"
    with django_capture_on_commit_callbacks(execute=True):
        services.redeliver(actor=owner, membership=m["owner"], delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert delivery.attempt_log.count() == 2
    assert receiver.requests[0].body == receiver.requests[1].body
    assert AuditEntry.objects.filter(action="webhook.redelivered").count() == 1


def test_a_retry_queued_before_a_redelivery_sends_nothing(receiver, endpoint, workspace, owner, m, db_queue,
                                                          django_capture_on_commit_callbacks):
    receiver.answer(500)
    receiver.answer(500)
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    first = queued()[-1]
    assert tasks.deliver.call(*first.args_kwargs["args"]) == "retry"
    old_retry = queued()[-1]  # attempt 2 of the first round, waiting for its back-off time
    with django_capture_on_commit_callbacks(execute=True):
        services.redeliver(actor=owner, membership=m["owner"], delivery=Delivery.objects.get())
    fresh = queued()[-1]
    assert tasks.deliver.call(*fresh.args_kwargs["args"]) == "retry"  # the new round's first try fails too
    delivery = Delivery.objects.get()
    assert (delivery.round, delivery.attempts) == (1, 1)  # the same count as the old retry expects
    assert tasks.deliver.call(*old_retry.args_kwargs["args"]) == "skipped"
    assert len(receiver.requests) == 2


def test_a_rotated_secret_signs_the_next_delivery(receiver, endpoint, workspace, owner, m, clock,
                                                  django_capture_on_commit_callbacks):
    old = endpoint.secret
    rotated = services.rotate_secret(actor=owner, membership=m["owner"], endpoint=endpoint)
    assert rotated.secret != old and rotated.secret_rotated_at
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    (req,) = receiver.requests
    now = int(clock.now().timestamp())
    assert signing.verify(rotated.secret, req.headers["Cadence-Signature"], req.body, now=now)
    assert not signing.verify(old, req.headers["Cadence-Signature"], req.body, now=now)


def test_a_paused_endpoint_stops_a_pending_retry(receiver, endpoint, workspace, owner, m, db_queue,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace)
    services.update_endpoint(actor=owner, membership=m["owner"], endpoint=endpoint, url=endpoint.url,
                             description="", events=["task.completed"], status="paused")
    task = queued()[-1]
    assert tasks.deliver.call(*task.args_kwargs["args"]) == "failed"
    assert not receiver.requests
    assert Attempt.objects.get().error == "not sent: the endpoint is not active"


# --- the rules of the writes ------------------------------------------------------------------------

def test_only_owners_manage_webhooks(receiver, endpoint, manager, m):
    for role in ("manager", "specialist", "approver", "viewer"):
        with pytest.raises(DomainError) as info:
            services.create_endpoint(actor=manager, membership=m[role], url=receiver.url, events=["task.completed"])
        assert info.value.code == "forbidden"
        with pytest.raises(DomainError):
            services.rotate_secret(actor=manager, membership=m[role], endpoint=endpoint)


@pytest.mark.parametrize(("events_", "code"), [([], "no_events"), (["task.assigned"], "unknown_event"),
                                               ("task.completed", "invalid_events")])
def test_events_are_checked(receiver, owner, m, events_, code):
    with pytest.raises(DomainError) as info:
        services.create_endpoint(actor=owner, membership=m["owner"], url=receiver.url, events=events_)
    assert info.value.code == code and info.value.field == "events"


def test_writes_are_audited(receiver, endpoint, owner, m):
    services.update_endpoint(actor=owner, membership=m["owner"], endpoint=endpoint, url=endpoint.url,
                             description="CRM", events=["report.sent"], status="paused")
    services.update_endpoint(actor=owner, membership=m["owner"], endpoint=endpoint, url=endpoint.url,
                             description="CRM", events=["report.sent"], status="paused")  # unchanged: no entry
    services.delete_endpoint(actor=owner, membership=m["owner"], endpoint=endpoint)
    actions = list(AuditEntry.objects.filter(action__startswith="webhook.").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["webhook.created", "webhook.updated", "webhook.deleted"]
    changed = AuditEntry.objects.get(action="webhook.updated").changes
    assert changed == {"events": [["task.completed", "report.sent"], ["report.sent"]], "status": ["active", "paused"]}
    assert not Endpoint.objects.exists()
