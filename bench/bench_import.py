"""The import of a large Meta Ads daily export (issue 10): the import's own code path against a plain baseline.

Generates a Meta Ads Manager daily export at ad level (``--rows``, 1,000,000 by default: 365 days of ads in
EUR, the shape of ``/work/shared/data/meta_ads_daily_eur.csv`` with ad set and ad columns), then for each
database (SQLite in a file under /tmp; PostgreSQL ``cadence_bench_import``, or ``CADENCE_BENCH_PG_NAME``, at
127.0.0.1:5432 when it answers, dropped at the end; ``--only sqlite|postgres``), each step in its own child
process (so each one's peak memory, ``ru_maxrss``, is its own):

1. **baseline**: parse the file with the ``csv`` module and insert the same rows (the same columns of the fact
   table, the key hashed as the store does, the numbers as the file has them) with raw ``executemany`` in
   chunks of 5,000, in one transaction, committed, with the page cache the import's writer gives itself on
   SQLite (``store.CACHE_KIB``: equal terms); the rows are then deleted (and PostgreSQL vacuumed) outside
   the timing;
2. **import**: the file stored as an import (``services.upload``, not timed: it is the upload), then the two
   jobs of the UI, timed apart: ``services.analyse`` (recognise, summarise: the preview) and, after
   ``services.confirm``, ``services.write`` (ONE transaction: the upsert by identity in ``store.py`` and the
   budget feed; a file this large is read and converted by the write's second process while it writes:
   ``store.write_file_facts``). Both passes read the whole file, as the UI's jobs do. The child has loaded the URLconf before
   the clock starts, as a running task worker has after its first job (the write's notification links to the
   import: in a fresh process that first ``reverse`` imports the whole API, about 2 s).

Prints rows per second of each, the ratios ``write / baseline`` and ``(analyse + write) / baseline`` (the
issue's target: at most 1.5 for the import end to end) and the peak memory of each child and of the write's
reading process (target: under 300 MB for the import). ``CADENCE_BENCH_QUICK=1`` or ``--quick``: 50,000 rows, on
SQLite only. Figures only: exit 0 whatever the speed (1 when a step fails).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HOST = "127.0.0.1"
CHUNK = 5000
HEADER = ["Reporting starts", "Reporting ends", "Campaign name", "Ad set name", "Ad name", "Results",
          "Result indicator", "Reach", "Impressions", "Amount spent (EUR)", "Link clicks", "Clicks (all)"]
# the file's columns -> the fact table's measures (as the reader maps a Meta Ads export)
MEASURE_COLUMNS = {"results": 5, "reach": 7, "impressions": 8, "spend": 9, "link_clicks": 10, "clicks": 11}


def generate(path: Path, rows: int, seed: int = 10) -> None:
    """A Meta Ads daily ad-level export of ``rows`` rows: 365 days, rows // 365 ads (20 per ad set, 5 ad sets
    per campaign)."""
    rng = random.Random(seed)
    ads = max(1, rows // 365)
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for day in days:
            text = day.isoformat()
            for ad in range(ads):
                if written >= rows:
                    break
                impressions = rng.randint(100, 20000)
                reach = impressions * rng.randint(60, 95) // 100
                clicks = impressions * rng.randint(1, 30) // 1000
                link = clicks * rng.randint(50, 95) // 100
                out.writerow([text, text, f"Campaign {ad // 100:03d}", f"Ad set {ad // 20:04d}", f"Ad {ad:05d}", link,
                              "actions:link_click", reach, impressions, f"{rng.randint(5, 50000) / 100:.2f}", link,
                              clicks])
                written += 1
        while written < rows:  # rows not a multiple of 365: the rest on a last day
            out.writerow(["2027-01-01", "2027-01-01", "Campaign X", "Ad set X", f"Ad X{written}", 1,
                          "actions:link_click", 1, 1, "0.01", 1, 1])
            written += 1


# --- the child steps (run with --child STEP in the environment of one database) ----------------------

def _django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadence.settings"
    import django

    django.setup()


def child_setup() -> dict[str, object]:
    """Migrate, then a workspace, a client and an engagement in EUR, through the services."""
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from decimal import Decimal

    from cadence.accounts.models import User
    from cadence.core import services as core_services
    from cadence.core.scoping import scope
    from cadence.engagements import services as eng_services
    from cadence.engagements.models import ProcessTemplate

    owner = User.objects.create_user("owner@import.bench.test", None, full_name="Import Bench")
    workspace = core_services.create_workspace(actor=owner, name="Import bench", slug="importbench")
    with scope(workspace=workspace):
        client = core_services.create_client(actor=owner, workspace=workspace, name="Shop", country="RO",
                                             language="ro")
        template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
        engagement = eng_services.create_engagement(
            actor=owner, workspace=workspace, client=client, template=template, name="Ads", start_date=dt.date(
                2026, 1, 1), monthly_hours=Decimal(40), country="RO", time_zone="Europe/Bucharest", currency="EUR",
            language="ro")
    return {"engagement": engagement.pk}


def child_baseline(path: Path, engagement_id: int) -> dict[str, object]:
    """csv-module parse + raw executemany of the same rows into the fact table, one transaction, committed."""
    _django()
    import hashlib

    from django.db import connection, transaction

    from cadence.core.scoping import scopes_disabled
    from cadence.engagements import queries  # noqa: F401 - the app registry as the import has it
    from cadence.metrics.models import ImportBatch
    from cadence.metrics.store import CACHE_KIB, COLUMNS, TABLE

    with scopes_disabled():
        from django.apps import apps

        engagement = apps.get_model("engagements", "Engagement").objects.get(pk=engagement_id)
        batch = ImportBatch.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                           file_name="baseline", sha256="0" * 64)
    postgres = connection.vendor == "postgresql"
    mark = "%s" if postgres else "?"
    sql = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(mark for _ in COLUMNS)})"  # noqa: S608
    head = (engagement.workspace_id, engagement.pk, batch.pk, "meta_ads")
    measures = [MEASURE_COLUMNS.get(name) for name in COLUMNS[13:-1]]
    keys: dict[tuple[str, str, str], str] = {}
    started = time.perf_counter()
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor if postgres else cursor.connection
        if not postgres:  # the page cache the import's writer gives itself: equal terms
            raw.execute(f"PRAGMA main.cache_size = {-CACHE_KIB}")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            chunk = []
            for cells in reader:
                subject = (cells[2], cells[3], cells[4])
                key = keys.get(subject)
                if key is None:
                    key = hashlib.sha1("\x1f".join(("meta_ads", "", "ad", *subject, "")).encode(),
                                       usedforsecurity=False).hexdigest()
                    keys[subject] = key
                chunk.append((*head, "", "ad", cells[2], cells[3], cells[4], "", key, cells[0], cells[1],
                              *[cells[i] if i is not None else None for i in measures], "{}"))
                if len(chunk) >= CHUNK:
                    raw.executemany(sql, chunk)
                    rows += len(chunk)
                    chunk = []
            if chunk:
                raw.executemany(sql, chunk)
                rows += len(chunk)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE batch_id = %s", [batch.pk])  # noqa: S608
    with scopes_disabled():
        batch.delete()
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {TABLE}")
    return {"rows": rows, "seconds": seconds, "peak_mb": peak}


def child_import(path: Path, engagement_id: int) -> dict[str, object]:
    """The UI's path: upload (stored), analyse (the preview job), confirm, write (the write job)."""
    _django()
    from django.apps import apps
    from django.urls import get_resolver

    from cadence.core.models import Membership
    from cadence.core.scoping import scope, scopes_disabled
    from cadence.metrics import services
    from cadence.metrics.models import MetricFact, Status

    with scopes_disabled():
        engagement = apps.get_model("engagements", "Engagement").objects.select_related("workspace").get(
            pk=engagement_id)
        membership = Membership.objects.select_related("user").get(workspace=engagement.workspace,
                                                                   user__email="owner@import.bench.test")
    user = membership.user
    # A running task worker has imported the URLconf (the outcome's notification links to the import) with its
    # first job: done here before the clock, so the figures are the job's, not the process's start.
    get_resolver().reverse_dict  # noqa: B018
    with scope(workspace=engagement.workspace):
        started = time.perf_counter()
        with path.open("rb") as stream:
            batch = services.upload(actor=user, membership=membership, engagement=engagement, stream=stream,
                                    file_name=path.name, size=path.stat().st_size, background=True)
        upload_s = time.perf_counter() - started
        started = time.perf_counter()
        batch = services.analyse(batch)
        analyse_s = time.perf_counter() - started
        if batch.status != Status.READY or batch.error_count:
            return {"error": f"analyse ended {batch.status}: {batch.error} {batch.summary.get('problems', [])[:3]}"}
        batch = services.confirm(actor=user, membership=membership, batch=batch, background=True)
        started = time.perf_counter()
        batch = services.write(batch)
        write_s = time.perf_counter() - started
        if batch.status != Status.DONE:
            return {"error": f"write ended {batch.status}: {batch.error}"}
        count = MetricFact.objects.filter(batch=batch).count()
    return {"rows": batch.rows_written, "stored": count, "upload_seconds": upload_s, "analyse_seconds": analyse_s,
            "write_seconds": write_s, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "reader_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def child(step: str, path: Path, engagement_id: int) -> int:
    if step == "setup":
        result = child_setup()
    elif step == "baseline":
        result = child_baseline(path, engagement_id)
    else:
        result = child_import(path, engagement_id)
    print("RESULT " + json.dumps(result))
    return 0


# --- the parent ---------------------------------------------------------------------------------------

def _run_child(step: str, env: dict[str, str], path: Path, engagement_id: int = 0) -> dict[str, object]:
    proc = subprocess.run([sys.executable, __file__, "--child", step, "--file", str(path), "--engagement",
                           str(engagement_id)], env=env, capture_output=True, text=True, cwd=ROOT)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line[7:]))
    return {"error": f"{step} failed ({proc.returncode}): {proc.stderr[-2000:]}"}


