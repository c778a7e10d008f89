"""The roadmap's rules (no Django import): finish-to-start dependencies between initiatives, their cycles,
the shift that puts successors back after their predecessors, progress from tasks, and lateness.

* A dependency ``(predecessor, successor)`` means the successor starts the day after the predecessor's
  deadline at the earliest. ``find_cycle`` refuses a dependency that would close a loop and names it in
  order (``[A, B, A]`` for "A → B → A").
* ``late_successors`` lists the dependencies a plan breaks (the successor starts on or before its
  predecessor's deadline). ``shift_plan`` moves each such successor to the day after its (latest)
  predecessor's deadline, transitively down the graph, keeping every duration; nothing moves earlier, and
  initiatives that are not downstream of the one given stay where they are.
* ``progress`` is the share of the work done: by estimates when the tasks carry estimates, else by count.
* ``is_late``: the deadline has passed and the initiative is neither done nor cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

ONE_DAY = dt.timedelta(days=1)
FINISHED = frozenset({"done", "cancelled"})


@dataclass(frozen=True)
class Span:
    """An initiative's dates: ``start`` and ``deadline`` (its last day), both included."""

    start: dt.date
    deadline: dt.date

    @property
    def days(self) -> int:
        return (self.deadline - self.start).days


@dataclass(frozen=True)
class Shift[K: Hashable]:
    """An initiative moved by ``days`` days: from ``start``–``deadline`` to ``new_start``–``new_deadline``."""

    key: K
    start: dt.date
    deadline: dt.date
    new_start: dt.date
    new_deadline: dt.date

    @property
    def days(self) -> int:
        return (self.new_start - self.start).days


def _successors[K: Hashable](edges: Iterable[tuple[K, K]]) -> dict[K, list[K]]:
    out: dict[K, list[K]] = defaultdict(list)
    for pred, succ in edges:
        out[pred].append(succ)
    return out


def find_cycle[K: Hashable](edges: Iterable[tuple[K, K]], new: tuple[K, K]) -> list[K] | None:
    """The cycle that adding ``new`` (predecessor, successor) to ``edges`` would close, in order from the new
    dependency's predecessor back to it (``[A, B, A]``), or None when there is none."""
    pred, succ = new
    if pred == succ:
        return [pred, pred]
    graph = _successors(edges)
    # A path from the successor back to the predecessor closes the loop: breadth first, so the shortest.
    parent: dict[K, K] = {}
    seen = {succ}
    queue: deque[K] = deque([succ])
    while queue:
        node = queue.popleft()
        if node == pred:
            path = [node]
            while path[-1] != succ:
                path.append(parent[path[-1]])
            return [pred, *reversed(path)]
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                parent[nxt] = node
                queue.append(nxt)
    return None


def late_successors[K: Hashable](spans: Mapping[K, Span], edges: Iterable[tuple[K, K]]) -> list[tuple[K, K]]:
    """The dependencies broken by ``spans``: the successor starts on or before its predecessor's deadline."""
    return [(p, s) for p, s in edges if p in spans and s in spans and spans[s].start <= spans[p].deadline]


def _downstream[K: Hashable](graph: Mapping[K, list[K]], root: K) -> set[K]:
    out: set[K] = set()
    queue: deque[K] = deque(graph.get(root, ()))
    while queue:
        node = queue.popleft()
        if node not in out:
            out.add(node)
            queue.extend(graph.get(node, ()))
    return out


def _topological[K: Hashable](nodes: Iterable[K], edges: list[tuple[K, K]]) -> list[K]:
    indegree: dict[K, int] = dict.fromkeys(nodes, 0)
    graph = _successors(edges)
    for _pred, succ in edges:
        indegree[succ] = indegree.get(succ, 0) + 1
    queue: deque[K] = deque(n for n, d in indegree.items() if d == 0)
    order: list[K] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in graph.get(node, ()):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                queue.append(nxt)
    if len(order) != len(indegree):
        raise ValueError("the dependencies have a cycle")
    return order


def shift_plan[K: Hashable](spans: Mapping[K, Span], edges: Iterable[tuple[K, K]], *, root: K | None = None) -> list[Shift[K]]:
    """The moves that put every successor after its predecessors (finish-to-start), keeping durations.

    With ``root``, only the initiatives downstream of it move (the ones an edit of ``root`` pushed); without,
    every initiative that starts too early. The result is in dependency order; ``ValueError`` on a cycle."""
    edge_list = [(p, s) for p, s in edges if p in spans and s in spans]
    order = _topological(spans, edge_list)
    movable = _downstream(_successors(edge_list), root) if root is not None else set(spans)
    preds: dict[K, list[K]] = defaultdict(list)
    for p, s in edge_list:
        preds[s].append(p)
    placed: dict[K, Span] = dict(spans)
    shifts: list[Shift[K]] = []
    for node in order:
        if node not in movable or not preds[node]:
            continue
        earliest = max(placed[p].deadline for p in preds[node]) + ONE_DAY
        span = placed[node]
        if span.start >= earliest:
            continue
        moved = Span(earliest, earliest + (span.deadline - span.start))
        placed[node] = moved
        shifts.append(Shift(node, spans[node].start, spans[node].deadline, moved.start, moved.deadline))
    return shifts


def progress(done_estimate: Decimal, total_estimate: Decimal, done_count: int, count: int) -> Decimal:
    """The share done, from 0 to 1: estimated hours of done tasks over all estimated hours when the tasks
    carry estimates (tasks without one then weigh nothing), else done tasks over all tasks; 0 without tasks."""
    if total_estimate > 0:
        share = done_estimate / total_estimate
    elif count > 0:
        share = Decimal(done_count) / Decimal(count)
    else:
        return Decimal(0)
    return min(max(share, Decimal(0)), Decimal(1))


def is_late(deadline: dt.date, today: dt.date, status: str) -> bool:
    """The deadline has passed (today is after it) and the initiative is not done or cancelled."""
    return today > deadline and status not in FINISHED
