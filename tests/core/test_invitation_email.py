"""Invitation emails: sent by a background task after the commit, as plain one-line subjects, in the
invitee's language, and a failure recorded on the invitation instead of failing the request."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.tasks.backends.dummy import DummyBackend
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from cadence.core import services
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry, Invitation, Role, Workspace

pytestmark = pytest.mark.django_db

BROKEN_MAILER = {"default": {"BACKEND": "tests.core.test_invitation_email.BrokenMailer"}}


class BrokenMailer(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def invite_url(workspace):
    return reverse("core:member-invite", kwargs={"workspace": workspace.slug})


def team_url(workspace):
    return reverse("core:member-list", kwargs={"workspace": workspace.slug})


# --- subjects --------------------------------------------------------------------------------------

def test_the_subject_is_plain_text_not_html(owner, django_capture_on_commit_callbacks):
    workspace = services.create_workspace(actor=owner, name="Tom & Jerry <Studio>")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.MANAGER)
    [message] = mail.outbox
    assert message.subject == "You are invited to Tom & Jerry <Studio> on Cadence"
    assert "&amp;" not in message.body and "Tom & Jerry <Studio>" in message.body


def test_a_line_break_already_in_a_name_never_breaks_the_subject(owner, workspace,
                                                                 django_capture_on_commit_callbacks):
    # a name stored before names were checked: the email still goes out, on one subject line
    Workspace.objects.filter(pk=workspace.pk).update(name="Agency\r\nBcc: victim@example.test")
    workspace.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _ = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                               role=Role.SPECIALIST)
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject == "You are invited to Agency Bcc: victim@example.test on Cadence"
    assert message.bcc == []
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None and invitation.email_failed_at is None


@pytest.mark.parametrize("name", ["Tom\r\nJerry", "Tom\nJerry", "Tom\tJerry", "Tom\x00Jerry", "Tom\x1bJerry"])
def test_a_workspace_name_with_control_characters_is_refused(owner, workspace, name):
    before = Workspace.objects.count()
    with pytest.raises(DomainError) as exc:
        services.create_workspace(actor=owner, name=name)
    assert exc.value.code == "control_characters" and exc.value.field == "name"
    assert Workspace.objects.count() == before

    with pytest.raises(DomainError) as exc:
        services.update_workspace(actor=owner, workspace=workspace, name=name)
    assert exc.value.code == "control_characters"
    workspace.refresh_from_db()
    assert workspace.name == "Agency One"
    assert not AuditEntry.objects.filter(action="workspace.updated").exists()


def test_a_name_with_other_unicode_is_still_fine(owner):
    workspace = services.create_workspace(actor=owner, name="Онлайн-школа «Горизонт» — Brutăria")
    assert workspace.name == "Онлайн-школа «Горизонт» — Brutăria"


# --- language ----------------------------------------------------------------------------------------

def _expiry(invitation, language):
    with translation.override(language):
        return date_format(invitation.expires_at.date(), "DATE_FORMAT")


def test_a_client_user_gets_the_email_in_the_clients_language(owner, workspace, other_client,
                                                              django_capture_on_commit_callbacks):
    owner.language = "en"
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _ = services.invite_member(actor=owner, workspace=workspace, email="boss@other.test",
                                               role=Role.CLIENT, client=other_client, client_role="viewer")
    [message] = mail.outbox
    # the client (Other Co) reads Russian: the date is written the Russian way, with a Russian month
    assert _expiry(invitation, "ru") in message.body
    assert _expiry(invitation, "ru") != _expiry(invitation, "en")
    assert _expiry(invitation, "en") not in message.body


def test_staff_get_the_email_in_the_inviters_language(owner, workspace, django_capture_on_commit_callbacks):
    owner.language = "ro"
    owner.save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        invitation, _ = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                               role=Role.MANAGER)
    [message] = mail.outbox
    assert _expiry(invitation, "ro") in message.body
    assert _expiry(invitation, "en") not in message.body


def test_without_an_inviter_language_the_request_language_is_used(owner, workspace,
                                                                  django_capture_on_commit_callbacks):
    assert owner.language == ""
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        invitation, _ = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                               role=Role.MANAGER)
    assert _expiry(invitation, "ru") in mail.outbox[0].body


# --- after the commit, and failures ------------------------------------------------------------------

def test_the_email_is_enqueued_only_after_the_commit(owner, workspace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.MANAGER)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["new@agency.test"]]


def test_no_email_when_the_transaction_rolls_back(owner, workspace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.MANAGER)
            raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.filter(email="new@agency.test").exists()


def test_a_failing_mail_server_is_recorded_and_the_request_succeeds(client, login, owner, manager, specialist,
                                                                    workspace, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.MAILERS = BROKEN_MAILER
    login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(invite_url(workspace), {"email": "new@agency.test", "role": "specialist"})
    assert r.status_code == 200
    assert "/invite/" in r.context["link"]
    invitation = Invitation.objects.get(workspace=workspace, email="new@agency.test")
    assert invitation.email_failed_at is not None and invitation.email_sent_at is None
    assert invitation.email_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    entry = AuditEntry.objects.get(workspace=workspace, action="member.invitation_email_failed")
    assert entry.object_id == str(invitation.uuid)
    assert entry.changes["error"] == invitation.email_error
    assert mail.outbox == []

    # the owner and the manager see it on the team page; a specialist, who sees the team too, does not
    for user in (owner, manager):
        login(client, user)
        html = client.get(team_url(workspace)).content.decode()
        assert "The email could not be sent" in html and "SMTPServerDisconnected" in html
    login(client, specialist)
    html = client.get(team_url(workspace)).content.decode()
    assert "new@agency.test" in html and "SMTPServerDisconnected" not in html


class RefusingQueue(DummyBackend):
    """A task queue that cannot store anything."""

    def enqueue(self, task, args, kwargs):
        raise OSError("database is locked")


def test_a_queue_that_refuses_is_recorded_and_the_request_succeeds(client, login, owner, workspace, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "tests.core.test_invitation_email.RefusingQueue"}}
    login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(invite_url(workspace), {"email": "new@agency.test", "role": "specialist"})
    assert r.status_code == 200
    invitation = Invitation.objects.get(workspace=workspace, email="new@agency.test")
    assert invitation.email_error == "OSError: database is locked"
    assert AuditEntry.objects.filter(action="member.invitation_email_failed").count() == 1


def test_a_later_successful_send_clears_the_error(owner, workspace, settings,
                                                  django_capture_on_commit_callbacks):
    from cadence.core.tasks import send_invitation_email

    settings.MAILERS = BROKEN_MAILER
    with django_capture_on_commit_callbacks(execute=True):
        invitation, raw = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                                 role=Role.MANAGER)
    invitation.refresh_from_db()
    assert invitation.email_failed_at is not None
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    result = send_invitation_email.enqueue(invitation.pk, services.invitation_link(raw), "en")
    assert result.return_value == "sent"
    invitation.refresh_from_db()
    assert invitation.email_failed_at is None and invitation.email_error == "" and invitation.email_sent_at


def test_a_revoked_invitation_is_not_sent(owner, workspace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, _ = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                               role=Role.MANAGER)
    services.revoke_invitation(actor=owner, invitation=invitation)
    callbacks[0]()
    assert mail.outbox == []


# --- the real backend: the database queue and its worker ---------------------------------------------

# Real commits (the worker closes its database connection, which a test transaction would not survive).
@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_email_for_the_worker(owner, workspace, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    invitation, _ = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                           role=Role.MANAGER)
    assert mail.outbox == []  # queued, not sent by the request
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "cadence.core.tasks.send_invitation_email"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [m.to for m in mail.outbox] == [["new@agency.test"]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None


def test_the_new_workspace_form_shows_the_refusal(client, login, owner):
    login(client, owner)
    r = client.post(reverse("core:workspace-new"), {"name": "Tom\r\nJerry", "slug": ""})
    assert r.status_code == 200
    assert "control characters" in r.content.decode()
    assert not Workspace.objects.filter(name__startswith="Tom").exists()
