"""The board's revision: what lets an engagement's rendered board be kept in the shared cache.

An engagement's board shows two kinds of facts:

- the engagement's own (its name, phases, gates, the hours of each month, the time logged): behind
  ``Engagement.revision``, bumped by every write of them (``cadence.engagements.readmodels``);
- the board's (cards, their checklists, labels, attachments and time links, the roadmap's initiatives the cards
  belong to, the work-in-progress limits, the workspace's labels, its team and the people's names): behind
  ``EngagementBoard.revision``, bumped here, in the same transaction as the write, by the ``post_save`` /
  ``post_delete`` / ``m2m_changed`` receivers below (connected in ``apps.BoardConfig.ready``, so no service can
  forget it), and by the services after their bulk writes (which send no signal: ``bump_engagement``).

A write of a workspace-wide fact (a label, a membership, a client's or a person's name) bumps every board of the
workspace (of every workspace the person belongs to, and every board with a card they hold: a former member's
cards keep their name), now and again after the commit. ``views.board`` keys the rendered board by both revisions,
the day, the filters, the reader's rights and the language, so a write makes a new key and no reader is served
what was true before it.

The migration gave every engagement of its day a board row; a newer one gets its row from its first reader
(``queries.board_row``) or its first limits. A write that finds no row bumps once more after its commit (once per
engagement and transaction): a reader creates the row before it reads the cards, so a board read while that
write was running is not kept under the revision the write leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from cadence.board.models import EngagementBoard, Task
from cadence.core import commits
from cadence.core.models import Membership
from cadence.core.scoping import scopes_disabled


def _update(engagement_ids: Iterable[int] | None = None, *, workspace_ids: Any = None) -> int:
    # Writes happen inside and outside a workspace's scope (the task worker, the demo, cascades of a deleted
    # workspace): the bump names its rows itself.
    with scopes_disabled():
        rows = EngagementBoard.objects.all()
        if engagement_ids is not None:
            rows = rows.filter(engagement_id__in=list(engagement_ids))
        if workspace_ids is not None:
            rows = rows.filter(workspace_id__in=workspace_ids)
        return rows.update(revision=F("revision") + 1)


def bump_engagement(engagement_id: int) -> None:
    """A new revision of the engagement's board (in the caller's transaction). When it has no board row yet,
    once more after the commit (once per engagement and transaction)."""
    if _update([engagement_id]) == 0 and transaction.get_connection().in_atomic_block:
        commits.once_after_commit(("board-revision", engagement_id), lambda: _update([engagement_id]))


def _now_and_after_commit(update: Callable[[], object]) -> None:
    """``update()`` now, and once more after the current transaction commits (inside one)."""
    update()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(update)


def bump_workspaces(workspace_ids: Any) -> None:
    """A new revision of every board of these workspaces (ids, or a query of them), now and once more after the
    commit (a board row a reader creates meanwhile, for a new engagement, is bumped too). Workspace-wide facts
    are written seldom (a label, a member, a client, a person)."""
    _now_and_after_commit(lambda: _update(workspace_ids=workspace_ids))


def _bump_cards_of(user_id: int) -> None:
    """The boards of the cards a person is assigned to or reviews (in whatever workspace, a member still or not),
    now and after the commit."""
    def update() -> None:
        with scopes_disabled():  # the person's cards, in every workspace
            cards = Task.objects.filter(Q(assignee_id=user_id) | Q(reviewer_id=user_id)).values("engagement_id")
            EngagementBoard.objects.filter(engagement_id__in=cards).update(revision=F("revision") + 1)

    _now_and_after_commit(update)


def ensure_board(engagement: Any) -> EngagementBoard:
    """The engagement's board row, created when it has none (in a savepoint: a concurrent reader may create it)."""
    with scopes_disabled():  # the reader's scope is the engagement's workspace; the row is looked up by it
        row = EngagementBoard.objects.filter(engagement_id=engagement.pk).first()
        if row is not None:
            return row
        try:
            with transaction.atomic():
                return EngagementBoard.objects.create(engagement_id=engagement.pk,
                                                      workspace_id=engagement.workspace_id)
        except IntegrityError:
            return EngagementBoard.objects.get(engagement_id=engagement.pk)


# --- the receivers (connected in apps.BoardConfig.ready) ----------------------------------------------------

def engagement_fact(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A card or an initiative was written or deleted (or the board's row deleted): their engagement's board."""
    if not raw and getattr(instance, "engagement_id", None) is not None:
        bump_engagement(int(instance.engagement_id))


def board_saved(sender: type, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    """The board's row was saved (its limits): a new revision; a row just created starts at its first one."""
    if not created:
        engagement_fact(sender, instance, raw=raw)


def card_fact(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A checklist item, a time link or an attachment of a card: the board of the card's engagement."""
    if raw or getattr(instance, "task_id", None) is None:
        return
    task = instance._state.fields_cache.get("task")
    engagement_id = getattr(task, "engagement_id", None)
    if engagement_id is None:
        with scopes_disabled():  # the card of the row just written, by its id
            engagement_id = Task.objects.filter(pk=instance.task_id).values_list("engagement_id", flat=True).first()
    if engagement_id is not None:
        bump_engagement(int(engagement_id))


def labels_changed(sender: type, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    """``m2m_changed`` of a card's labels (from the card, or from the label's side)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        bump_engagement(int(instance.engagement_id))
    else:
        bump_workspaces([instance.workspace_id])


def workspace_fact(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A label, a membership or a client: every board of the workspace (the filters, the team, the names)."""
    if not raw and getattr(instance, "workspace_id", None) is not None:
        bump_workspaces([instance.workspace_id])


def person_saved(sender: type, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    """A person's name or address may have changed: every board of every workspace they belong to (signing in
    only writes ``last_login``, which no board shows)."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    with scopes_disabled():  # the person's workspaces, whichever one the write came from
        bump_workspaces(Membership.objects.filter(user_id=instance.pk).values("workspace_id"))
    _bump_cards_of(instance.pk)  # and the cards they still hold where they are no longer a member


def person_deleting(sender: type, instance: Any, **kwargs: Any) -> None:
    """``pre_delete`` of a person: their cards lose their assignee or reviewer (set to none, which sends no
    signal), so those boards get a new revision while the cards still name them."""
    if instance.pk is not None:
        _bump_cards_of(instance.pk)

