"""The kinds of notification, how each is delivered unless a person chose otherwise, and who an event is for.

Pure Python (no Django): the catalogue of ``cadence.core.events`` kinds that notify people. A kind not listed
here (``post.scheduled``, ``task.completed``, ``kpi.status_changed``) is an event for the outgoing webhooks
only and makes no notification.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    """How a person gets a kind: in the app only, in the app and by email at once, in the app and in the
    next morning's digest, or not at all."""

    APP = "app"
    EMAIL = "email"
    DIGEST = "digest"
    OFF = "off"


#: kind -> its default channel (the README lists them; the preferences page shows them).
DEFAULTS: dict[str, Channel] = {
    "comment.mentioned": Channel.EMAIL,
    "plan.submitted": Channel.EMAIL,
    "plan.approved": Channel.EMAIL,
    "plan.changes_requested": Channel.EMAIL,
    "post.review_requested": Channel.EMAIL,
    "post.approved": Channel.APP,
    "post.changes_requested": Channel.EMAIL,
    "task.assigned": Channel.APP,
    "task.due_tomorrow": Channel.DIGEST,
    "kpi.status_worsened": Channel.EMAIL,
    "hours.threshold": Channel.EMAIL,
    "import.finished": Channel.APP,
    "import.failed": Channel.EMAIL,
    "gate.passed": Channel.DIGEST,
    "report.sent": Channel.APP,
}

KINDS: tuple[str, ...] = tuple(DEFAULTS)


def is_notified(kind: str) -> bool:
    return kind in DEFAULTS


def channel_for(kind: str, chosen: Mapping[str, str]) -> Channel:
    """The channel of ``kind`` for a person whose own choices are ``chosen`` (kind -> channel)."""
    value = chosen.get(kind)
    if value is not None and value in {c.value for c in Channel}:
        return Channel(value)
    return DEFAULTS.get(kind, Channel.OFF)


@dataclass(frozen=True)
class People:
    """The facts an audience is resolved from (user ids), read by the listener."""

    manager: int | None = None  # the engagement's manager when they are a team member of its workspace
    owners_and_managers: frozenset[int] = frozenset()
    worked_on: frozenset[int] = frozenset()  # who logged time on the engagement
    approvers: frozenset[int] = frozenset()  # the client approvers of the engagement's client
    may_see: frozenset[int] = frozenset()  # members who may still see the engagement (or the workspace)


def audience_members(group: str, people: People) -> set[int]:
    if group == "manager":
        return {people.manager} if people.manager is not None else set(people.owners_and_managers)
    if group == "team":
        return set(people.owners_and_managers) | set(people.worked_on)
    if group == "approvers":
        return set(people.approvers)
    return set()


def recipients(explicit: Iterable[int], audience: Iterable[str], people: People, *, actor: int | None) -> list[int]:
    """Who an event notifies: the people named plus the audience groups, never the actor, and only those who
    may still see what it is about; sorted, each once."""
    found = set(explicit)
    for group in audience:
        found |= audience_members(group, people)
    if actor is not None:
        found.discard(actor)
    return sorted(found & people.may_see)
