"""The order of cards within a column: sparse integer positions (no Django import).

A card moved between two neighbours takes the integer halfway between their positions; when they touch
(no integer between them), ``position_between`` returns None and the caller renumbers the column with
``renumber`` (GAP apart), then asks again.
"""

from __future__ import annotations

GAP = 1024


def position_between(before: int | None, after: int | None) -> int | None:
    """A position strictly between ``before`` and ``after`` (None: at that end of the column).

    ``before`` is the card above, ``after`` the card below. Returns None when there is no room."""
    if before is None:
        if after is None:
            return GAP
        if after >= GAP:
            return after - GAP
        return after // 2 if after >= 1 else None  # positions stay >= 0
    if after is None:
        return before + GAP
    if after - before < 2:
        return None
    return before + (after - before) // 2


def renumber(n: int) -> list[int]:
    """Positions for ``n`` cards in their order, GAP apart, starting at GAP."""
    return [GAP * (i + 1) for i in range(n)]
