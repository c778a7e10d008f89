"""A post's way through the calendar: idea -> draft -> in review -> approved -> scheduled -> published (no Django
import). The service (``content/services.py``) checks who may act, asks these functions whether a move is
allowed and turns a ``MoveRefused`` code into a translated message.

Rules:
- backwards moves to idea or draft are allowed from every status except published;
- a post reaches ``approved`` only through an approval (``may_approve``), never through a plain move;
- when the client must approve, nothing reaches ``scheduled`` unless the approved revision is the current one;
  when the client need not approve, a post may be scheduled straight from draft or review;
- ``published`` follows ``scheduled`` only and is final, except that a manager may take it back to scheduled;
- leaving draft (to review or later) needs a publishable post (``needs_ready``: publish time, format, caption;
  the gate of its phase): the service checks those;
- an edit of what the client approves (``APPROVAL_FIELDS``) bumps the revision, and a post in approved or
  scheduled goes back to review (``sends_back``).
"""

from __future__ import annotations

from collections.abc import Iterable

from cadence.content.domain.channels import Status

ORDER: tuple[Status, ...] = tuple(Status)
EARLY: frozenset[Status] = frozenset({Status.IDEA, Status.DRAFT})
# What the client approves: changing any of these after approval sends the post back to review.
APPROVAL_FIELDS: frozenset[str] = frozenset({"caption", "hashtags", "media", "link", "channel", "format",
                                             "publish_at"})
# Statuses a client user sees (never ideas or drafts).
CLIENT_VISIBLE: frozenset[Status] = frozenset({Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED,
                                               Status.PUBLISHED})
# Statuses a new post may start in.
CREATE_STATUSES: frozenset[Status] = EARLY
# Statuses the client's decision applies to.
REVIEWABLE: frozenset[Status] = frozenset({Status.IN_REVIEW})
CHANGEABLE_AFTER_APPROVAL: frozenset[Status] = frozenset({Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED})


class MoveRefused(Exception):
    """A move the workflow refuses; ``code`` is stable (the service turns it into a translated message).

    Codes: ``same_status``, ``published_final``, ``use_approve``, ``not_approved``, ``not_scheduled``,
    ``unpublish_needs_manage``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_move(src: Status, dst: Status, *, approval_required: bool, approved_current: bool,
               can_manage: bool) -> None:
    """Refuse (``MoveRefused``) a plain status move the workflow does not allow.

    ``approved_current``: the post's approved revision is its current revision; ``can_manage``: the member may
    change the calendar's settings (owner, manager), needed to take a published post back to scheduled."""
    if src is dst:
        raise MoveRefused("same_status")
    if src is Status.PUBLISHED:
        if dst is not Status.SCHEDULED:
            raise MoveRefused("published_final")
        if not can_manage:
            raise MoveRefused("unpublish_needs_manage")
        return
    if dst in EARLY:
        return
    if dst is Status.APPROVED:
        raise MoveRefused("use_approve")
    if dst is Status.IN_REVIEW:
        return
    if dst is Status.SCHEDULED:
        if approval_required and (src is not Status.APPROVED or not approved_current):
            raise MoveRefused("not_approved")
        return
    if dst is Status.PUBLISHED and src is not Status.SCHEDULED:
        raise MoveRefused("not_scheduled")


def needs_ready(src: Status, dst: Status) -> bool:
    """Whether the move leaves draft: the post must then be publishable and its phase's gate passed."""
    return src in EARLY and dst not in EARLY


def may_approve(*, approval_required: bool, client_approver: bool, can_manage: bool) -> bool:
    """Who decides on a post: the client's approver when the engagement requires the client's approval,
    otherwise a member who manages the calendar (owner, manager)."""
    return client_approver if approval_required else can_manage


def relevant_changes(changed: Iterable[str]) -> frozenset[str]:
    """The changed fields the client approves."""
    return frozenset(changed) & APPROVAL_FIELDS


def sends_back(status: Status, changed: Iterable[str]) -> bool:
    """An edit of approved content of an approved or scheduled post sends it back to review."""
    return status in (Status.APPROVED, Status.SCHEDULED) and bool(relevant_changes(changed))


def client_visible(status: Status) -> bool:
    return status in CLIENT_VISIBLE


def edit_refused(status: Status, changed: Iterable[str]) -> bool:
    """A published post is final: what was published (``APPROVAL_FIELDS``) cannot change any more."""
    return status is Status.PUBLISHED and bool(relevant_changes(changed))
