"""Server-side time and query count of the busiest pages, on the demo workspace.

Builds the demo workspace in a throw-away SQLite database (or the database DATABASE_URL names, in a
``bench_`` test database), signs in as the demo manager and requests the dashboard, each engagement
page, its Gantt SVG, its time page and the API's schedule. Prints the median wall time of N requests,
the number of SQL queries of one request and the peak memory of one request (tracemalloc).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="cadence-bench-")
    os.environ.setdefault("CADENCE_SQLITE_PATH", str(Path(tmp) / "bench.sqlite3"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadence.settings"
    import django

    django.setup()
    # A benchmark builds and reads rows of its workspaces directly, as the management commands do: across the
    # tenancy backstop (requests still enter their own workspace's scope).
    from cadence.core.scoping import scopes_disabled

    unscoped = scopes_disabled()  # kept in a name: a dropped context manager would end on garbage collection
    unscoped.__enter__()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("demo", "--reset", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    from cadence.accounts.models import User
    from cadence.engagements.models import Engagement

    client = Client()
    client.force_login(User.objects.get(email="manager@demo.cadence.test"),
                       backend="django.contrib.auth.backends.ModelBackend")
    pages: list[tuple[str, str]] = [("dashboard", reverse("core:dashboard", kwargs={"workspace": "demo"}))]
    for e in sorted(Engagement.objects.filter(workspace__slug="demo"), key=lambda e: e.monthly_hours):
        kw = {"workspace": "demo", "engagement": e.uuid}
        label = f"{e.client.name[:18]} ({e.monthly_hours:.0f} h, {e.time_entries.count()} entries)"
        pages.append((f"engagement page: {label}", reverse("engagements:engagement-detail", kwargs=kw)))
        pages.append((f"gantt.svg: {label}", reverse("engagements:engagement-gantt", kwargs=kw)))
        pages.append((f"time page: {label}", reverse("engagements:time-list", kwargs=kw)))
        pages.append((f"API schedule: {label}", f"/api/v1/workspaces/demo/engagements/{e.uuid}/schedule"))

    print(f"{'request':<75} {'median ms':>9} {'queries':>7} {'peak KiB':>8}")
    for name, url in pages:
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        connection.queries_log.clear()  # a full log (maxlen) would make the count read 0
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        tracemalloc.start()
        client.get(url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{name:<75} {statistics.median(times):>9.1f} {len(ctx):>7} {peak / 1024:>8.0f}")
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
