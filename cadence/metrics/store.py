"""The fast writer of the fact table: rows streamed from a reader are upserted by their identity
(engagement, key, day, day_end) in batches, inside the caller's transaction.

* SQLite: ``executemany`` of ``INSERT ... ON CONFLICT (...) DO UPDATE`` in chunks of ``CHUNK`` rows.
* PostgreSQL: ``COPY`` of each chunk into a temporary table (dropped at commit), then one
  ``INSERT ... SELECT ... ON CONFLICT (...) DO UPDATE`` per chunk (a row given twice in one chunk keeps the
  later one, as SQLite does).

An existing row with the same identity is replaced (its measures, its ``extra``) and moves to the writing
batch: importing the same data twice counts it once, an overlapping re-import replaces exactly its rows.
``write_file_facts`` is the same write with the file read and its rows converted by a second process while
this one writes (large files on the local disk).
Money measures are multiplied by the batch's exchange rate (two places, half up) when one is given.
Memory stays bounded by one chunk whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

from django.db import connection

from cadence.metrics.domain.facts import MEASURES, MONEY, FactRow, fact_key

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from cadence.metrics.domain.layouts import Layout

log = logging.getLogger(__name__)

CHUNK = 5000
KEYS_CACHED = 50_000  # subjects whose key is kept (a campaign repeats every day)
CENT = Decimal("0.01")
TABLE = "metrics_metricfact"
IDENTITY = ("engagement_id", "key", "day", "day_end")
COLUMNS: tuple[str, ...] = ("workspace_id", "engagement_id", "batch_id", "platform", "account", "level",
                            "campaign", "ad_set", "ad", "item", "key", "day", "day_end", *MEASURES, "extra")
UPDATED: tuple[str, ...] = ("batch_id", "platform", "account", "level", "campaign", "ad_set", "ad", "item",
                            *MEASURES, "extra")
TEXT_MAX = 255
_MEASURE_AT = {name: i for i, name in enumerate(MEASURES)}
CACHE_KIB = 64 * 1024  # SQLite: the page cache (main and temp) while a write runs, in KiB
STAGE = 50_000  # SQLite: rows staged in a temporary table before one upsert statement moves them


@dataclass
class Written:
    """What a write did: the rows written and the days they cover."""

    rows: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None


class RowRefused(Exception):
    """A row the reader gave as a problem (severity error): the transaction must roll back."""

    def __init__(self, problem: Any) -> None:
        super().__init__(getattr(problem, "code", "invalid"))
        self.problem = problem


def _cut(text: str) -> str:
    return text if len(text) <= TEXT_MAX else text[:TEXT_MAX]


_PLAIN_AT = {name: at for name, at in _MEASURE_AT.items() if name not in MONEY}  # measures written as read


class _Rows:
    """Turns fact rows into tuples in COLUMNS order (the key computed once per subject, each day's text once)."""

    def __init__(self, *, workspace_id: int, engagement_id: int, batch_id: int, platform: str,
                 rate: Decimal | None) -> None:
        self.head = (workspace_id, engagement_id, batch_id, platform)
        self.platform = platform
        self.rate = rate
        # subject -> its columns (account, level, campaign, ad_set, ad, item cut to TEXT_MAX) and its key
        self.subjects: dict[tuple[str, str, str, str, str, str], tuple[str, ...]] = {}
        self.extras: dict[tuple[tuple[str, str], ...], str] = {}
        self.days: dict[dt.date, Any] = {}  # a day -> as written (its ISO text for SQLite)
        self.written = Written()

    def key(self, row: FactRow) -> str:
        return self._subject(row)[-1]

    def _subject(self, row: FactRow) -> tuple[str, ...]:
        subject = (row.account, row.level, row.campaign, row.ad_set, row.ad, row.item)
        columns = self.subjects.get(subject)
        if columns is None:
            if len(self.subjects) >= KEYS_CACHED:
                self.subjects.clear()
            account, level, campaign, ad_set, ad, item = subject
            columns = (_cut(account), level, _cut(campaign), _cut(ad_set), _cut(ad), _cut(item),
                       fact_key(self.platform, *subject))
            self.subjects[subject] = columns
        return columns

    def _day(self, day: dt.date, text_dates: bool) -> Any:
        # A day not seen yet also moves the written range: every day_end >= its day, so the smallest of all
        # the days and ends is the first day and the largest the last.
        if len(self.days) >= KEYS_CACHED:
            self.days.clear()
        written = self.written
        if written.first_day is None or day < written.first_day:
            written.first_day = day
        if written.last_day is None or day > written.last_day:
            written.last_day = day
        value = self.days[day] = day.isoformat() if text_dates else day
        return value

    def values(self, row: FactRow, *, text_dates: bool) -> tuple[Any, ...]:
        values: list[Any] = [None] * len(MEASURES)
        plain = _PLAIN_AT
        for name, value in row.measures.items():
            at = plain.get(name)
            if at is not None:
                if value is not None:
                    values[at] = str(value)
                continue
            at = _MEASURE_AT.get(name)
            if at is None or value is None:
                continue
            if self.rate is not None:  # money
                value = value * self.rate
            values[at] = str(value.quantize(CENT, ROUND_HALF_UP))
        self.written.rows += 1
        days = self.days
        day, day_end = row.day, row.day_end
        first = days.get(day)
        if first is None:
            first = self._day(day, text_dates)
        last = days.get(day_end)
        if last is None:
            last = self._day(day_end, text_dates)
        extra = row.extra
        if extra:
            shape = tuple(extra.items())
            text = self.extras.get(shape)
            if text is None:
                if len(self.extras) >= KEYS_CACHED:
                    self.extras.clear()
                text = self.extras[shape] = json.dumps(extra, ensure_ascii=False)
        else:
            text = "{}"
        subject = self.subjects.get((row.account, row.level, row.campaign, row.ad_set, row.ad, row.item))
        if subject is None:
            subject = self._subject(row)
        return (*self.head, *subject, first, last, *values, text)


def _chunks(rows: Iterable[Any], converter: _Rows, *, text_dates: bool) -> Iterable[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        if not isinstance(row, FactRow):
            if getattr(row, "severity", "error") == "error":
                raise RowRefused(row)
            continue  # a notice: shown in the preview, nothing to write
        chunk.append(converter.values(row, text_dates=text_dates))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _upsert_sql(source: str) -> str:
    columns = ", ".join(COLUMNS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in UPDATED)
    return (f"INSERT INTO {TABLE} ({columns}) {source} "
            f"ON CONFLICT ({', '.join(IDENTITY)}) DO UPDATE SET {updates}")


def _write_sqlite(chunks: Iterable[list[tuple[Any, ...]]], progress: Callable[[int], None]) -> None:
    # Staged: executemany of a plain INSERT into a temporary table, then one INSERT ... SELECT ... ON CONFLICT
    # per STAGE rows (SQLite's executemany of the upsert itself is about twice as slow). The staged rows are
    # taken in their order, so a row given twice keeps the later one.
    columns = ", ".join(COLUMNS)
    staged = "metrics_fact_staged"
    placeholders = ", ".join("?" for _ in COLUMNS)
    insert = f"INSERT INTO temp.{staged} VALUES ({placeholders})"  # noqa: S608 - constant names
    move = _upsert_sql(f"SELECT {columns} FROM temp.{staged} WHERE true ORDER BY rowid")  # noqa: S608
    done = pending = 0
    with connection.cursor() as cursor:
        raw = cursor.connection  # the sqlite3 connection: executemany without Django's per-row wrapping
        # A larger page cache for this write only (the default 2 MB makes the unique index's random keys go to
        # the disk file again and again); restored after. Durability settings are left as they are.
        cache = raw.execute("PRAGMA main.cache_size").fetchone()[0]
        temp_cache = raw.execute("PRAGMA temp.cache_size").fetchone()[0]
        raw.execute(f"PRAGMA main.cache_size = {-CACHE_KIB}")
        raw.execute(f"PRAGMA temp.cache_size = {-CACHE_KIB}")
        raw.execute(f"DROP TABLE IF EXISTS temp.{staged}")
        raw.execute(f"CREATE TEMPORARY TABLE {staged} AS SELECT {columns} FROM {TABLE} WHERE 0")  # noqa: S608
        try:
            for chunk in chunks:
                raw.executemany(insert, chunk)
                pending += len(chunk)
                done += len(chunk)
                if pending >= STAGE:
                    raw.execute(move)
                    raw.execute(f"DELETE FROM temp.{staged}")  # noqa: S608
                    pending = 0
                progress(done)
            if pending:
                raw.execute(move)
        finally:
            raw.execute(f"DROP TABLE IF EXISTS temp.{staged}")
            raw.execute(f"PRAGMA main.cache_size = {int(cache)}")
            raw.execute(f"PRAGMA temp.cache_size = {int(temp_cache)}")


def _write_postgresql(chunks: Iterable[list[tuple[Any, ...]]], progress: Callable[[int], None]) -> None:
    columns = ", ".join(COLUMNS)
    staged = "metrics_fact_staged"
    # the staged rows numbered: a row given twice in one chunk keeps the later one
    pick = (f"SELECT {columns} FROM (SELECT DISTINCT ON (key, day, day_end) * FROM {staged} "  # noqa: S608
            f"ORDER BY key, day, day_end, seq DESC) AS s")  # (constant names, no input)
    sql = _upsert_sql(pick)
    done = 0
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staged} "
                       f"(LIKE {TABLE} INCLUDING DEFAULTS, seq bigserial) ON COMMIT DROP")
        cursor.execute(f"ALTER TABLE {staged} ALTER COLUMN id DROP NOT NULL")
        pending = 0
        for chunk in chunks:
            with cursor.copy(f"COPY {staged} ({columns}) FROM STDIN") as copy:
                for values in chunk:
                    copy.write_row(values)
            pending += len(chunk)
            done += len(chunk)
            if pending >= STAGE:
                cursor.execute(sql)
                cursor.execute(f"TRUNCATE {staged}")
                pending = 0
            progress(done)
        if pending:
            cursor.execute(sql)
        cursor.execute(f"DROP TABLE IF EXISTS {staged}")


