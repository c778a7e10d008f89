"""The plan's version state machine, and who may move a version.

A plan has numbered versions. The one in ``draft`` is the team's live working copy; ``submit`` freezes
it for review (the app stores its snapshot then); the client's approver then ``approve``s it, or
``request_changes`` with a comment, which sends it back to ``draft`` with the comment kept (the team
changes it and submits it again). Approving a version ``supersedes`` the version approved before it
(superseding never closes the plan gate again: the gate stays as it was). Editing after approval means
``start_draft``: a new version, numbered after the last one, that starts from the approved version's
content. The very first draft is started the same way on a plan with no versions.

Rules (``apply`` returns an ``Outcome`` or a ``Refusal`` with a code and parameters):

* roles are plain strings: ``owner``, ``manager``, ``specialist``, ``client_approver``,
  ``client_viewer``; any other is ``unknown_role``;
* ``submit``: a manager (or the owner, who can do all a manager can) on a ``draft`` version;
* ``approve``: a client approver on an ``in_review`` version; the outcome asks the app to set the
  engagement's "plan approved" gate (effect ``open_gate``) and names the version it superseded;
* ``request_changes``: a client approver on an ``in_review`` version, with a non-blank comment;
* ``start_draft``: the owner, a manager or a specialist, when no version is in draft or in review;
* at most one version is open (draft or in review) and at most one is approved at any time.

``may_edit`` says whether a role may change the plan's content now, and ``client_visible`` which
version client users read (the latest submitted or approved one, never a draft). A version sent back
for changes is a draft again: until it is submitted again, clients read the approved version if there
is one (the app keeps the reviewed snapshot with the approver's comment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from cadence.plans.domain.findings import ParamValue


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class Action(StrEnum):
    START_DRAFT = "start_draft"
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"


ROLES = frozenset({"owner", "manager", "specialist", "client_approver", "client_viewer"})
EDITORS = frozenset({"owner", "manager", "specialist"})
SUBMITTERS = frozenset({"owner", "manager"})
APPROVERS = frozenset({"client_approver"})

_ALLOWED: dict[Action, frozenset[str]] = {
    Action.START_DRAFT: EDITORS, Action.SUBMIT: SUBMITTERS, Action.APPROVE: APPROVERS,
    Action.REQUEST_CHANGES: APPROVERS,
}
_FROM: dict[Action, State] = {Action.SUBMIT: State.DRAFT, Action.APPROVE: State.IN_REVIEW,
                              Action.REQUEST_CHANGES: State.IN_REVIEW}

CODES = frozenset({"unknown_role", "role_not_allowed", "no_such_version", "wrong_state", "comment_required",
                   "open_version_exists", "no_version_given", "review_locks_editing", "no_draft"})


@dataclass(frozen=True)
class Version:
    number: int
    state: State
    based_on: int | None = None  # the approved version its content started from
    change_requests: tuple[str, ...] = ()  # the approver's comments, oldest first, kept across rounds


@dataclass(frozen=True)
class Effect:
    code: str  # "copy_content" (from version), "open_gate", "superseded" (version)
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    versions: tuple[Version, ...]  # every version of the plan after the transition, by number
    version: Version  # the version acted on (or started)
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Refusal:
    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)


def _open(versions: Sequence[Version]) -> Version | None:
    return next((v for v in versions if v.state in (State.DRAFT, State.IN_REVIEW)), None)


def _approved(versions: Sequence[Version]) -> Version | None:
    return next((v for v in versions if v.state == State.APPROVED), None)


def _replace(versions: Sequence[Version], *changed: Version) -> tuple[Version, ...]:
    by_number = {v.number: v for v in versions} | {v.number: v for v in changed}
    return tuple(by_number[n] for n in sorted(by_number))


def apply(versions: Sequence[Version], action: Action, role: str, *, number: int | None = None,
          comment: str = "") -> Outcome | Refusal:
    """Apply ``action`` by someone with ``role`` to version ``number`` (not needed for ``start_draft``)."""
    if role not in ROLES:
        return Refusal("unknown_role", {"role": role})
    if role not in _ALLOWED[action]:
        return Refusal("role_not_allowed", {"role": role, "action": action.value})
    if action == Action.START_DRAFT:
        return _start_draft(versions)
    if number is None:
        return Refusal("no_version_given", {"action": action.value})
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        return Refusal("no_such_version", {"version": number})
    if version.state != _FROM[action]:
        return Refusal("wrong_state", {"action": action.value, "version": number, "state": version.state.value})
    if action == Action.SUBMIT:
        moved = replace(version, state=State.IN_REVIEW)
        return Outcome(_replace(versions, moved), moved)
    if action == Action.REQUEST_CHANGES:
        if not comment.strip():
            return Refusal("comment_required")
        moved = replace(version, state=State.DRAFT, change_requests=(*version.change_requests, comment.strip()))
        return Outcome(_replace(versions, moved), moved)
    approved = replace(version, state=State.APPROVED)
    previous = _approved(versions)
    effects = [Effect("open_gate", {"version": number})]
    changed = [approved]
    if previous is not None:
        changed.append(replace(previous, state=State.SUPERSEDED))
        effects.append(Effect("superseded", {"version": previous.number}))
    return Outcome(_replace(versions, *changed), approved, tuple(effects))


def _start_draft(versions: Sequence[Version]) -> Outcome | Refusal:
    current = _open(versions)
    if current is not None:
        return Refusal("open_version_exists", {"version": current.number, "state": current.state.value})
    approved = _approved(versions)
    number = max((v.number for v in versions), default=0) + 1
    draft = Version(number, State.DRAFT, based_on=approved.number if approved else None)
    effects = (Effect("copy_content", {"version": approved.number}),) if approved else ()
    return Outcome(_replace(versions, draft), draft, effects)


def may_edit(versions: Sequence[Version], role: str) -> Refusal | None:
    """None when ``role`` may change the content now (there is a draft and the role edits)."""
    if role not in ROLES:
        return Refusal("unknown_role", {"role": role})
    if role not in EDITORS:
        return Refusal("role_not_allowed", {"role": role, "action": "edit"})
    current = _open(versions)
    if current is None:
        return Refusal("no_draft")  # start a new draft (from the approved content) first
    if current.state == State.IN_REVIEW:
        return Refusal("review_locks_editing", {"version": current.number})
    return None


def client_visible(versions: Sequence[Version]) -> Version | None:
    """The version client users read: the latest one in review or approved (never a draft)."""
    shown = [v for v in versions if v.state in (State.IN_REVIEW, State.APPROVED)]
    return max(shown, key=lambda v: v.number, default=None)
