"""Every kind of the catalogue is emitted by the service that does it (``cadence.core.events``), once the write
commits, with the people it is for; and the notifications it makes reach them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.events import Event, event_committed
from cadence.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    got: list[Event] = []

    def receiver(sender, *, event, **kwargs):
        got.append(event)

    event_committed.connect(receiver, dispatch_uid="tests.notifications.heard")
    yield got
    event_committed.disconnect(dispatch_uid="tests.notifications.heard")


def kinds(heard):
    return [e.kind for e in heard]


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_plans_emit_submitted_changes_requested_and_approved(plan, m, manager, approver, heard,
                                                             django_capture_on_commit_callbacks):
    from cadence.plans import services

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(actor=manager, membership=m["manager"], plan=plan)
    assert kinds(heard) == ["plan.submitted"] and heard[0].audience == ("approvers",)
    assert heard[0].data["version"] == 1 and heard[0].data["url"].endswith("/plan/v/1/")
    assert told("plan.submitted") == [approver.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(actor=approver, membership=m["approver"], plan=plan, number=1,
                                 section="objectives", comment="Mai mult, vă rog.")
    assert heard[-1].kind == "plan.changes_requested" and heard[-1].data["section"] == "objectives"
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(actor=manager, membership=m["manager"], plan=plan)
        services.approve(actor=approver, membership=m["approver"], plan=plan, number=1)
    assert kinds(heard)[-3:] == ["plan.submitted", "gate.passed", "plan.approved"]
    assert "manager@agency.test" in told("plan.approved")


def test_board_emits_assigned_and_completed(engagement, m, manager, specialist, heard,
                                            django_capture_on_commit_callbacks):
    from cadence.board import services

    with django_capture_on_commit_callbacks(execute=True):
        task = services.create_task(actor=manager, membership=m["manager"], engagement=engagement,
                                    title="Draft the posts", assignee=specialist)
    assert kinds(heard) == ["task.assigned"] and heard[0].recipients == (specialist.pk,)
    assert told("task.assigned") == [specialist.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_task(actor=manager, membership=m["manager"], task=task, assignee=manager)
    assert kinds(heard)[-1] == "task.assigned" and heard[-1].recipients == (manager.pk,)
    assert told("task.assigned") == [specialist.email]  # the manager assigned it to themself: not told
    with django_capture_on_commit_callbacks(execute=True):
        services.move_task(actor=manager, membership=m["manager"], task=task, column="done")
    assert kinds(heard)[-1] == "task.completed"


def test_engagements_emit_gate_passed_and_hours_at_80_and_100(engagement, m, owner, manager, specialist, heard,
                                                               django_capture_on_commit_callbacks):
    from cadence.engagements import services

    research = engagement.phases.get(key="research")
    with django_capture_on_commit_callbacks(execute=True):
        services.log_time(actor=specialist, membership=m["specialist"], engagement=engagement, phase=research,
                          date=dt.date(2026, 9, 8), hours=Decimal(20))
    assert not heard  # 50 % of 40 h
    with django_capture_on_commit_callbacks(execute=True):
        services.log_time(actor=specialist, membership=m["specialist"], engagement=engagement, phase=research,
                          date=dt.date(2026, 9, 9), hours=Decimal(13))
    assert kinds(heard) == ["hours.threshold"] and heard[0].data["level"] == 80
    assert heard[0].data["month"] == "2026-09"
    assert told("hours.threshold") == [manager.email, owner.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.log_time(actor=specialist, membership=m["specialist"], engagement=engagement, phase=research,
                          date=dt.date(2026, 9, 10), hours=Decimal(7))
    assert kinds(heard)[-1] == "hours.threshold" and heard[-1].data["level"] == 100
    gate = engagement.gates.filter(after_phase="research").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_gate(actor=owner, gate=gate, passed_on=dt.date(2026, 9, 10), approved_by="Ion Popescu")
    assert kinds(heard)[-1] == "gate.passed" and heard[-1].audience == ("team",)
    # the team: owners, managers and whoever logged time, not the actor
    assert told("gate.passed") == [manager.email, specialist.email]


def test_content_emits_review_requested_approved_changes_requested_and_scheduled(
        today, in_review, make_post, users, m, approver, specialist, heard, django_capture_on_commit_callbacks):
    from cadence.content import services

    with django_capture_on_commit_callbacks(execute=True):
        post = in_review(assignee_id=specialist.pk)
    assert kinds(heard) == ["post.review_requested"] and told("post.review_requested") == [approver.email]
    with django_capture_on_commit_callbacks(execute=True):
        post = services.approve(actor=approver, membership=m["approver"], post=post)
    assert kinds(heard)[-1] == "post.approved" and specialist.email in told("post.approved")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(actor=specialist, membership=m["specialist"], post=post, status="scheduled")
    assert kinds(heard)[-1] == "post.scheduled"
    with django_capture_on_commit_callbacks(execute=True):
        other = in_review(assignee_id=specialist.pk)
        services.request_changes(actor=approver, membership=m["approver"], post=other, comment="Alt text, vă rog.")
    assert kinds(heard)[-1] == "post.changes_requested" and heard[-1].recipients == (specialist.pk,)


def test_metrics_emit_import_finished_and_failed(upload, specialist, members, heard, settings, tmp_path,
                                                 django_capture_on_commit_callbacks):
    from cadence.metrics import services

    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload("meta_ads_daily_eur.csv")
        services.confirm(actor=specialist, membership=members[specialist], batch=batch)
    assert "import.finished" in kinds(heard)
    finished = next(e for e in heard if e.kind == "import.finished")
    assert finished.recipients == (specialist.pk,) and finished.actor_id is None
    assert told("import.finished") == [specialist.email]  # the uploader is told though they started it
    with django_capture_on_commit_callbacks(execute=True):
        upload(bytes(range(256)) * 40, name="junk.csv")
    assert kinds(heard)[-1] == "import.failed" and heard[-1].data["error"]
    assert told("import.failed") == [specialist.email]


def test_reports_emit_sent(report_data, manager, owner, m, heard, django_capture_on_commit_callbacks):
    from cadence.reports import services
    from tests.reports.fixtures import OCT

    report = services.get_or_create_report(report_data, OCT)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_report(report, actor=manager, membership=m["manager"])
    sent = [e for e in heard if e.kind == "report.sent"]
    assert len(sent) == 1 and sent[0].data["month"] == "2026-10" and sent[0].audience == ("manager",)
    assert told("report.sent") == [owner.email]


def test_kpis_emit_status_changed_and_worsened(engagement, manager, specialist, owner, m, clock, heard,
                                               django_capture_on_commit_callbacks):
    from django.core import mail

    from cadence.engagements import services as eng_services
    from cadence.kpis import services
    from cadence.kpis.models import KpiAlert
    from tests.kpis.fixtures import TODAY

    eng_services.update_engagement(actor=owner, engagement=engagement, manager=manager)
    engagement.refresh_from_db()
    kpi = services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="Followers",
                              metric_key="instagram.followers", aggregation="last", baseline=Decimal(1000),
                              acceptable=Decimal(1500), due=dt.date(2027, 6, 30))
    clock.set(TODAY)
    for day, value in (("2027-01-31", 1100), ("2027-02-28", 1200), ("2027-03-31", 1300)):
        services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi, day=day, value=value)
    mail.outbox.clear()
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi, day="2027-04-05", value="1000")
    assert kinds(heard) == ["kpi.status_changed", "kpi.status_worsened"]
    assert heard[1].audience == ("manager",) and heard[1].data["kpi"] == str(kpi.uuid)
    assert told("kpi.status_worsened") == [manager.email]
    (email,) = mail.outbox  # one email: the notification's (no second one from the KPIs)
    assert email.to == [manager.email] and "Followers" in email.body
    assert KpiAlert.objects.get().emailed_at is not None


def test_a_mention_is_handled(engagement, specialist, manager, approver, heard, django_capture_on_commit_callbacks):
    from django.core import mail

    from cadence.core import events

    with django_capture_on_commit_callbacks(execute=True):
        events.emit("comment.mentioned", workspace=engagement.workspace, engagement=engagement, actor=specialist,
                    subject_title="Situation analysis", recipients=[manager, approver],
                    data={"target": "plan_section", "url": "/w/agency-one/x/#c1", "excerpt": "@Mihai look"})
    assert told("comment.mentioned") == [approver.email, manager.email]
    assert len(mail.outbox) == 2 and all("Situation analysis" in e.subject for e in mail.outbox)
    assert all("@Mihai look" in e.body and "/w/agency-one/x/#c1" in e.body for e in mail.outbox)
