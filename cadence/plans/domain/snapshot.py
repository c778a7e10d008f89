"""A frozen plan version: a JSON document with a schema version, its canonical text and its SHA-256.

The document::

    {"schema_version": 1,
     "plan": {...},                                   # the version's facts: engagement, number, language...
     "sections": {"situation": {"answers": {"<question key>": "<Markdown>", ...},
                                "records": {"<kind>": [{"uid": "...", ...}, ...], ...}},
                  ...}}

Values are JSON: strings, integers, booleans, null, lists and objects with string keys. ``freeze`` turns
Decimals into their exact text without exponent or trailing zeros (``Decimal("12.50")`` -> ``"12.5"``),
dates and datetimes into ISO text and tuples into lists; floats are refused (they are not exact: give a
Decimal). Every record has a ``uid`` (a non-empty string, unique within its kind); records are kept
sorted by uid, so the document does not depend on the order rows came from the database (a record whose
order matters carries it in a field, e.g. ``position``).

The canonical text is ``json.dumps`` with sorted keys, ``(",", ":")`` separators and UTF-8 text
(``ensure_ascii=False``); the hash is the SHA-256 of its UTF-8 bytes. Two equal plans give the same text
and hash.

Reading a stored document (``load``) checks its hash when given, then its ``schema_version``: a newer
one than this code knows is refused (``schema_too_new``); an older one is upgraded step by step through
``UPGRADES`` (version n -> n + 1) or refused (``schema_unsupported``) when a step is missing. Errors are
``SnapshotError`` with a code and parameters.

``diff(old, new)`` compares two snapshots section by section and record by record, matching records by
``uid`` (never by position): what was added, removed or changed (with each changed field's old and new
value); unchanged sections are left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from cadence.plans.domain.completeness import SECTIONS
from cadence.plans.domain.findings import number_text

SCHEMA_VERSION = 1

Json = Any  # str | int | bool | None | list[Json] | dict[str, Json]
Upgrade = Callable[[dict[str, Json]], dict[str, Json]]

# version n -> the function that turns a version-n document into a version-(n + 1) one.
UPGRADES: dict[int, Upgrade] = {}

CODES = frozenset({"not_json", "bad_structure", "schema_missing", "schema_too_new", "schema_unsupported",
                   "unsupported_value", "record_without_uid", "duplicate_uid", "hash_mismatch"})


class SnapshotError(ValueError):
    def __init__(self, code: str, **params: str | int) -> None:
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params: dict[str, str | int] = params


def _plain(value: object, where: str) -> Json:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return str(value)  # a StrEnum becomes its plain value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise SnapshotError("unsupported_value", where=where, type="Decimal")
        return number_text(value)
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    if isinstance(value, Mapping):
        out: dict[str, Json] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise SnapshotError("unsupported_value", where=where, type="key")
            out[key] = _plain(item, f"{where}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [_plain(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise SnapshotError("unsupported_value", where=where, type=type(value).__name__)


def _section(key: str, value: Json) -> dict[str, Json]:
    if not isinstance(value, dict) or not set(value) <= {"answers", "records"}:
        raise SnapshotError("bad_structure", where=f"sections.{key}")
    answers = value.get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(a, str) for a in answers.values()):
        raise SnapshotError("bad_structure", where=f"sections.{key}.answers")
    records = value.get("records", {})
    if not isinstance(records, dict):
        raise SnapshotError("bad_structure", where=f"sections.{key}.records")
    kinds: dict[str, Json] = {}
    for kind, rows in records.items():
        where = f"sections.{key}.records.{kind}"
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise SnapshotError("bad_structure", where=where)
        uids = [r.get("uid") for r in rows]
        for uid in uids:
            if not isinstance(uid, str) or not uid:
                raise SnapshotError("record_without_uid", where=where)
        seen: set[str] = set()
        for uid in uids:
            if uid in seen:
                raise SnapshotError("duplicate_uid", where=where, uid=str(uid))
            seen.add(str(uid))
        kinds[kind] = sorted(rows, key=lambda r: str(r["uid"]))
    return {"answers": answers, "records": kinds}


def _validated(document: Json) -> dict[str, Json]:
    if not isinstance(document, dict):
        raise SnapshotError("bad_structure", where="document")
    plan, sections = document.get("plan", {}), document.get("sections", {})
    if not isinstance(plan, dict) or not isinstance(sections, dict):
        raise SnapshotError("bad_structure", where="document")
    extra = set(document) - {"schema_version", "plan", "sections"}
    if extra:
        raise SnapshotError("bad_structure", where=",".join(sorted(extra)))
    return {"schema_version": SCHEMA_VERSION, "plan": plan,
            "sections": {key: _section(key, value) for key, value in sections.items()}}


def canonical_text(document: Json) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    canonical: str
    sha256: str
    upgraded_from: int | None = None  # the stored schema version when ``load`` upgraded it

    @property
    def document(self) -> dict[str, Json]:
        """A fresh copy of the document (the snapshot itself never changes)."""
        value: dict[str, Json] = json.loads(self.canonical)
        return value


def _snapshot(document: dict[str, Json], upgraded_from: int | None = None) -> Snapshot:
    text = canonical_text(_validated(document))
    return Snapshot(text, sha256_of(text), upgraded_from)


def freeze(plan: Mapping[str, object], sections: Mapping[str, object]) -> Snapshot:
    """Freeze a plan: its facts and its sections (``{"answers": {...}, "records": {kind: [...]}}``)."""
    document = _plain({"plan": plan, "sections": sections}, "document")
    assert isinstance(document, dict)
    return _snapshot(document)


def load(stored: str | Mapping[str, object], *, sha256: str | None = None,
         upgrades: Mapping[int, Upgrade] = UPGRADES) -> Snapshot:
    """Read a stored snapshot (its JSON text or the parsed document), checking ``sha256`` when given."""
    if isinstance(stored, str):
        try:
            document = json.loads(stored)
        except ValueError as exc:
            raise SnapshotError("not_json") from exc
    else:
        document = _plain(stored, "document")
    if not isinstance(document, dict):
        raise SnapshotError("bad_structure", where="document")
    if sha256 is not None and sha256_of(canonical_text(document)) != sha256:
        raise SnapshotError("hash_mismatch", expected=sha256)
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SnapshotError("schema_missing")
    if version > SCHEMA_VERSION:
        raise SnapshotError("schema_too_new", version=version, current=SCHEMA_VERSION)
    original = version
    while version < SCHEMA_VERSION:
        step = upgrades.get(version)
        if step is None:
            raise SnapshotError("schema_unsupported", version=original, current=SCHEMA_VERSION)
        document = step(document)
        version += 1
        document["schema_version"] = version
    return _snapshot(document, original if original != SCHEMA_VERSION else None)


# --- comparing two snapshots -------------------------------------------------------------------------

class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Json  # None when added
    new: Json  # None when removed

    @property
    def change(self) -> Change:
        if self.old is None:
            return Change.ADDED
        return Change.REMOVED if self.new is None else Change.CHANGED


@dataclass(frozen=True)
class RecordChange:
    kind: str
    uid: str
    change: Change
    fields: tuple[FieldChange, ...]  # every field of an added or removed record, the changed ones otherwise


@dataclass(frozen=True)
class SectionDiff:
    section: str
    change: Change | None  # ADDED / REMOVED when the whole section appears or goes; None: changed inside
    answers: tuple[FieldChange, ...]
    records: tuple[RecordChange, ...]


@dataclass(frozen=True)
class SnapshotDiff:
    plan: tuple[FieldChange, ...]
    sections: tuple[SectionDiff, ...]

    @property
    def empty(self) -> bool:
        return not self.plan and not self.sections

    def section(self, key: str) -> SectionDiff | None:
        return next((s for s in self.sections if s.section == key), None)


def _fields(old: Mapping[str, Json], new: Mapping[str, Json], skip: frozenset[str] = frozenset()) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new))
                 if k not in skip and old.get(k) != new.get(k))


def _records(old: Mapping[str, Json], new: Mapping[str, Json]) -> tuple[RecordChange, ...]:
    out: list[RecordChange] = []
    no_uid = frozenset({"uid"})
    for kind in sorted(set(old) | set(new)):
        before = {r["uid"]: r for r in old.get(kind, [])}
        after = {r["uid"]: r for r in new.get(kind, [])}
        for uid in sorted(set(before) | set(after)):
            if uid not in after:
                out.append(RecordChange(kind, uid, Change.REMOVED, _fields(before[uid], {}, no_uid)))
            elif uid not in before:
                out.append(RecordChange(kind, uid, Change.ADDED, _fields({}, after[uid], no_uid)))
            else:
                changed = _fields(before[uid], after[uid], no_uid)
                if changed:
                    out.append(RecordChange(kind, uid, Change.CHANGED, changed))
    return tuple(out)


def _section_order(key: str) -> tuple[int, str]:
    known = [s.value for s in SECTIONS]
    return (known.index(key), "") if key in known else (len(known), key)


def diff(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    """What changed from ``old`` to ``new``, sections in SOSTAC order (unknown keys after, by name)."""
    a, b = old.document, new.document
    sections: list[SectionDiff] = []
    empty: dict[str, Json] = {"answers": {}, "records": {}}
    for key in sorted(set(a["sections"]) | set(b["sections"]), key=_section_order):
        before, after = a["sections"].get(key), b["sections"].get(key)
        change = Change.ADDED if before is None else Change.REMOVED if after is None else None
        before, after = before or empty, after or empty
        answers = _fields(before["answers"], after["answers"])
        records = _records(before["records"], after["records"])
        if answers or records or change is not None:
            sections.append(SectionDiff(key, change, answers, records))
    return SnapshotDiff(_fields(a["plan"], b["plan"]), tuple(sections))
