"""The listener: who an event notifies (recipients, audiences, never the actor, only who may see it), once per
person and event, by the channel each chose; the emails in each recipient's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from cadence.core.models import ClientAccess, ClientRole, Membership, Role
from cadence.notifications import queries, services
from cadence.notifications.domain import kinds
from cadence.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def _users(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_the_domain_rules():
    people = kinds.People(manager=None, owners_and_managers=frozenset({1, 2}), worked_on=frozenset({3}),
                          approvers=frozenset({4}), may_see=frozenset({1, 2, 3, 4}))
    assert kinds.recipients([], ["manager"], people, actor=None) == [1, 2]
    assert kinds.recipients([9], ["team"], people, actor=2) == [1, 3]  # 9 may not see it; the actor is left out
    assert kinds.recipients([], ["approvers"], people, actor=None) == [4]
    assert kinds.channel_for("task.assigned", {}) == kinds.Channel.APP
    assert kinds.channel_for("task.assigned", {"task.assigned": "off"}) == kinds.Channel.OFF
    assert kinds.channel_for("task.assigned", {"task.assigned": "nonsense"}) == kinds.Channel.APP
    assert not kinds.is_notified("task.completed")


def test_audiences_and_visibility(emit, engagement, m, owner, manager, specialist, approver, viewer, other_client):
    ws = engagement.workspace
    emit("gate.passed", workspace=ws, engagement=engagement, actor=owner, subject_title="Plan approved",
         audience=["team"])
    assert _users("gate.passed") == [manager.email]  # owners and managers, not the actor; nobody logged time
    emit("plan.submitted", workspace=ws, engagement=engagement, actor=manager, data={"version": 2},
         audience=["approvers"])
    assert _users("plan.submitted") == [approver.email]
    # the manager audience: the engagement's manager, else the owners and managers
    emit("report.sent", workspace=ws, engagement=engagement, actor=None, audience=["manager"], data={"month": "2026-11"})
    assert _users("report.sent") == [manager.email, owner.email]
    # a client user of another client may not see the engagement: never told
    ClientAccess.objects.filter(membership=m["viewer"]).update(client=other_client)
    emit("comment.mentioned", workspace=ws, engagement=engagement, actor=specialist, subject_title="Brief",
         recipients=[viewer, approver, specialist], data={"url": "/x/", "excerpt": "Look at this"})
    assert _users("comment.mentioned") == [approver.email]
    n = Notification.objects.get(kind="comment.mentioned")
    assert n.url == "/x/" and queries.detail(n) == "Look at this"


def test_once_per_event_and_preferences(emit, engagement, owner, manager, specialist, django_capture_on_commit_callbacks):
    from cadence.core import events
    from cadence.core.events import Event
    from cadence.notifications import receivers

    ws = engagement.workspace
    event = emit("task.assigned", workspace=ws, engagement=engagement, actor=manager, recipients=[specialist],
                 subject_title="Write the posts")
    receivers.event_committed(sender=Event, event=event)  # heard twice: still one
    assert Notification.objects.filter(kind="task.assigned").count() == 1
    assert Notification.objects.get().channel == "app" and not mail.outbox
    Preference.objects.create(user=specialist, kind="task.assigned", channel="off")
    emit("task.assigned", workspace=ws, engagement=engagement, actor=manager, recipients=[specialist])
    assert Notification.objects.filter(kind="task.assigned").count() == 1
    Preference.objects.filter(user=specialist).update(channel="email")
    specialist.language = "ro"
    specialist.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        events.emit("task.assigned", workspace=ws, engagement=engagement, actor=manager, recipients=[specialist],
                    subject_title="Scrie postările")
    (email,) = mail.outbox
    assert email.to == [specialist.email] and "\n" not in email.subject
    assert "Scrie postările" in email.subject
    # rendered in the recipient's language (the catalogs get these strings when merged)
    from cadence.notifications import tasks

    n = Notification.objects.get(kind="task.assigned", emailed_at__isnull=False)
    assert tasks.render_email(n)[0] == "ro"
    assert "/w/agency-one/e/" in email.body
    assert Notification.objects.filter(kind="task.assigned", emailed_at__isnull=False).count() == 1


def test_a_client_user_is_emailed_in_their_clients_language(emit, engagement, manager, approver, client_obj):
    approver.language = "en"
    approver.save()
    emit("post.review_requested", workspace=engagement.workspace, engagement=engagement, actor=manager,
         subject_title="Oferta de Crăciun", audience=["approvers"])
    from cadence.notifications import tasks

    (email,) = mail.outbox
    assert email.to == [approver.email] and "Oferta de Crăciun" in email.subject
    assert tasks.render_email(Notification.objects.get())[0] == client_obj.language == "ro"


def test_a_client_user_whose_access_ends_no_longer_reads_or_receives_it(emit, engagement, m, manager, approver,
                                                                         django_capture_on_commit_callbacks):
    Preference.objects.create(user=approver, kind="post.review_requested", channel="digest")
    emit("post.review_requested", workspace=engagement.workspace, engagement=engagement, actor=manager,
         subject_title="Oferta de Crăciun", audience=["approvers"])
    assert queries.unread_count(m["approver"]) == 1 and len(queries.rows(m["approver"])) == 1
    ClientAccess.objects.filter(membership=m["approver"]).delete()
    member = Membership.objects.get(pk=m["approver"].pk)
    assert queries.unread_count(member) == 0 and queries.rows(member) == []
    from cadence.notifications import tasks

    n = Notification.objects.get()
    assert tasks.send_notification_email.call(n.pk) == "skipped"
    assert mail.outbox == []


def test_set_preferences_is_audited_and_refuses_nonsense(workspace, specialist):
    from cadence.core.errors import DomainError
    from cadence.core.models import AuditEntry

    changed = services.set_preferences(actor=specialist, workspace=workspace,
                                       choices={"task.assigned": "email", "gate.passed": "digest"})
    assert changed == {"task.assigned": "email"}  # gate.passed is a digest by default already
    entry = AuditEntry.objects.get(action="notifications.preferences_changed")
    assert entry.changes == {"task.assigned": ["app", "email"]}
    with pytest.raises(DomainError):
        services.set_preferences(actor=specialist, workspace=workspace, choices={"task.nope": "email"})
    with pytest.raises(DomainError):
        services.set_preferences(actor=specialist, workspace=workspace, choices={"task.assigned": "sms"})


def test_digest_and_due_tomorrow_run_once_a_day(emit, engagement, m, manager, specialist, clock,
                                                django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from cadence.board import services as board_services
    from cadence.notifications.models import Digest

    ws = engagement.workspace
    today = dt.date(2026, 11, 30)
    clock.set(dt.datetime(2026, 11, 29, 15, 0, tzinfo=dt.UTC))
    emit("gate.passed", workspace=ws, engagement=engagement, actor=None, subject_title="Strategy", audience=["team"])
    assert Notification.objects.filter(channel="digest").count() == 2  # owner and manager
    clock.set(dt.datetime(2026, 11, 30, 6, 30, tzinfo=dt.UTC))
    task = board_services.create_task(actor=manager, membership=m["manager"], engagement=engagement,
                                      title="Send the draft",
                                      assignee=specialist, due=today + dt.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-digests", "--today", today.isoformat())
        call_command("send-digests", "--today", today.isoformat())
    assert Digest.objects.count() == 2 and all(d.sent_at for d in Digest.objects.all())
    digests = [e for e in mail.outbox if "Strategy" in e.body]
    assert len(digests) == 2 and all("\n" not in e.subject for e in digests)
    due = Notification.objects.filter(kind="task.due_tomorrow")
    assert [n.user for n in due] == [specialist] and due.get().title == task.title
    assert due.get().channel == "digest"  # due tomorrow: in the next digest by default


def test_bell_list_follow_and_read(client, login, emit, engagement, manager, specialist, django_assert_num_queries):
    ws = engagement.workspace
    emit("task.assigned", workspace=ws, engagement=engagement, actor=manager, recipients=[specialist],
         subject_title="First", data={"url": "/w/agency-one/"})
    emit("task.assigned", workspace=ws, engagement=engagement, actor=manager, recipients=[specialist],
         subject_title="Second")
    login(client, specialist)
    page = client.get("/w/agency-one/")
    assert b'hx-get="/w/agency-one/notifications/bell/"' in page.content
    bell = client.get("/w/agency-one/notifications/bell/")
    assert bell.status_code == 200 and b">2<" in bell.content
    listing = client.get("/w/agency-one/notifications/")
    assert "Second" in listing.content.decode() and "First" in listing.content.decode()
    first = Notification.objects.get(title="First")
    follow = client.get(f"/w/agency-one/notifications/open/?n={first.uuid}")
    assert follow.status_code == 302 and follow["Location"] == "/w/agency-one/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert b">1<" in client.get("/w/agency-one/notifications/bell/").content
    # unread first
    html = client.get("/w/agency-one/notifications/").content.decode()
    assert html.index("Second") < html.index("First")
    second = Notification.objects.get(title="Second")
    assert client.post("/w/agency-one/notifications/read/", {"notification": str(second.uuid)}).status_code == 302
    assert b">1<" not in client.get("/w/agency-one/notifications/bell/").content
    # another person's notification is a 404
    login(client, manager)
    assert client.get(f"/w/agency-one/notifications/open/?n={second.uuid}").status_code == 404
    assert client.post("/w/agency-one/notifications/read/", {"notification": str(second.uuid)}).status_code == 404
    assert client.post("/w/agency-one/notifications/read/").status_code == 302


def test_preferences_page(client, login, specialist, workspace):
    login(client, specialist)
    page = client.get("/w/agency-one/notifications/settings/")
    assert page.status_code == 200
    response = client.post("/w/agency-one/notifications/settings/", {k: "off" for k in kinds.KINDS})
    assert response.status_code == 302
    assert Preference.objects.filter(user=specialist, channel="off").count() == len(kinds.KINDS)
    assert Membership.objects.get(user=specialist).role == Role.SPECIALIST
    assert ClientRole.APPROVER


def test_a_month_in_a_notification_is_written_in_lower_case_in_romanian_and_russian():
    from django.utils import translation

    from cadence.notifications.queries import _month_text

    with translation.override("ru"):
        assert _month_text("2026-11").startswith("ноябрь 2026")
    with translation.override("ro"):
        assert _month_text("2026-11") == "noiembrie 2026"
    with translation.override("en"):
        assert _month_text("2026-11") == "November 2026"
