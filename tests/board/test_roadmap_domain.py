"""The roadmap's pure rules: cycles named in order, the shift of late successors, progress and lateness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.board.domain.roadmap import Span, find_cycle, is_late, late_successors, progress, shift_plan

D = dt.date


def test_a_self_dependency_is_a_cycle():
    assert find_cycle([], ("a", "a")) == ["a", "a"]


def test_the_cycle_is_named_in_order_from_the_new_dependency():
    assert find_cycle([("b", "a")], ("a", "b")) == ["a", "b", "a"]
    assert find_cycle([("b", "c"), ("c", "a")], ("a", "b")) == ["a", "b", "c", "a"]


def test_no_cycle_when_the_new_dependency_keeps_the_graph_acyclic():
    assert find_cycle([("a", "b"), ("b", "c")], ("a", "c")) is None
    assert find_cycle([("a", "b"), ("c", "d")], ("b", "c")) is None
    assert find_cycle([], ("a", "b")) is None


def test_the_shortest_cycle_is_named():
    edges = [("b", "x"), ("x", "y"), ("y", "a"), ("b", "a")]
    assert find_cycle(edges, ("a", "b")) == ["a", "b", "a"]


def test_late_successors_start_on_or_before_the_predecessors_deadline():
    spans = {"a": Span(D(2027, 1, 1), D(2027, 1, 10)), "b": Span(D(2027, 1, 10), D(2027, 1, 20)),
             "c": Span(D(2027, 1, 11), D(2027, 1, 12))}
    assert late_successors(spans, [("a", "b"), ("a", "c")]) == [("a", "b")]


def test_shift_moves_successors_the_day_after_and_keeps_durations_transitively():
    spans = {"a": Span(D(2027, 1, 1), D(2027, 1, 31)), "b": Span(D(2027, 1, 20), D(2027, 2, 5)),
             "c": Span(D(2027, 2, 6), D(2027, 2, 10)), "d": Span(D(2027, 3, 1), D(2027, 3, 2))}
    shifts = shift_plan(spans, [("a", "b"), ("b", "c"), ("c", "d")], root="a")
    assert [(s.key, s.new_start, s.new_deadline, s.days) for s in shifts] == [
        ("b", D(2027, 2, 1), D(2027, 2, 17), 12),
        ("c", D(2027, 2, 18), D(2027, 2, 22), 12),
    ]  # d starts after c's new deadline already: it stays


def test_shift_takes_the_latest_predecessor_and_never_moves_earlier():
    spans = {"a": Span(D(2027, 1, 1), D(2027, 1, 5)), "x": Span(D(2027, 1, 1), D(2027, 1, 20)),
             "b": Span(D(2027, 1, 3), D(2027, 1, 4)), "early": Span(D(2027, 5, 1), D(2027, 5, 2))}
    shifts = shift_plan(spans, [("a", "b"), ("x", "b"), ("a", "early")])
    assert [(s.key, s.new_start, s.new_deadline) for s in shifts] == [("b", D(2027, 1, 21), D(2027, 1, 22))]


def test_shift_with_a_root_leaves_what_is_not_downstream():
    spans = {"a": Span(D(2027, 1, 1), D(2027, 1, 5)), "b": Span(D(2027, 1, 3), D(2027, 1, 4)),
             "p": Span(D(2027, 1, 1), D(2027, 1, 9)), "q": Span(D(2027, 1, 2), D(2027, 1, 3))}
    assert [s.key for s in shift_plan(spans, [("a", "b"), ("p", "q")], root="a")] == ["b"]
    assert shift_plan(spans, [("a", "b")], root="b") == []


def test_shift_refuses_a_cycle():
    spans = {"a": Span(D(2027, 1, 1), D(2027, 1, 5)), "b": Span(D(2027, 1, 3), D(2027, 1, 4))}
    with pytest.raises(ValueError, match="cycle"):
        shift_plan(spans, [("a", "b"), ("b", "a")])


def test_progress_by_estimates_else_by_count():
    assert progress(Decimal(3), Decimal(12), 1, 4) == Decimal("0.25")
    assert progress(Decimal(0), Decimal(0), 1, 4) == Decimal("0.25")
    assert progress(Decimal(0), Decimal(0), 0, 0) == 0
    assert progress(Decimal(12), Decimal(12), 1, 5) == 1


def test_late_means_past_the_deadline_and_not_finished():
    today = D(2027, 3, 10)
    assert is_late(D(2027, 3, 9), today, "active")
    assert is_late(D(2027, 3, 9), today, "planned")
    assert not is_late(D(2027, 3, 10), today, "active")  # its last day is today
    assert not is_late(D(2027, 3, 1), today, "done")
    assert not is_late(D(2027, 3, 1), today, "cancelled")


# --- properties -------------------------------------------------------------------------------------

@st.composite
def plans(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    base = D(2027, 1, 1)
    spans = {}
    for i in range(n):
        start = base + dt.timedelta(days=draw(st.integers(0, 200)))
        spans[i] = Span(start, start + dt.timedelta(days=draw(st.integers(0, 60))))
    # edges only from a lower to a higher index: acyclic by construction
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    root = draw(st.none() | st.integers(0, n - 1))
    return spans, edges, root


@given(plans())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_after_shifting_no_moved_successor_starts_before_its_predecessor_ends(plan):
    spans, edges, root = plan
    shifts = shift_plan(spans, edges, root=root)
    after = dict(spans)
    for s in shifts:
        assert s.new_deadline - s.new_start == spans[s.key].deadline - spans[s.key].start  # durations kept
        assert s.new_start > s.start  # only later, never earlier
        after[s.key] = Span(s.new_start, s.new_deadline)
    assert len({s.key for s in shifts}) == len(shifts)
    if root is None:
        assert late_successors(after, edges) == []
    else:
        downstream = set()
        frontier = [root]
        while frontier:
            node = frontier.pop()
            for p, q in edges:
                if p == node and q not in downstream:
                    downstream.add(q)
                    frontier.append(q)
        assert {s.key for s in shifts} <= downstream
        assert [e for e in late_successors(after, edges) if e[1] in downstream] == []


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=15), st.integers(0, 6), st.integers(0, 6))
@settings(max_examples=300, deadline=None)
def test_a_named_cycle_is_a_real_loop(edges, a, b):
    acyclic = []
    for e in edges:  # keep the edges that do not close a loop, as the service would
        if find_cycle(acyclic, e) is None:
            acyclic.append(e)
    cycle = find_cycle(acyclic, (a, b))
    if cycle is None:
        return
    assert cycle[0] == cycle[-1] == a and cycle[1] == b
    links = set(acyclic) | {(a, b)}
    assert all((x, y) in links for x, y in zip(cycle, cycle[1:], strict=False))