def _produce(pipe: Connection, path: str, layout: Layout, head: tuple[int, int, int, str], rate: Decimal | None,
             text_dates: bool) -> None:
    """The second process of ``write_file_facts``: read the file, convert its rows, send them a chunk at a time;
    then ("done", Written), or what stopped it: ("refused", Problem), ("file", code, line), ("failed", text).
    Only pure modules are used here (no settings, no database)."""
    from cadence.metrics.domain import reader

    workspace_id, engagement_id, batch_id, platform = head
    converter = _Rows(workspace_id=workspace_id, engagement_id=engagement_id, batch_id=batch_id,
                      platform=platform, rate=rate)
    try:
        with open(path, "rb") as stream:
            for chunk in _chunks(reader.read_facts(stream, layout), converter, text_dates=text_dates):
                pipe.send(("rows", chunk))
        pipe.send(("done", converter.written))
    except RowRefused as exc:
        pipe.send(("refused", exc.problem))
    except reader.FileRefused as exc:
        pipe.send(("file", exc.code, exc.line))
    except BrokenPipeError:  # the writer stopped (its transaction failed): nothing more to send
        pass
    except Exception as exc:  # noqa: BLE001 - whatever it is, the writer must hear of it and roll back
        pipe.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        pipe.close()


class ReaderFailed(Exception):
    """The reading process of ``write_file_facts`` failed or died: the caller's transaction must roll back."""


