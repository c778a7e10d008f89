"""Path and query parameters of the API, each with the bounds the API enforces (and states in its schema)."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Path, Query, Schema
from ninja.pagination import LimitOffsetPagination

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_MONTH = 1200  # an engagement month: 100 years

WorkspaceSlug = Annotated[str, Path(pattern=SLUG_PATTERN, min_length=1, max_length=60,
                                    description="The workspace's address (its slug).")]
PhaseKey = Annotated[str, Path(pattern=SLUG_PATTERN, min_length=1, max_length=60,
                               description="The key of one of the engagement's phases.")]
GateKey = Annotated[str, Path(pattern=SLUG_PATTERN, min_length=1, max_length=60,
                              description="The key of one of the engagement's gates.")]
MonthQuery = Annotated[int | None, Query(ge=1, le=MAX_MONTH,
                                         description="The engagement month (1 = the month it starts).")]


class Pagination(LimitOffsetPagination):
    """``limit`` (1-500, default 100) and ``offset`` (0-1,000,000): an unbounded offset overflowed the database."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="How many items (at most 500).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
