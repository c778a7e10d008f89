"""The monthly client report's PDF over the dashboard benchmark's data: server time of ``render_pdf``.

For each database (SQLite in a file under /tmp; then PostgreSQL, database ``cadence_bench_report`` or
``CADENCE_BENCH_PG_NAME`` at 127.0.0.1:5432, dropped at the end, when it answers; ``--only sqlite|postgres``) a
child process migrates an empty database, generates the data with ``bench/control_data.py`` (several
engagements, two years of daily metric rows, 1,000,000 ``MetricFact`` rows in all, budgets and KPIs), then
renders the report of the last full month of the first engagement:

* **cold**: the cache emptied before each run (every KPI chart drawn again by vl-convert);
* **warm**: the charts in the cache (what a second rendering of the month, or the send after a preview, costs);

after one rendering that is not counted (a process's first PDF loads WeasyPrint, the fonts and vl-convert's
engine: a web or task worker has done it long before). Wall time and the process's CPU time are printed: on a
machine shared with other work the wall time includes waiting for a core.

and prints the median, p95 and max of ``--runs`` renderings, with the split of one warm run: the read model
(``reports.queries.report_view``: hours, schedule, KPIs, budget, content, top posts), the template and
WeasyPrint. Target (issue 11): under 1.5 s server time.

``CADENCE_BENCH_QUICK=1`` or ``--quick``: 100,000 rows over 2 engagements, 3 runs, one database (PostgreSQL
when it answers, else SQLite): about a minute. Figures only: the exit code is 0 whatever the speed (1 only
when the benchmark cannot run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_SECONDS = 1.5


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def child(rows: int, engagements: int, runs: int) -> int:
    """Runs inside the configured environment: build, render, print one JSON line."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.settings")
    django.setup()
    import control_data
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from cadence.core.scoping import scope, scopes_disabled
    from cadence.engagements.models import Engagement
    from cadence.reports import document, queries, services
    from cadence.reports.domain import schedule

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    data = control_data.build(rows=rows, engagements=engagements, say=lambda _s: None)
    build_seconds = time.perf_counter() - started
    with scopes_disabled():
        engagement = Engagement.objects.select_related("workspace", "client").get(uuid=data.engagements[0])
    month = schedule.previous_month(data.last_day)
    out: dict[str, object] = {"rows": data.rows, "build_seconds": build_seconds, "month": month.isoformat(),
                              "vendor": connection.vendor, "language": engagement.language}
    with scope(workspace=engagement.workspace):
        report = services.get_or_create_report(engagement, month)
        services.render_pdf(report)  # the process's first PDF loads WeasyPrint, the fonts and vl-convert's engine
        cold, warm, cold_cpu, warm_cpu = [], [], [], []
        pdf = b""
        for _ in range(runs):
            cache.clear()
            t, c = time.perf_counter(), time.process_time()
            pdf = services.render_pdf(report)
            cold.append(time.perf_counter() - t)
            cold_cpu.append(time.process_time() - c)
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            pdf = services.render_pdf(report)
            warm.append(time.perf_counter() - t)
            warm_cpu.append(time.process_time() - c)
        with translation.override(engagement.language):
            t0 = time.perf_counter()
            view = queries.report_view(report)
            t1 = time.perf_counter()
            html = document.html_of(view)
            t2 = time.perf_counter()
            document.pdf_of(html)
            t3 = time.perf_counter()
        out.update({"cold": _stats(cold), "warm": _stats(warm), "cold_cpu": _stats(cold_cpu), "warm_cpu": _stats(warm_cpu), "pdf_bytes": len(pdf), "kpis": len(view.kpis),
                    "split": {"read model": t1 - t0, "template": t2 - t1, "weasyprint": t3 - t2}})
    print("RESULT " + json.dumps(out), flush=True)
    return 0


def run_backend(label: str, env: dict[str, str], rows: int, engagements: int, runs: int) -> bool:
    print(f"\n== {label}", flush=True)
    proc = subprocess.run([sys.executable, __file__, "--child", "--rows", str(rows), "--engagements", str(engagements),
                           "--runs", str(runs)], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        return False
    r = json.loads(line[len("RESULT "):])
    print(f"data: {r['rows']:,} fact rows generated in {r['build_seconds']:.0f} s; report of {r['month'][:7]} "
          f"({r['language']}), {r['kpis']} KPIs, {r['pdf_bytes'] / 1024:.0f} KB")
    for kind in ("cold", "warm"):
        s = r[kind]
        verdict = "met" if s["p95"] < TARGET_SECONDS else "NOT met"
        cpu = r[kind + "_cpu"]
        print(f"render_pdf {kind:4}: p50 {s['p50'] * 1000:7.0f} ms  p95 {s['p95'] * 1000:7.0f} ms  "
              f"max {s['max'] * 1000:7.0f} ms   (target < {TARGET_SECONDS:.1f} s: {verdict}); "
              f"CPU time of the process p50 {cpu['p50'] * 1000:.0f} ms, p95 {cpu['p95'] * 1000:.0f} ms")
    split = r["split"]
    total = sum(split.values())
    print("one warm run: " + ", ".join(f"{k} {v * 1000:.0f} ms ({v / total:.0%})" for k, v in split.items()),
          flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=None, help="metric fact rows (1,000,000)")
    parser.add_argument("--engagements", type=int, default=None, help="engagements sharing the rows (5)")
    parser.add_argument("--runs", type=int, default=None, help="renderings per kind (10)")
    parser.add_argument("--quick", action="store_true", help="100,000 rows, 3 runs, one database")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = args.quick or os.environ.get("CADENCE_BENCH_QUICK", "") in ("1", "true", "yes")
    rows = args.rows or (100_000 if quick else 1_000_000)
    engagements = args.engagements or (2 if quick else 5)
    runs = args.runs or (3 if quick else 10)
    if args.child:
        return child(rows, engagements, runs)
    import load

    backends = [args.only] if args.only else ["sqlite", "postgres"]
    if "postgres" in backends and not load.postgres_reachable():
        print("PostgreSQL at 127.0.0.1:5432 does not answer: SQLite only.")
        backends.remove("postgres")
    if quick and not args.only and len(backends) > 1:
        backends = ["postgres"]
    workdir = Path(tempfile.mkdtemp(prefix="cadence-report-bench-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "CADENCE_"))}
    base.update({"CADENCE_DEBUG": "0", "CADENCE_SECRET_KEY": "report-bench-" + "x" * 50, "CADENCE_LOG_LEVEL": "ERROR",
                 "CADENCE_MEDIA_ROOT": str(workdir / "media"), "CADENCE_TASKS_BACKEND": "immediate",
                 "PYTHONUNBUFFERED": "1"})
    print(f"Monthly report benchmark: {rows:,} metric rows over {engagements} engagements, {runs} runs; "
          f"{os.cpu_count()} CPU cores; load average {load.load_average()}", flush=True)
    ok = True
    try:
        for backend in backends:
            if backend == "sqlite":
                db = workdir / "report.sqlite3"
                ok &= run_backend(f"SQLite ({db})", {**base, "CADENCE_SQLITE_PATH": str(db)}, rows, engagements, runs)
            else:
                name = os.environ.get("CADENCE_BENCH_PG_NAME", "cadence_bench_report")
                load.recreate_postgres(name)
                try:
                    ok &= run_backend(f"PostgreSQL ({name} on {load.HOST})",
                                      {**base, "DATABASE_URL": f"postgres://postgres@{load.HOST}:5432/{name}"},
                                      rows, engagements, runs)
                finally:
                    load.drop_postgres(name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