def run_backend(label: str, env: dict[str, str], path: Path) -> bool:
    print(f"\n== {label}", flush=True)
    setup = _run_child("setup", env, path)
    if "error" in setup:
        print(setup["error"])
        return False
    engagement = int(setup["engagement"])  # type: ignore[call-overload]
    base = _run_child("baseline", env, path, engagement)
    if "error" in base:
        print(base["error"])
        return False
    imp = _run_child("import", env, path, engagement)
    if "error" in imp:
        print(imp["error"])
        return False
    rows = int(base["rows"])  # type: ignore[call-overload]
    b = float(base["seconds"])  # type: ignore[arg-type]
    a, w = float(imp["analyse_seconds"]), float(imp["write_seconds"])  # type: ignore[arg-type]
    print(f"baseline (csv + executemany): {b:8.2f} s  {rows / b:10,.0f} rows/s  peak {base['peak_mb']:.0f} MB")
    print(f"upload (store the file, hash): {float(imp['upload_seconds']):7.2f} s  (not in the ratios)")  # type: ignore[arg-type]
    print(f"import: analyse (preview)     {a:8.2f} s  {rows / a:10,.0f} rows/s")
    print(f"import: write (one transaction){w:7.2f} s  {rows / w:10,.0f} rows/s  ({imp['stored']:,} rows stored)")
    print(f"import end to end (analyse + write): {a + w:8.2f} s  {rows / (a + w):10,.0f} rows/s  "
          f"peak {imp['peak_mb']:.0f} MB (target < 300 MB; its reading process {imp['reader_peak_mb']:.0f} MB)")
    print(f"ratio write / baseline: {w / b:.2f}   ratio (analyse + write) / baseline: {(a + w) / b:.2f} "
          f"(target <= 1.5)", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=None, help="rows in the generated export (1,000,000)")
    parser.add_argument("--quick", action="store_true", help="50,000 rows (CADENCE_BENCH_QUICK=1 too)")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--engagement", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, Path(args.file), args.engagement)
    import load

    quick = args.quick or os.environ.get("CADENCE_BENCH_QUICK") == "1"
    rows = args.rows or (50_000 if quick else 1_000_000)
    # CI's quick mode reads and writes on SQLite only (the open 1.5x target is SQLite's; PostgreSQL's figures
    # from full runs are in bench/README.md); --only postgres still runs it there.
    backends = [args.only] if args.only else (["sqlite"] if quick else ["sqlite", "postgres"])
    if "postgres" in backends and not load.postgres_reachable():
        print("PostgreSQL at 127.0.0.1:5432 does not answer: SQLite only.")
        backends.remove("postgres")
    workdir = Path(tempfile.mkdtemp(prefix="cadence-import-bench-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "CADENCE_"))}
    base.update({"CADENCE_DEBUG": "0", "CADENCE_SECRET_KEY": "import-bench-" + "x" * 50,
                 "CADENCE_LOG_LEVEL": "ERROR", "CADENCE_MEDIA_ROOT": str(workdir / "media"),
                 "CADENCE_IMPORT_MAX_MB": "2000", "CADENCE_TASKS_BACKEND": "db", "PYTHONUNBUFFERED": "1"})
    ok = True
    try:
        path = workdir / "meta_ads_daily.csv"
        started = time.perf_counter()
        generate(path, rows)
        print(f"Import benchmark: a Meta Ads daily export of {rows:,} rows ({path.stat().st_size / 1e6:.0f} MB, "
              f"generated in {time.perf_counter() - started:.0f} s); {os.cpu_count()} CPU cores; "
              f"load average {load.load_average()}", flush=True)
        for backend in backends:
            if backend == "sqlite":
                db = workdir / "import.sqlite3"
                ok &= run_backend(f"SQLite ({db})", {**base, "CADENCE_SQLITE_PATH": str(db)}, path)
            else:
                name = os.environ.get("CADENCE_BENCH_PG_NAME", "cadence_bench_import")
                load.recreate_postgres(name)
                try:
                    ok &= run_backend(f"PostgreSQL ({name} on {HOST})",
                                      {**base, "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{name}"}, path)
                finally:
                    load.drop_postgres(name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
