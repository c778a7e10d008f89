"""The post workflow, directly (no database): moves, who decides, what an edit after approval does."""

from __future__ import annotations

import itertools

import pytest

from cadence.content.domain import workflow as wf
from cadence.content.domain.channels import Status

S = Status


def move(src, dst, *, required=True, current=True, manage=False):
    wf.check_move(src, dst, approval_required=required, approved_current=current, can_manage=manage)


def refused(src, dst, **kw):
    with pytest.raises(wf.MoveRefused) as e:
        move(src, dst, **kw)
    return e.value.code


def test_the_forward_path_with_approval():
    move(S.IDEA, S.DRAFT)
    move(S.DRAFT, S.IN_REVIEW)
    move(S.APPROVED, S.SCHEDULED)
    move(S.SCHEDULED, S.PUBLISHED)


@pytest.mark.parametrize(("src", "dst"), [(s, d) for s, d in itertools.product(Status, [S.IDEA, S.DRAFT])
                                          if s is not S.PUBLISHED and s is not d])
def test_back_to_idea_or_draft_from_everything_but_published(src, dst):
    move(src, dst)


@pytest.mark.parametrize("dst", [s for s in Status if s is not S.PUBLISHED])
def test_published_is_final(dst):
    if dst is S.SCHEDULED:
        assert refused(S.PUBLISHED, dst) == "unpublish_needs_manage"
        move(S.PUBLISHED, dst, manage=True)
    else:
        assert refused(S.PUBLISHED, dst, manage=True) == "published_final"


@pytest.mark.parametrize("src", list(Status))
def test_approved_only_through_approval(src):
    code = refused(src, S.APPROVED, manage=True)
    assert code == ("same_status" if src is S.APPROVED else "published_final" if src is S.PUBLISHED
                    else "use_approve")


@pytest.mark.parametrize("src", [S.IDEA, S.DRAFT, S.IN_REVIEW])
def test_nothing_is_scheduled_without_approval_when_required(src):
    assert refused(src, S.SCHEDULED) == "not_approved"
    assert refused(src, S.SCHEDULED, manage=True) == "not_approved"
    move(src, S.SCHEDULED, required=False)  # the client need not approve: the team schedules


def test_a_stale_approval_does_not_schedule():
    assert refused(S.APPROVED, S.SCHEDULED, current=False) == "not_approved"
    move(S.APPROVED, S.SCHEDULED, current=False, required=False)


@pytest.mark.parametrize("src", [S.IDEA, S.DRAFT, S.IN_REVIEW, S.APPROVED])
def test_published_only_after_scheduled(src):
    assert refused(src, S.PUBLISHED, required=False) == "not_scheduled"


@pytest.mark.parametrize("status", list(Status))
def test_same_status_is_refused(status):
    assert refused(status, status, manage=True) in {"same_status", "published_final"}


def test_leaving_draft_needs_a_ready_post():
    assert wf.needs_ready(S.DRAFT, S.IN_REVIEW) and wf.needs_ready(S.IDEA, S.IN_REVIEW)
    assert wf.needs_ready(S.DRAFT, S.SCHEDULED)
    assert not wf.needs_ready(S.IDEA, S.DRAFT) and not wf.needs_ready(S.IN_REVIEW, S.DRAFT)
    assert not wf.needs_ready(S.APPROVED, S.SCHEDULED)


def test_who_decides():
    assert wf.may_approve(approval_required=True, client_approver=True, can_manage=False)
    assert not wf.may_approve(approval_required=True, client_approver=False, can_manage=True)
    assert wf.may_approve(approval_required=False, client_approver=False, can_manage=True)
    assert not wf.may_approve(approval_required=False, client_approver=True, can_manage=False)


@pytest.mark.parametrize("field", sorted(wf.APPROVAL_FIELDS))
def test_an_edit_of_approved_content_sends_back(field):
    assert wf.sends_back(S.APPROVED, {field}) and wf.sends_back(S.SCHEDULED, [field, "title"])
    assert not wf.sends_back(S.IN_REVIEW, {field}) and not wf.sends_back(S.DRAFT, {field})
    assert wf.edit_refused(S.PUBLISHED, {field})


@pytest.mark.parametrize("field", ["title", "assignee", "objective_uid", "initiative", "phase", "paid"])
def test_internal_fields_do_not_send_back(field):
    assert not wf.sends_back(S.APPROVED, {field}) and not wf.edit_refused(S.PUBLISHED, {field})
    assert wf.relevant_changes({field}) == frozenset()


def test_clients_see_from_review_on():
    assert {s for s in Status if wf.client_visible(s)} == {S.IN_REVIEW, S.APPROVED, S.SCHEDULED, S.PUBLISHED}
