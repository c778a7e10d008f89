"""Server-side time and queries of the busiest pages on large workspaces: does the work grow with history?

Generates, in a throw-away database, (a) a workspace of 150 engagements with 60,000 time entries (starts
spread over three years) and (b) one of 500 engagements started over ten years (``--big-entries`` entries
a month each, 4 by default: about 120,000 entries; ``--skip-big`` leaves it out). Entries are written with
``bulk_create`` and the month summaries rebuilt after (when the code has them). Then, signed in as a
manager, it requests the dashboard, the page of the oldest engagement, its Gantt SVG, its time page and
the API's schedule, and prints the median server-side time of N requests (``--runs``), the queries of one
request, and for the engagement page the time of a request that must compute the schedule (a write just
gave it a new revision). Runs on SQLite, then on PostgreSQL (database ``cadence_bench_scale`` at
127.0.0.1:5432, user ``postgres``; ``CADENCE_BENCH_PG_NAME`` names another, so that two runs never share
one) when it is reachable (``--no-postgres`` to skip it; ``--only sqlite|postgres`` for one database).

Targets: the dashboard under 50 ms with 150 engagements; an engagement page under 30 ms whatever its age.
Prints figures only; never fails on speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    quick = os.environ.get("CADENCE_BENCH_QUICK", "") in ("1", "true", "yes")
    parser.add_argument("--skip-big", action="store_true", default=quick,
                        help="Leave out the 500-engagement, 10-year workspace (CADENCE_BENCH_QUICK=1, as CI sets, "
                             "leaves it out too: its figures are in bench/README.md).")
    parser.add_argument("--big-entries", type=int, default=4, help="Entries a month per engagement in the big one.")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one database only")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        return run(args)
    child = [sys.executable, __file__, "--runs", str(args.runs), "--big-entries", str(args.big_entries)]
    if args.skip_big:
        child.append("--skip-big")
    status = 0
    if quick and args.only is None and not args.no_postgres and postgres_reachable():
        args.only = "postgres"  # CI's quick mode: the production database only (both: bench/README.md)
    if args.only in (None, "sqlite"):
        status |= subprocess.call([*child, "--backend", "sqlite"])
    if args.only == "sqlite":
        return status
    if not args.no_postgres and postgres_reachable():
        status |= subprocess.call([*child, "--backend", "postgres"])
    else:
        print("\nPostgreSQL at 127.0.0.1:5432 is not reachable (or --no-postgres): SQLite only.")
    return status


def run(args: argparse.Namespace) -> int:
    tmp = tempfile.mkdtemp(prefix="cadence-bench-scale-")
    if args.backend == "postgres":
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/postgres"
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CADENCE_SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadence.settings"
    import django

    django.setup()
    # A benchmark builds and reads rows of its workspaces directly, as the management commands do: across the
    # tenancy backstop (requests still enter their own workspace's scope).
    from cadence.core.scoping import scopes_disabled

    unscoped = scopes_disabled()  # kept in a name: a dropped context manager would end on garbage collection
    unscoped.__enter__()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    connection.settings_dict["TEST"]["NAME"] = (  # a file, as in production, not SQLite's in-memory test db
        os.environ.get("CADENCE_BENCH_PG_NAME", "cadence_bench_scale") if args.backend == "postgres" else str(Path(tmp) / "bench_scale.sqlite3"))
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"\n=== {connection.vendor} ({Path(str(ROOT)).name}) ===")
    try:
        cases = [("150 engagements, 60,000 entries", 150, 3, None)]
        if not args.skip_big:
            cases.append((f"500 engagements over 10 years, {args.big_entries} entries a month each", 500, 10,
                          args.big_entries))
        for n, (label, engagements, years, per_month) in enumerate(cases):
            workspace, manager = generate(f"scale{n}", engagements, years, per_month)
            measure(label, workspace, manager, args.runs)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    return 0


def generate(slug: str, count: int, years: int, per_month: int | None) -> tuple[object, object]:
    """A workspace with ``count`` engagements started over ``years`` years, entries up to today."""
    from cadence.accounts.models import User
    from cadence.core import services as core_services
    from cadence.engagements import queries
    from cadence.engagements import services as eng_services
    from cadence.engagements.models import Engagement, ProcessTemplate, TimeEntry

    t0 = time.perf_counter()
    rnd = random.Random(6)
    owner = User.objects.create_user(f"owner@{slug}.test", "pw-bench-1234", full_name="Owner")
    workspace = core_services.create_workspace(actor=owner, name=f"Bench {slug}", slug=slug)
    manager = owner
    templates = list(ProcessTemplate.objects.filter(workspace=workspace))
    clients = [core_services.create_client(actor=owner, workspace=workspace, name=f"Client {i:03d}", country="RO",
                                           language="ro") for i in range(max(count // 5, 1))]
    today = dt.date.today()
    first_start = today - dt.timedelta(days=365 * years)
    total = 0
    target = 60000 if per_month is None else None
    for i in range(count):
        start = first_start + dt.timedelta(days=(365 * years - 30) * i // max(count - 1, 1))
        eng_services.create_engagement(
            actor=owner, workspace=workspace, client=clients[i % len(clients)], template=templates[i % len(templates)],
            name=f"Engagement {i:03d}", start_date=start, monthly_hours=Decimal(40), country="RO",
            time_zone="Europe/Bucharest", currency="EUR", language="ro", close_after_days=5,
        )
    engagements = list(Engagement.objects.filter(workspace=workspace).prefetch_related("phases"))
    for engagement in engagements:
        days = (today - engagement.start_date).days
        months = max(days // 30, 1)
        n = (target // count) if target else per_month * months  # type: ignore[operator]
        phases = list(engagement.phases.all())
        rows = []
        for j in range(n):
            day = engagement.start_date + dt.timedelta(days=days * j // max(n, 1))
            phase = phases[min(j * len(phases) // max(n, 1), len(phases) - 1)]
            rows.append(TimeEntry(workspace=workspace, engagement=engagement, user=owner, phase=phase, date=day,
                                  hours=Decimal(rnd.choice(["0.5", "1", "1.5", "2"]))))
        TimeEntry.objects.bulk_create(rows, batch_size=2000)
        total += n
    try:
        from cadence.engagements import readmodels  # the branch with month summaries
    except ImportError:
        readmodels = None  # type: ignore[assignment]
    if readmodels is not None:
        for engagement in engagements:
            readmodels.rebuild(engagement)
    from django.db import connection

    with connection.cursor() as cursor:  # planner statistics, as a production database has them
        cursor.execute("ANALYZE")
    del queries
    print(f"generated {count} engagements (started {first_start} .. {today - dt.timedelta(days=30)}), "
          f"{total} time entries in {time.perf_counter() - t0:.0f} s")
    return workspace, manager


def measure(label: str, workspace: object, manager: object, runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cadence.core import services as core_services
    from cadence.engagements.models import Engagement

    slug = workspace.slug  # type: ignore[attr-defined]
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    token = core_services.create_api_token(actor=manager, name="bench")[1]
    oldest = Engagement.objects.filter(workspace=workspace).order_by("start_date").first()
    assert oldest is not None
    kw = {"workspace": slug, "engagement": oldest.uuid}
    pages = [
        ("dashboard", reverse("core:dashboard", kwargs={"workspace": slug}), {}),
        (f"engagement page (oldest, since {oldest.start_date})", reverse("engagements:engagement-detail", kwargs=kw), {}),
        ("its gantt.svg", reverse("engagements:engagement-gantt", kwargs=kw), {}),
        ("its time page", reverse("engagements:time-list", kwargs=kw), {}),
        ("its API schedule", f"/api/v1/workspaces/{slug}/engagements/{oldest.uuid}/schedule",
         {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
    ]
    print(f"--- {label}")
    print(f"{'request':<52} {'median ms':>9} {'queries':>7}")
    for name, url, headers in pages:
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            client.get(url, **headers)
            times.append((time.perf_counter() - t0) * 1000)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, **headers)
        print(f"{name:<52} {statistics.median(times):>9.1f} {len(ctx):>7}")
    try:
        from cadence.engagements import readmodels
    except ImportError:
        return
    url = pages[1][1]
    times = []
    for _ in range(max(runs // 2, 3)):
        readmodels.bump_revision(oldest)  # as a write would: the next request computes the schedule
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"{'engagement page, just after a write (computes)':<52} {statistics.median(times):>9.1f}")
    etag = client.get(pages[2][1])["ETag"]
    t0 = time.perf_counter()
    status = client.get(pages[2][1], HTTP_IF_NONE_MATCH=etag).status_code
    print(f"{'gantt.svg with If-None-Match (' + str(status) + ')':<52} {(time.perf_counter() - t0) * 1000:>9.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
