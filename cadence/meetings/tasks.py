"""The meetings' emails, sent by the task worker once the change is committed: invitations, updates and
cancellations with an .ics attachment (``calendar.py`` builds it), and the minutes when a meeting is closed.
One message per recipient, in their language (a team member's own; a client user's client's). A failure is
recorded in the audit trail, not raised."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from cadence.core import audit
from cadence.core.scoping import scope, scopes_disabled
from cadence.meetings.models import Meeting

log = logging.getLogger(__name__)
KINDS = ("request", "series_request", "cancel", "series_cancel", "minutes")


def enqueue_meeting_email(kind: str, meeting_id: int, user_ids: Iterable[int]) -> None:
    try:
        send_meeting_email.enqueue(kind, meeting_id, list(user_ids))
    except Exception:  # the change is committed: the request must not fail now
        log.exception("could not queue the %s email of meeting %s", kind, meeting_id)


@task()
def send_meeting_email(kind: str, meeting_id: int, user_ids: list[int]) -> str:
    """Send one kind of email about a meeting to these users (see ``KINDS``)."""
    if kind not in KINDS:
        return "skipped"
    with scopes_disabled():
        row = Meeting.objects.select_related("workspace").filter(pk=meeting_id).first()
    if row is None:
        return "skipped"
    from cadence.meetings import calendar

    with scope(workspace=row.workspace):
        meeting = (Meeting.objects.select_related("engagement", "engagement__client", "engagement__workspace",
                                                  "series").get(pk=meeting_id))
        try:
            sent = 0
            for message in calendar.messages(kind, meeting, user_ids):
                email = EmailMultiAlternatives(subject=message.subject, body=message.text,
                                               from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to])
                if message.html:
                    email.attach_alternative(message.html, "text/html")
                if message.ics:
                    email.attach("invite.ics" if kind != "minutes" else "meeting.ics", message.ics,
                                 f"text/calendar; charset=utf-8; method={message.method}")
                sent += email.send()
        except Exception as e:
            log.exception("the %s email of meeting %s failed", kind, meeting_id)
            audit.record(workspace=meeting.workspace, actor=None, action="meetings.email_failed", obj=meeting,
                         changes={"error": f"{type(e).__name__}: {e}"[:300]}, thread=meeting.engagement)
            return "failed"
    return f"sent {sent}"

