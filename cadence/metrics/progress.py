"""The progress of an import job, readable while the job runs (the page polls it every second).

The analyse job runs outside a transaction: it saves ``rows_read`` on the batch row itself. The write job
runs inside ONE transaction, so what it would save on its row stays invisible until it commits (and SQLite
would lock the readers out): its progress lives outside the database, in the cache when the cache is shared
between processes (Redis), else in a small JSON file under ``MEDIA_ROOT/import-progress/`` (the web and the
worker share the disk). ``current`` merges both with the row's status.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache

from cadence.metrics.models import ImportBatch, Status

TTL = 24 * 3600  # a progress record outlives any job
RUNNING = frozenset({Status.UPLOADED, Status.ANALYSING, Status.WRITING})


def _shared_cache() -> bool:
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    return "redis" in backend.lower()


def _key(batch: ImportBatch) -> str:
    return f"metrics:import-progress:{batch.uuid}"


def _path(batch: ImportBatch) -> Path:
    return Path(settings.MEDIA_ROOT) / "import-progress" / f"{batch.uuid}.json"


def _load(batch: ImportBatch) -> dict[str, Any]:
    if _shared_cache():
        value = cache.get(_key(batch))
        return dict(value) if isinstance(value, dict) else {}
    try:
        with _path(batch).open(encoding="utf-8") as handle:
            value = json.load(handle)
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _store(batch: ImportBatch, value: dict[str, Any]) -> None:
    if _shared_cache():
        cache.set(_key(batch), value, TTL)
        return
    path = _path(batch)
    path.parent.mkdir(parents=True, exist_ok=True)
    # written whole then renamed: a reader never sees half a record
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def report(batch: ImportBatch, *, read: int | None = None, written: int | None = None) -> None:
    """Record how far the running job got (rows read from the file, rows written to the store)."""
    value = _load(batch)
    if read is not None:
        value["rows_read"] = int(read)
    if written is not None:
        value["rows_written"] = int(written)
    _store(batch, value)


def clear(batch: ImportBatch) -> None:
    """Forget the job's progress (it ended: the row holds the result)."""
    if _shared_cache():
        cache.delete(_key(batch))
        return
    with contextlib.suppress(OSError):
        _path(batch).unlink()


def current(batch: ImportBatch) -> dict[str, Any]:
    """{"status", "running", "rows_total", "rows_read", "rows_written", "errors", "percent"} of a batch, read
    fresh from the database and the progress record."""
    row = ImportBatch.objects.filter(pk=batch.pk).values(
        "status", "rows_total", "rows_read", "rows_written", "error_count", "file_size").first()
    if row is None:
        return {"status": "", "running": False, "rows_total": 0, "rows_read": 0, "rows_written": 0, "errors": 0,
                "percent": 0}
    status = row["status"]
    rows_read, rows_written = row["rows_read"], row["rows_written"]
    if status == Status.WRITING:
        live = _load(batch)
        rows_written = int(live.get("rows_written", rows_written) or 0)
        rows_read = max(rows_read, int(live.get("rows_read", 0) or 0))
    total = row["rows_total"]
    if status == Status.WRITING and total:
        percent = min(100, int(rows_written * 100 / total))
    elif status == Status.ANALYSING and total:
        percent = min(100, int(rows_read * 100 / total))
    elif status in RUNNING:
        percent = 0
    else:
        percent = 100
    return {"status": status, "running": status in RUNNING, "rows_total": total, "rows_read": rows_read,
            "rows_written": rows_written, "errors": row["error_count"], "percent": percent}
