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
