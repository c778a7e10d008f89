"""Writes of the comments: add a comment (its thread made on first use), change one within the edit window,
resolve or reopen a thread. Keyword-only ``actor``, one transaction each, a ``DomainError`` with a translated
message when a rule refuses, an audit entry in the engagement's history.

Mentions are checked here: every person mentioned must be one who may read the comment (the target's readers;
the team only for an internal comment), or the comment is refused naming them. The people mentioned (the author
left out) hear of it through ``core.events``: ``comment.mentioned`` with the target's kind, the path of the
object's page at the comment, and a plain-text excerpt.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadence.comments import access, queries
from cadence.comments.access import Target
from cadence.comments.domain import mentions
from cadence.comments.models import Comment, Mention, Thread
from cadence.core import audit, events
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.markdown import clean_text
from cadence.core.models import Membership

BODY_MAX = mentions.BODY_MAX


def _clean_body(body: Any) -> str:
    text = clean_text(str(body or "")).strip()
    if not text:
        raise InvalidInput(_("Write a comment first."), field="body")
    if len(text) > BODY_MAX:
        raise InvalidInput(ngettext("A comment can have at most %(max)d character.",
                                    "A comment can have at most %(max)d characters.", BODY_MAX) % {"max": BODY_MAX},
                           field="body")
    return text


def _check_mentions(target: Target, body: str, *, internal: bool) -> list[access.Reader]:
    """The readers mentioned in the body; a mention of anyone else refuses the comment, naming them."""
    readers = {r.user_uuid: r for r in access.readers(target, internal=internal)}
    written: dict[str, str] = {}
    for m in mentions.MENTION_RE.finditer(body):
        written.setdefault(m["id"].lower(), m["name"])
    ids = mentions.mentioned_ids(body)
    refusal = mentions.check_mentions(ids, readers)
    if refusal is not None:
        names = ", ".join(f"@{written.get(str(u).lower(), '')}" for u in refusal.user_ids)
        if internal and target.client_visible:  # the team chose to keep it internal
            message = _("An internal comment is for the team only, so it cannot mention %(names)s.")
        else:
            message = _("%(names)s cannot see this, so they cannot be mentioned here.")
        raise DomainError(message % {"names": names}, code="mention_not_reader", field="body")
    return [readers[u] for u in ids]


def _emit_mentions(*, actor: Any, target: Target, thread: Thread, comment: Comment,
                   mentioned: list[access.Reader]) -> None:
    recipients = [r.user_id for r in mentioned if r.user_id != getattr(actor, "pk", None)]
    if not recipients:
        return
    names = {r.user_uuid: r.name for r in mentioned}
    events.emit("comment.mentioned", workspace=target.workspace_id, engagement=target.engagement, actor=actor,
                subject=comment, subject_title=target.title,
                data={"target": target.kind, "url": f"{target.url}#comment-{comment.uuid}",
                      "excerpt": queries.excerpt(comment.body, names), "thread": str(thread.uuid),
                      "internal": comment.internal},
                recipients=recipients)


def _store_mentions(comment: Comment, mentioned: list[access.Reader]) -> None:
    Mention.objects.filter(comment=comment).exclude(user_id__in=[r.user_id for r in mentioned]).delete()
    have = set(Mention.objects.filter(comment=comment).values_list("user_id", flat=True))
    Mention.objects.bulk_create([Mention(workspace_id=comment.workspace_id, comment=comment, user_id=r.user_id)
                                 for r in mentioned if r.user_id not in have])


def add_comment(*, actor: Any, membership: Membership, target: Target, body: str, internal: bool = False) -> Comment:
    """A comment on the target (its thread is made on first use; a resolved thread opens again)."""
    if not access.may_read(membership, target):
        raise DomainError(_("You cannot comment on this."), code="forbidden")
    if internal and membership.is_client:
        raise DomainError(_("Only the team can write internal comments."), code="internal_not_allowed",
                          field="internal")
    if not target.client_visible:
        # The client's people cannot see this object now (a draft post, a plan never submitted, a card): what
        # the team writes here is the team's, and stays so when the object later reaches the client.
        internal = True
    text = _clean_body(body)
    mentioned = _check_mentions(target, text, internal=internal)
    with transaction.atomic():
        thread, created = Thread.objects.get_or_create(
            workspace_id=target.workspace_id, target_kind=target.kind, target_id=target.target_id,
            target_key=target.key, defaults={"engagement": target.engagement, "title": target.title[:200]})
        reopened = thread.resolved_at is not None
        if reopened or thread.title != target.title[:200]:
            thread.resolved_at, thread.resolved_by, thread.title = None, None, target.title[:200]
            thread.save(update_fields=["resolved_at", "resolved_by", "title"])
        comment = Comment.objects.create(workspace_id=target.workspace_id, thread=thread, author=actor, body=text,
                                         internal=internal)
        _store_mentions(comment, mentioned)
        audit.record(workspace=membership.workspace, actor=actor, action="comments.comment_added", obj=comment,
                     thread=target.engagement,
                     changes={"target": target.kind, "target_title": target.title, "internal": internal,
                              "mentions": [r.name for r in mentioned], "reopened": reopened})
        _emit_mentions(actor=actor, target=target, thread=thread, comment=comment, mentioned=mentioned)
    return comment


def edit_comment(*, actor: Any, membership: Membership, comment: Comment, target: Target, body: str) -> Comment:
    """The author changes their comment within the edit window; people newly mentioned hear of it."""
    refusal = mentions.may_edit(is_author=comment.author_id is not None and comment.author_id == actor.pk,
                                created_at=comment.created_at, now=timezone.now(), window=queries.edit_window())
    if refusal is not None and refusal.code == "not_author":
        raise DomainError(_("Only its author can change a comment."), code="not_author")
    if refusal is not None:
        minutes = int(queries.edit_window().total_seconds() // 60)
        raise DomainError(ngettext("A comment can be changed only in the %(minutes)d minute after it was written.",
                                   "A comment can be changed only in the %(minutes)d minutes after it was written.",
                                   minutes) % {"minutes": minutes}, code="edit_window_over")
    text = _clean_body(body)
    mentioned = _check_mentions(target, text, internal=comment.internal)
    with transaction.atomic():
        before = set(Mention.objects.filter(comment=comment).values_list("user_id", flat=True))
        changes = audit.diff({"body": comment.body}, {"body": text})
        comment.body, comment.edited_at = text, timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        _store_mentions(comment, mentioned)
        audit.record_change(workspace=membership.workspace, actor=actor, action="comments.comment_edited",
                            obj=comment, changes=changes, thread=target.engagement)
        _emit_mentions(actor=actor, target=target, thread=comment.thread, comment=comment,
                       mentioned=[r for r in mentioned if r.user_id not in before])
    return comment


def set_resolved(*, actor: Any, membership: Membership, thread: Thread, target: Target, resolved: bool) -> Thread:
    """Resolve a thread (the team: the question is answered, the idea taken up) or open it again."""
    if not membership.can("comments.resolve"):
        raise DomainError(_("Only the team can resolve a thread."), code="forbidden")
    if (thread.resolved_at is not None) == resolved:
        return thread
    with transaction.atomic():
        thread.resolved_at = timezone.now() if resolved else None
        thread.resolved_by = actor if resolved else None
        thread.save(update_fields=["resolved_at", "resolved_by"])
        audit.record(workspace=membership.workspace, actor=actor,
                     action="comments.thread_resolved" if resolved else "comments.thread_reopened", obj=thread,
                     thread=target.engagement, changes={"target": target.kind, "target_title": target.title})
    return thread


__all__ = ["add_comment", "edit_comment", "set_resolved"]
