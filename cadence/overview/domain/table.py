"""The overview table's sort and filters, read from the query string (no Django).

``?sort=hours&dir=desc&client=<uuid>&manager=<uuid>|none&flag=hours&flag=kpis`` bookmarks a view. A value
the table does not know is dropped (the default sort, no such filter), so an old or edited link still shows
the table. Sorting keeps rows without a value (no report sent yet, no meeting) last in either direction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

COLUMNS = ("engagement", "client", "manager", "hours", "phase", "gate", "late", "approvals", "kpis", "budget",
           "overdue", "meeting", "report")
# "Needs attention": hours at 80 % or more, hours at 100 % or more, a KPI off track, an overdue card,
# a late phase, something waiting for the client, over budget this month.
FLAGS = ("hours80", "hours100", "kpis", "overdue", "late", "approvals", "budget")
DEFAULT_SORT = "client"
NO_MANAGER = "none"


@dataclass(frozen=True)
class TableQuery:
    sort: str = DEFAULT_SORT
    descending: bool = False
    client: str = ""  # a client's uuid, or "" for every client
    manager: str = ""  # a person's uuid, "none" (no manager) or "" for everyone
    flags: tuple[str, ...] = ()

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The query string's pairs of this view with ``changes`` (e.g. another sort)."""
        values = {"sort": self.sort, "descending": self.descending, "client": self.client,
                  "manager": self.manager, "flags": self.flags, **changes}
        out: list[tuple[str, str]] = []
        if values["sort"] != DEFAULT_SORT:
            out.append(("sort", values["sort"]))
        if values["descending"]:
            out.append(("dir", "desc"))
        if values["client"]:
            out.append(("client", values["client"]))
        if values["manager"]:
            out.append(("manager", values["manager"]))
        out.extend(("flag", f) for f in values["flags"])
        return out


def _uuid(value: str) -> str:
    try:
        return str(UUID(value.strip()))
    except (ValueError, AttributeError):
        return ""


def parse(single: Mapping[str, str], flags: Iterable[str]) -> TableQuery:
    """``single``: the query string's single values; ``flags``: every ``flag`` value given."""
    sort = single.get("sort", "") or DEFAULT_SORT
    manager = single.get("manager", "").strip()
    return TableQuery(
        sort=sort if sort in COLUMNS else DEFAULT_SORT,
        descending=single.get("dir", "") == "desc",
        client=_uuid(single.get("client", "")),
        manager=NO_MANAGER if manager == NO_MANAGER else _uuid(manager),
        flags=tuple(f for f in FLAGS if f in set(flags)),
    )


def matches(row_flags: frozenset[str], wanted: Sequence[str]) -> bool:
    """A row shows when it raises every flag asked for."""
    return all(f in row_flags for f in wanted)


def ordered[T](rows: Sequence[T], key: Callable[[T], Any], *, descending: bool,
            tie: Callable[[T], Any]) -> list[T]:
    """``rows`` by ``key`` (None last in either direction), then by ``tie`` (always ascending)."""
    with_value = [r for r in rows if key(r) is not None]
    without = [r for r in rows if key(r) is None]
    with_value.sort(key=tie)
    with_value.sort(key=key, reverse=descending)  # stable: equal keys keep the tie order
    without.sort(key=tie)
    return with_value + without
