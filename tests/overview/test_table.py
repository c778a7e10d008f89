"""The overview table's query string (``cadence/overview/domain/table.py``): unknown values are dropped, rows
without a value sort last in either direction."""

from __future__ import annotations

from cadence.overview.domain import table

UUID = "2f1c1b8e-8c0e-4f55-9c4a-1d2e3f405162"


def test_parse_keeps_known_values_and_drops_the_rest():
    q = table.parse({"sort": "hours", "dir": "desc", "client": UUID, "manager": "none"}, ["kpis", "bogus", "late"])
    assert q == table.TableQuery(sort="hours", descending=True, client=UUID, manager="none", flags=("kpis", "late"))
    bad = table.parse({"sort": "<script>", "dir": "up", "client": "x", "manager": "y"}, [])
    assert bad == table.TableQuery()


def test_params_round_trip():
    q = table.TableQuery(sort="budget", descending=True, client=UUID, flags=("overdue",))
    single = dict(p for p in q.params() if p[0] != "flag")
    assert table.parse(single, [v for k, v in q.params() if k == "flag"]) == q
    assert table.TableQuery().params() == []
    assert ("dir", "desc") not in q.params(descending=False)


def test_matches_every_flag_asked_for():
    assert table.matches(frozenset({"kpis", "late"}), ["kpis"])
    assert not table.matches(frozenset({"kpis"}), ["kpis", "late"])
    assert table.matches(frozenset(), [])


def test_rows_without_a_value_sort_last_both_ways():
    rows = [("a", 3), ("b", None), ("c", 1), ("d", 3)]
    up = table.ordered(rows, lambda r: r[1], descending=False, tie=lambda r: r[0])
    down = table.ordered(rows, lambda r: r[1], descending=True, tie=lambda r: r[0])
    assert [r[0] for r in up] == ["c", "a", "d", "b"]
    assert [r[0] for r in down] == ["a", "d", "c", "b"]
