"""Background tasks of core (Django's django.tasks; run by `manage.py db_worker`).

Outgoing email never runs inside a request: the services enqueue a task after their transaction
commits, and the task records its outcome (sent, or the error) on the row it is about.
"""

from __future__ import annotations

import logging
import zoneinfo

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from cadence.core import audit
from cadence.core.models import Invitation, Role, Workspace
from cadence.core.scoping import scope

log = logging.getLogger(__name__)


def render_subject(template_name: str, context: dict[str, object]) -> str:
    """A subject line: plain text (the template turns autoescape off) on one line, whatever the names hold."""
    return " ".join(render_to_string(template_name, context).split())


def invitation_language(invitation: Invitation, fallback: str) -> str:
    """The invitee's language: a client user's is their client's; staff get the inviter's (or ``fallback``)."""
    known = {code for code, _ in settings.LANGUAGES}
    if invitation.role == Role.CLIENT and invitation.client is not None and invitation.client.language in known:
        return invitation.client.language
    inviter = invitation.invited_by
    if inviter is not None and inviter.language in known:
        return inviter.language
    return fallback if fallback in known else settings.LANGUAGE_CODE


def render_invitation(invitation: Invitation, link: str, language: str) -> tuple[str, str]:
    """Subject and body of the invitation email, in ``language``."""
    with translation.override(language):
        expires = timezone.localtime(invitation.expires_at, zoneinfo.ZoneInfo(settings.TIME_ZONE))
        context = {
            "invitation": invitation, "link": link, "inviter": invitation.invited_by,
            "inviter_name": invitation.invited_by.display_name if invitation.invited_by else "Cadence",
            "workspace": invitation.workspace, "expires": date_format(expires.date(), "DATE_FORMAT"),
        }
        subject = render_subject("core/email/invitation_subject.txt", context)
        body = render_to_string("core/email/invitation_body.txt", context)
    return subject, body


def _record_failure(invitation: Invitation, error: str) -> None:
    invitation.email_failed_at = timezone.now()
    invitation.email_error = error[:300]
    invitation.save(update_fields=["email_failed_at", "email_error"])
    audit.record(workspace=invitation.workspace, actor=None, action="member.invitation_email_failed",
                 obj=invitation, changes={"email": invitation.email, "error": invitation.email_error})


def enqueue_invitation_email(invitation: Invitation, link: str, fallback_language: str) -> None:
    """Queue the email (called after the commit); a queue that refuses is recorded like a failed send."""
    try:
        send_invitation_email.enqueue(invitation.pk, link, fallback_language)
    except Exception as e:  # the invitation is committed: the request must not fail now
        log.exception("could not queue the invitation email to %s", invitation.email)
        _record_failure(invitation, f"{type(e).__name__}: {e}")


@task()
def send_invitation_email(invitation_id: int, link: str, fallback_language: str) -> str:
    """Send one invitation; a failure is recorded on the invitation and in the audit trail, not raised.

    Runs in the invitation's workspace's scope (the worker has no request to enter it)."""
    workspace = Workspace.objects.filter(invitations__pk=invitation_id).first()
    if workspace is None:
        return "skipped"
    with scope(workspace=workspace):
        return _send_invitation_email(invitation_id, link, fallback_language)


def _send_invitation_email(invitation_id: int, link: str, fallback_language: str) -> str:
    invitation = (
        Invitation.objects.select_related("workspace", "client", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.revoked_at or invitation.accepted_at:
        return "skipped"
    subject, body = render_invitation(invitation, link, invitation_language(invitation, fallback_language))
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception as e:  # any mailer error (SMTP, network, a bad header) is the same outcome for the team
        log.exception("could not send the invitation email to %s", invitation.email)
        _record_failure(invitation, f"{type(e).__name__}: {e}")
        return "failed"
    invitation.email_sent_at = timezone.now()
    invitation.email_failed_at = None
    invitation.email_error = ""
    invitation.save(update_fields=["email_sent_at", "email_failed_at", "email_error"])
    return "sent"
