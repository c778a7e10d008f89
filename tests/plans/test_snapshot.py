"""Frozen plan versions: canonical JSON, its hash, reading older schemas and the diff of two (pure)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest

from cadence.plans.domain.metrics import Direction
from cadence.plans.domain.snapshot import (
    SCHEMA_VERSION,
    Change,
    FieldChange,
    SnapshotError,
    diff,
    freeze,
    load,
)

PLAN = {"engagement": "e-1", "version": 2, "language": "ro", "submitted": dt.datetime(2027, 1, 5, 9, 30, tzinfo=dt.UTC)}


def sections(**over) -> dict:
    base = {
        "situation": {
            "answers": {"who": "Brutăria Demo, din 2009", "audience": "Familii"},
            "records": {"competitors": [
                {"uid": "c2", "name": "Pâine Bună", "followers": 5400},
                {"uid": "c1", "name": "Cuptorul", "followers": 1200, "avg_likes": Decimal("35.50")},
            ]},
        },
        "objectives": {
            "answers": {},
            "records": {"kpis": [{"uid": "k1", "metric": "instagram.followers", "baseline": Decimal("2000"),
                                  "target": Decimal("2400.00"), "due": dt.date(2027, 4, 1),
                                  "direction": Direction.UP}]},
        },
    }
    base.update(over)
    return base


def test_the_document_has_the_schema_version_and_plain_json_values():
    doc = freeze(PLAN, sections()).document
    assert doc["schema_version"] == SCHEMA_VERSION == 1
    assert doc["plan"]["submitted"] == "2027-01-05T09:30:00+00:00"
    kpi = doc["sections"]["objectives"]["records"]["kpis"][0]
    assert kpi == {"uid": "k1", "metric": "instagram.followers", "baseline": "2000", "target": "2400",
                   "due": "2027-04-01", "direction": "up"}
    assert type(kpi["direction"]) is str
    competitors = doc["sections"]["situation"]["records"]["competitors"]
    assert [c["uid"] for c in competitors] == ["c1", "c2"]  # sorted by uid, not by the order given
    assert competitors[0]["avg_likes"] == "35.5"


def test_the_canonical_text_is_sorted_compact_utf8_and_hashed():
    snap = freeze(PLAN, sections())
    assert snap.canonical.startswith('{"plan":{"engagement":"e-1","language":"ro",')
    assert '"records":{"competitors":[{"avg_likes":"35.5","followers":1200,"name":"Cuptorul","uid":"c1"},' in snap.canonical
    assert '},"schema_version":1,"sections":{"objectives":{"answers":{},"records":{"kpis":[{"baseline":"2000",' in snap.canonical
    assert "\n" not in snap.canonical
    assert "Brutăria" in snap.canonical  # not \u escapes
    assert snap.sha256 == hashlib.sha256(snap.canonical.encode("utf-8")).hexdigest()
    assert json.loads(snap.canonical) == snap.document


def test_equal_plans_give_the_same_hash_whatever_the_order_or_decimal_form():
    a = freeze(PLAN, sections())
    reordered = sections()
    reordered["situation"]["records"]["competitors"].reverse()
    reordered["objectives"]["records"]["kpis"][0]["baseline"] = Decimal("2E+3")
    b = freeze(dict(reversed(list(PLAN.items()))), dict(reversed(list(reordered.items()))))
    assert a.canonical == b.canonical and a.sha256 == b.sha256
    changed = sections()
    changed["situation"]["answers"]["who"] = "Brutăria Demo, din 2010"
    assert freeze(PLAN, changed).sha256 != a.sha256


def test_the_document_cannot_be_changed_through_the_snapshot():
    snap = freeze(PLAN, sections())
    snap.document["plan"]["version"] = 99
    assert snap.document["plan"]["version"] == 2


@pytest.mark.parametrize(("bad_sections", "code"), [
    ({"situation": {"answers": {}, "records": {"swot": [{"name": "no uid"}]}}}, "record_without_uid"),
    ({"situation": {"answers": {}, "records": {"swot": [{"uid": ""}]}}}, "record_without_uid"),
    ({"situation": {"answers": {}, "records": {"swot": [{"uid": "a"}, {"uid": "a"}]}}}, "duplicate_uid"),
    ({"situation": {"answers": {}, "records": {"swot": [{"uid": "a", "share": 0.3}]}}}, "unsupported_value"),
    ({"situation": {"answers": {}, "records": {"swot": [{"uid": "a", "x": Decimal("NaN")}]}}}, "unsupported_value"),
    ({"situation": {"answers": {}, "records": {"swot": [{"uid": "a", "x": {1, 2}}]}}}, "unsupported_value"),
    ({"situation": {"answers": {"q": 3}}}, "bad_structure"),
    ({"situation": {"answers": {}, "notes": "x"}}, "bad_structure"),
    ({"situation": {"records": {"swot": {"uid": "a"}}}}, "bad_structure"),
    ({"situation": "text"}, "bad_structure"),
])
def test_bad_content_is_refused_with_a_code(bad_sections, code):
    with pytest.raises(SnapshotError) as exc:
        freeze(PLAN, bad_sections)
    assert exc.value.code == code


def test_a_stored_snapshot_loads_back_identical_and_its_hash_is_checked():
    snap = freeze(PLAN, sections())
    again = load(snap.canonical, sha256=snap.sha256)
    assert again == snap and again.upgraded_from is None
    assert load(snap.document) == snap
    tampered = snap.canonical.replace("Familii", "Studenți")
    with pytest.raises(SnapshotError) as exc:
        load(tampered, sha256=snap.sha256)
    assert exc.value.code == "hash_mismatch"
    with pytest.raises(SnapshotError) as exc:
        load("{not json")
    assert exc.value.code == "not_json"
    with pytest.raises(SnapshotError) as exc:
        load("[1, 2]")
    assert exc.value.code == "bad_structure"


@pytest.mark.parametrize(("version", "code"), [(None, "schema_missing"), ("1", "schema_missing"), (0, "schema_missing"),
                                               (True, "schema_missing"), (SCHEMA_VERSION + 1, "schema_too_new")])
def test_a_missing_or_newer_schema_version_is_refused(version, code):
    doc = freeze(PLAN, sections()).document
    if version is None:
        del doc["schema_version"]
    else:
        doc["schema_version"] = version
    with pytest.raises(SnapshotError) as exc:
        load(json.dumps(doc))
    assert exc.value.code == code
    if code == "schema_too_new":
        assert exc.value.params == {"version": SCHEMA_VERSION + 1, "current": SCHEMA_VERSION}


def _pretend_older(doc: dict, version: int) -> dict:
    """The current document written as an older schema whose competitors were called ``rivals``."""
    for section in doc["sections"].values():
        if "competitors" in section["records"]:
            section["records"]["rivals"] = section["records"].pop("competitors")
    doc["schema_version"] = version
    return doc


def _rivals_to_competitors(doc: dict) -> dict:
    for section in doc["sections"].values():
        if "rivals" in section["records"]:
            section["records"]["competitors"] = section["records"].pop("rivals")
    return doc


def test_an_older_schema_is_upgraded_step_by_step_or_refused(monkeypatch):
    import cadence.plans.domain.snapshot as snapshot_module

    monkeypatch.setattr(snapshot_module, "SCHEMA_VERSION", 3)
    current = freeze(PLAN, sections())
    assert current.document["schema_version"] == 3
    old = json.dumps(_pretend_older(current.document, 1))
    calls = []

    def one_to_two(doc):
        calls.append(doc["schema_version"])
        return _rivals_to_competitors(doc)

    def two_to_three(doc):
        calls.append(doc["schema_version"])
        return doc

    upgraded = snapshot_module.load(old, upgrades={1: one_to_two, 2: two_to_three})
    assert calls == [1, 2]
    assert upgraded.canonical == current.canonical and upgraded.upgraded_from == 1
    with pytest.raises(SnapshotError) as exc:
        snapshot_module.load(old, upgrades={2: two_to_three})
    assert exc.value.code == "schema_unsupported" and exc.value.params == {"version": 1, "current": 3}


def test_the_current_code_knows_no_older_schema():
    doc = freeze(PLAN, sections()).document
    assert load(doc).upgraded_from is None


# --- diff ---------------------------------------------------------------------------------------------

def test_identical_snapshots_have_an_empty_diff():
    a = freeze(PLAN, sections())
    assert diff(a, freeze(PLAN, sections())).empty


def test_records_are_matched_by_uid_not_position():
    a = freeze(PLAN, sections())
    new = sections()
    competitors = new["situation"]["records"]["competitors"]
    competitors.reverse()
    competitors[0]["followers"] = 1300  # c1
    competitors.insert(1, {"uid": "c3", "name": "Dulce", "followers": None})
    competitors.pop()  # c2 removed
    result = diff(a, freeze(PLAN, new))
    assert [s.section for s in result.sections] == ["situation"]
    changes = result.section("situation").records
    assert [(r.kind, r.uid, r.change) for r in changes] == [
        ("competitors", "c1", Change.CHANGED), ("competitors", "c2", Change.REMOVED),
        ("competitors", "c3", Change.ADDED)]
    assert changes[0].fields == (FieldChange("followers", 1200, 1300),)
    assert changes[1].fields == (FieldChange("followers", 5400, None), FieldChange("name", "Pâine Bună", None))
    assert changes[2].fields == (FieldChange("name", None, "Dulce"),)
    assert changes[2].fields[0].change == Change.ADDED and changes[0].fields[0].change == Change.CHANGED


def test_answers_plan_facts_and_whole_sections():
    a = freeze(PLAN, sections())
    new = sections(strategy={"answers": {"positioning": "Premium"}, "records": {}})
    del new["objectives"]
    new["situation"]["answers"]["who"] = "Brutăria Demo"
    del new["situation"]["answers"]["audience"]
    new["situation"]["answers"]["why"] = "Pâine caldă"
    result = diff(a, freeze({**PLAN, "version": 3}, new))
    assert result.plan == (FieldChange("version", 2, 3),)
    assert [(s.section, s.change) for s in result.sections] == [
        ("situation", None), ("objectives", Change.REMOVED), ("strategy", Change.ADDED)]  # SOSTAC order
    situation = result.section("situation")
    assert situation.records == ()
    assert [(f.field, f.change) for f in situation.answers] == [
        ("audience", Change.REMOVED), ("who", Change.CHANGED), ("why", Change.ADDED)]
    removed = result.section("objectives")
    assert [(r.uid, r.change) for r in removed.records] == [("k1", Change.REMOVED)]
    assert result.section("tactics") is None


def test_unknown_sections_come_after_the_sostac_ones():
    a = freeze(PLAN, {})
    b = freeze(PLAN, {"appendix": {"answers": {"x": "y"}}, "control": {"answers": {"x": "y"}},
                      "situation": {"answers": {"x": "y"}}})
    assert [s.section for s in diff(a, b).sections] == ["situation", "control", "appendix"]
