"""The board's six columns and the rules of moving a card between them (no Django import)."""

from __future__ import annotations

from enum import StrEnum


class Column(StrEnum):
    BACKLOG = "backlog"
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    REVIEW = "review"
    DONE = "done"


COLUMNS: tuple[Column, ...] = tuple(Column)
OPEN_COLUMNS: frozenset[Column] = frozenset(c for c in Column if c is not Column.DONE)


class MoveRefused(Exception):
    """A move the workflow refuses; ``code`` is stable (the service turns it into a translated error)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_move(src: Column, dst: Column, *, has_reviewer: bool) -> None:
    """Any column may follow any other (a board is not a strict pipeline), except that a card enters Review
    only with a reviewer (``reviewer_required``). Moving within a column is always allowed."""
    if dst is Column.REVIEW and src is not Column.REVIEW and not has_reviewer:
        raise MoveRefused("reviewer_required")


def wip_exceeded(count_after: int, limit: int | None) -> bool:
    """Whether a column holding ``count_after`` cards is over its work-in-progress limit (None: no limit).
    Exceeding it is a warning, never a refusal."""
    return limit is not None and limit > 0 and count_after > limit
