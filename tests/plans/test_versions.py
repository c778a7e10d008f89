"""The plan's version state machine and who may do which transition (pure)."""

from __future__ import annotations

import pytest

from cadence.plans.domain.versions import (
    CODES,
    ROLES,
    Action,
    Effect,
    Outcome,
    Refusal,
    State,
    Version,
    apply,
    client_visible,
    may_edit,
)

D, R, A, S = State.DRAFT, State.IN_REVIEW, State.APPROVED, State.SUPERSEDED


def ok(result) -> Outcome:
    assert isinstance(result, Outcome), result
    return result


def refused(result, code: str) -> Refusal:
    assert isinstance(result, Refusal) and result.code == code, result
    assert code in CODES
    return result


def states(outcome: Outcome) -> list[tuple[int, State]]:
    return [(v.number, v.state) for v in outcome.versions]


def test_the_whole_errand_draft_review_changes_review_approved_new_draft_superseded():
    first = ok(apply((), Action.START_DRAFT, "manager"))
    assert states(first) == [(1, D)] and first.effects == () and first.version.based_on is None
    submitted = ok(apply(first.versions, Action.SUBMIT, "manager", number=1))
    assert states(submitted) == [(1, R)]
    sent_back = ok(apply(submitted.versions, Action.REQUEST_CHANGES, "client_approver", number=1,
                         comment="  Please add the Easter campaign.  "))
    assert states(sent_back) == [(1, D)] and sent_back.version.change_requests == ("Please add the Easter campaign.",)
    again = ok(apply(sent_back.versions, Action.SUBMIT, "owner", number=1))
    assert states(again) == [(1, R)] and again.version.change_requests == ("Please add the Easter campaign.",)
    approved = ok(apply(again.versions, Action.APPROVE, "client_approver", number=1))
    assert states(approved) == [(1, A)] and approved.effects == (Effect("open_gate", {"version": 1}),)
    second = ok(apply(approved.versions, Action.START_DRAFT, "specialist"))
    assert states(second) == [(1, A), (2, D)]
    assert second.version.based_on == 1 and second.effects == (Effect("copy_content", {"version": 1}),)
    assert second.version.change_requests == ()
    in_review = ok(apply(second.versions, Action.SUBMIT, "manager", number=2))
    assert states(in_review) == [(1, A), (2, R)]
    newer = ok(apply(in_review.versions, Action.APPROVE, "client_approver", number=2))
    assert states(newer) == [(1, S), (2, A)]
    assert newer.effects == (Effect("open_gate", {"version": 2}), Effect("superseded", {"version": 1}))


@pytest.mark.parametrize(("action", "allowed"), [
    (Action.START_DRAFT, {"owner", "manager", "specialist"}),
    (Action.SUBMIT, {"owner", "manager"}),
    (Action.APPROVE, {"client_approver"}),
    (Action.REQUEST_CHANGES, {"client_approver"}),
])
def test_who_may_do_what(action, allowed):
    start = {Action.START_DRAFT: (), Action.SUBMIT: (Version(1, D),), Action.APPROVE: (Version(1, R),),
             Action.REQUEST_CHANGES: (Version(1, R),)}[action]
    for role in ROLES:
        result = apply(start, action, role, number=1, comment="why")
        if role in allowed:
            ok(result)
        else:
            assert refused(result, "role_not_allowed").params == {"role": role, "action": action.value}
    assert refused(apply(start, action, "boss", number=1), "unknown_role").params == {"role": "boss"}


def test_client_viewers_may_do_nothing():
    for action in Action:
        refused(apply((Version(1, R),), action, "client_viewer", number=1, comment="x"), "role_not_allowed")
    refused(may_edit((Version(1, D),), "client_viewer"), "role_not_allowed")


@pytest.mark.parametrize(("action", "state"), [
    (Action.SUBMIT, R), (Action.SUBMIT, A), (Action.SUBMIT, S),
    (Action.APPROVE, D), (Action.APPROVE, A), (Action.APPROVE, S),
    (Action.REQUEST_CHANGES, D), (Action.REQUEST_CHANGES, A), (Action.REQUEST_CHANGES, S),
])
def test_transitions_only_from_their_state(action, state):
    role = "manager" if action == Action.SUBMIT else "client_approver"
    result = refused(apply((Version(1, state),), action, role, number=1, comment="x"), "wrong_state")
    assert result.params == {"action": action.value, "version": 1, "state": state.value}


def test_requesting_changes_needs_a_comment_and_keeps_every_round():
    review = (Version(1, R, change_requests=("First round.",)),)
    refused(apply(review, Action.REQUEST_CHANGES, "client_approver", number=1, comment="  \n"), "comment_required")
    result = ok(apply(review, Action.REQUEST_CHANGES, "client_approver", number=1, comment="Second round."))
    assert result.version.change_requests == ("First round.", "Second round.")


def test_the_version_must_exist_and_be_named():
    refused(apply((Version(1, D),), Action.SUBMIT, "manager"), "no_version_given")
    assert refused(apply((Version(1, D),), Action.SUBMIT, "manager", number=2), "no_such_version").params == {
        "version": 2}


def test_only_one_open_version_at_a_time():
    for open_state in (D, R):
        versions = (Version(1, A), Version(2, open_state, based_on=1))
        result = refused(apply(versions, Action.START_DRAFT, "manager"), "open_version_exists")
        assert result.params == {"version": 2, "state": open_state.value}


def test_a_new_draft_is_numbered_after_the_last_version_and_starts_from_the_approved_one():
    versions = (Version(1, S), Version(2, A, based_on=1))
    draft = ok(apply(versions, Action.START_DRAFT, "manager")).version
    assert (draft.number, draft.state, draft.based_on) == (3, D, 2)


def test_approval_supersedes_only_the_approved_version():
    versions = (Version(1, S), Version(2, A), Version(3, R, based_on=2))
    result = ok(apply(versions, Action.APPROVE, "client_approver", number=3))
    assert states(result) == [(1, S), (2, S), (3, A)]
    assert [e.code for e in result.effects] == ["open_gate", "superseded"]


def test_the_input_is_not_changed():
    versions = (Version(1, R),)
    ok(apply(versions, Action.APPROVE, "client_approver", number=1))
    assert versions == (Version(1, R),)


def test_editing_needs_a_draft_and_an_editor():
    assert may_edit((Version(1, D),), "specialist") is None
    assert may_edit((Version(1, A), Version(2, D)), "manager") is None
    assert refused(may_edit((Version(1, R),), "manager"), "review_locks_editing").params == {"version": 1}
    refused(may_edit((Version(1, A),), "owner"), "no_draft")
    refused(may_edit((), "owner"), "no_draft")
    refused(may_edit((Version(1, D),), "client_approver"), "role_not_allowed")
    refused(may_edit((Version(1, D),), "intern"), "unknown_role")


def test_clients_read_the_latest_submitted_or_approved_version_never_a_draft():
    assert client_visible(()) is None
    assert client_visible((Version(1, D),)) is None
    assert client_visible((Version(1, R),)).number == 1
    assert client_visible((Version(1, A), Version(2, D))).number == 1
    assert client_visible((Version(1, S), Version(2, A), Version(3, R))).number == 3
    assert client_visible((Version(1, S), Version(2, A))).number == 2