def _received(pipe: Connection, process: Any, written: Written) -> Generator[list[tuple[Any, ...]]]:
    from cadence.metrics.domain.textio import FileRefused

    try:
        while True:
            try:
                message = pipe.recv()
            except EOFError:
                raise ReaderFailed(f"the reading process ended without a word (exit code {process.exitcode})") from None
            kind = message[0]
            if kind == "rows":
                yield message[1]
            elif kind == "done":
                done: Written = message[1]
                written.rows, written.first_day, written.last_day = done.rows, done.first_day, done.last_day
                return
            elif kind == "refused":
                raise RowRefused(message[1])
            elif kind == "file":
                raise FileRefused(message[1], message[2])
            else:
                raise ReaderFailed(message[1])
    finally:
        pipe.close()
        if process.is_alive():
            process.terminate()
        process.join(timeout=10)


def write_file_facts(path: str, layout: Layout, *, workspace_id: int, engagement_id: int, batch_id: int,
                     platform: str, rate: Decimal | None = None,
                     progress: Callable[[int], None] | None = None) -> Written:
    """``write_facts`` of a file on the local disk, read by ``reader.read_facts``, with the reading and the
    conversion of its rows done in a second process while this one writes the previous chunks (the two take
    about the same time on a large file, and one process holds Python's lock for both). The rows arrive in the
    file's order, a chunk at a time (memory stays bounded: the pipe holds about one chunk). The same errors as
    ``write_facts``: ``RowRefused``, ``FileRefused``; ``ReaderFailed`` when the reading process fails."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this one's connections
    receiving, sending = context.Pipe(duplex=False)
    postgres = connection.vendor == "postgresql"
    process = context.Process(target=_produce, name="cadence-import-reader", daemon=True,
                              args=(sending, path, layout, (workspace_id, engagement_id, batch_id, platform), rate,
                                    not postgres))
    report = progress or (lambda done: None)
    try:
        process.start()
    except (OSError, AssertionError) as exc:  # no process to be had (limits; a daemonic worker): read here
        log.warning("the import's reading process could not start (%s); reading in this one", exc)
        receiving.close()
        sending.close()
        with open(path, "rb") as stream:
            return write_stream_facts(stream, layout, workspace_id=workspace_id, engagement_id=engagement_id,
                                      batch_id=batch_id, platform=platform, rate=rate, progress=report)
    sending.close()
    written = Written()
    chunks = _received(receiving, process, written)
    try:
        if postgres:
            _write_postgresql(chunks, report)
        else:
            _write_sqlite(chunks, report)
    finally:
        chunks.close()
    return written


def write_stream_facts(stream: BinaryIO, layout: Layout, *, workspace_id: int, engagement_id: int, batch_id: int,
                       platform: str, rate: Decimal | None = None,
                       progress: Callable[[int], None] | None = None) -> Written:
    """``write_facts`` of the rows ``reader.read_facts`` reads from ``stream`` (from its start), in this process;
    the reader is closed before the caller closes the stream (a refused row leaves it mid-file)."""
    from cadence.metrics.domain import reader

    stream.seek(0)
    rows = reader.read_facts(stream, layout)
    try:
        return write_facts(rows, workspace_id=workspace_id, engagement_id=engagement_id, batch_id=batch_id,
                           platform=platform, rate=rate, progress=progress)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def write_facts(rows: Iterable[Any], *, workspace_id: int, engagement_id: int, batch_id: int, platform: str,
                rate: Decimal | None = None, progress: Callable[[int], None] | None = None) -> Written:
    """Upsert the fact rows a reader yields (``FactRow`` or ``Problem``; an error problem raises
    ``RowRefused``: the caller's transaction must then roll back). Call inside ``transaction.atomic``."""
    converter = _Rows(workspace_id=workspace_id, engagement_id=engagement_id, batch_id=batch_id, platform=platform,
                      rate=rate)
    report = progress or (lambda done: None)
    if connection.vendor == "postgresql":
        _write_postgresql(_chunks(rows, converter, text_dates=False), report)
    else:
        _write_sqlite(_chunks(rows, converter, text_dates=True), report)
    return converter.written
