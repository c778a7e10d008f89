"""Load benchmark: the production start under 20 signed-in users, on SQLite and on PostgreSQL.

For each database (SQLite in a file under /tmp; PostgreSQL database ``cadence_bench`` when a server
answers on 127.0.0.1:5432, with Redis as the shared cache when one answers on 127.0.0.1:6379):

1. generates a workspace of 150 engagements and 60,000 time entries (valid data: past working days,
   each engagement month under its contracted hours, gated phases only after their gates) and 20
   staff users with a signed-in session each;
2. starts the production start, ``scripts/serve-prod.sh`` (collectstatic, migrate, gunicorn with
   CADENCE_WEB_WORKERS workers and the task worker) on a free 127.0.0.1 port with CADENCE_DEBUG=0 and
   the HTTPS-only settings (SSL redirect, secure cookies, HSTS) off, since this is plain http on
   loopback;
3. (a) paced: each of the 20 users makes a request every 1 to 3 s (dashboard, an engagement page,
   its gantt.svg, its time page, and now and then a time entry POST) for ``--seconds`` (45 s;
   ``--quick``: 10 s), and prints p50 / p95 / p99 and the errors;
4. (b) saturation: the same users with no pause for ``--saturation-seconds`` (30 s; quick: 10 s),
   and prints the throughput in requests per second.

Figures only: the exit code is 0 whatever the speed (it is 1 only when the benchmark itself cannot
run, e.g. the server does not start). Only loopback addresses are used, and every process it starts
is stopped at the end. ``CADENCE_BENCH_QUICK=1`` is the same as ``--quick`` (CI sets it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
WORKSPACE = "bench"
N_USERS = 20


# --- data generation (runs in a child process: one Django configuration per database) ------------

def generate(out: Path, engagements: int, entries: int, seed: int) -> None:
    """Build the workspace in the database the environment names; write users' sessions to ``out``."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "cadence.settings"
    django.setup()
    # A benchmark builds and reads rows of its workspaces directly, as the management commands do: across the
    # tenancy backstop (requests still enter their own workspace's scope).
    from cadence.core.scoping import scopes_disabled

    unscoped = scopes_disabled()  # kept in a name: a dropped context manager would end on garbage collection
    unscoped.__enter__()
    from django.core.management import call_command
    from django.db import transaction

    rng = random.Random(seed)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():  # one commit: SQLite's fsync per transaction would dominate otherwise
        _build(out, engagements, entries, rng)
    # Through the services, the task worker stores each engagement's schedule after its writes
    # (cadence/engagements/tasks.py); the bulk insert above went around them, so do what the worker does: the
    # run starts with current stored schedules, as a production database has them. The production start then
    # renders the cached fragments (warm-cache) before gunicorn takes requests.
    from cadence.engagements.tasks import refresh_due

    stored = refresh_due()
    print(f"  stored the schedules of {stored} engagements (what the task worker does after writes)", flush=True)
    # A production database has its planner statistics; a bulk load has none until autovacuum gets to it, and
    # the first minutes would measure plans made blind.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  generated {engagements} engagements, {entries} time entries, {N_USERS} users "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)


def _build(out: Path, engagements: int, entries: int, rng: random.Random) -> None:
    import datetime as dt
    from decimal import Decimal

    import holidays
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from cadence.accounts.models import User
    from cadence.core import services as core_services
    from cadence.core.models import Membership, Role
    from cadence.engagements import services as eng_services
    from cadence.engagements.models import (
        Engagement,
        EngagementGate,
        EngagementPhase,
        ProcessTemplate,
        TimeEntry,
    )
    from cadence.engagements.schedule import month_index

    users = [User.objects.create_user(f"user{i:02d}@bench.cadence.test", None, full_name=f"Bench User {i:02d}")
             for i in range(N_USERS)]
    owner = users[0]
    workspace = core_services.create_workspace(actor=owner, name="Bench Agency", slug=WORKSPACE)
    for i, user in enumerate(users[1:], start=1):
        Membership.objects.create(workspace=workspace, user=user, role=Role.MANAGER if i < 5 else Role.SPECIALIST)
    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    clients = [core_services.create_client(actor=owner, workspace=workspace, name=f"Client {i:03d}", country="RO",
                                           language="ro") for i in range(max(1, engagements // 5))]

    tz_today = timezone.now().date()
    years = range(tz_today.year - 3, tz_today.year + 1)
    ro_holidays = holidays.country_holidays("RO", years=list(years))
    per_engagement = entries // engagements
    rows: list[TimeEntry] = []
    for n in range(engagements):
        start = tz_today - dt.timedelta(days=rng.randint(600, 900))
        monthly = Decimal(rng.choice([40, 60, 80]))
        engagement = eng_services.create_engagement(
            actor=owner, workspace=workspace, client=clients[n % len(clients)], template=template,
            name=f"Retainer {n:03d}", start_date=start, monthly_hours=monthly, country="RO",
            time_zone="Europe/Bucharest", currency="RON", language="ro",
        )
        phases = {p.key: p for p in EngagementPhase.objects.filter(engagement=engagement)}
        # the gates passed in the first weeks: research before them, the rest after
        plan_day = start + dt.timedelta(days=21)
        materials_day = start + dt.timedelta(days=50)
        EngagementGate.objects.filter(engagement=engagement, key="plan_approved").update(passed_on=plan_day)
        EngagementGate.objects.filter(engagement=engagement, key="materials_ready").update(passed_on=materials_day)
        days = [start + dt.timedelta(days=k) for k in range((tz_today - start).days)]
        working = [d for d in days if d.weekday() < 5 and d not in ro_holidays]
        chosen = sorted(rng.sample(working, min(per_engagement, len(working))))
        used: dict[int, Decimal] = {}
        cap = monthly * Decimal("0.75")  # leaves room for the entries the load test posts
        for day in chosen:
            month = month_index(start, day)
            hours = Decimal(rng.randint(2, 12)) / 4  # 0.5 .. 3 h
            hours = min(hours, cap - used.get(month, Decimal(0)))
            if hours < Decimal("0.25"):
                hours = Decimal("0.25")  # the month's cap is 75 % of its hours: a quarter more stays valid
            used[month] = used.get(month, Decimal(0)) + hours
            if day < plan_day:
                key = "research"
            elif day < materials_day:
                key = rng.choice(["research", "infrastructure"])
            else:
                key = rng.choice(["optimisation", "optimisation", "campaigns", "infrastructure"]
                                 + (["expansion"] if month >= 3 else []))
            rows.append(TimeEntry(workspace=workspace, engagement=engagement, user=rng.choice(users),
                                  phase=phases[key], date=day, hours=hours, note="bench"))
    TimeEntry.objects.bulk_create(rows, batch_size=2000)
    # bulk_create skips TimeEntry.save: the month summaries (the dashboard's figures, the month limit's check)
    # are rebuilt from the entries, as any script that bulk-creates entries must
    from cadence.engagements import readmodels

    for engagement in Engagement.objects.filter(workspace=workspace):
        readmodels.rebuild(engagement)

    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    uuids = [str(u) for u in Engagement.objects.filter(workspace=workspace).values_list("uuid", flat=True)]
    assert len(uuids) == engagements and TimeEntry.objects.filter(workspace=workspace).count() == len(rows)
    out.write_text(json.dumps({"sessions": sessions, "engagements": uuids}))


# --- the load ------------------------------------------------------------------------------------

@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    count: int = 0
    started: float = field(default_factory=time.monotonic)
    # (seconds since the phase started, latency) of every request, to tell the start of a run from the rest
    timeline: list[tuple[float, float]] = field(default_factory=list)

    def add(self, kind: str, seconds: float, error: str | None, refused: bool = False) -> None:
        with self.lock:
            self.count += 1
            self.times.setdefault(kind, []).append(seconds)
            self.timeline.append((time.monotonic() - self.started - seconds, seconds))
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1
            if refused:
                self.refused += 1


START_SECONDS = 10.0


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


class User:
    def __init__(self, port: int, session: str, engagements: list[str], rng: random.Random) -> None:
        self.port = port
        self.csrf = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.engagements = engagements
        self.rng = rng

    def request(self, method: str, path: str, body: str | None = None) -> int:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            headers = {"Cookie": self.cookie, "Host": f"{HOST}:{self.port}"}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def one(self, stats: Stats, today: str) -> None:
        engagement = self.rng.choice(self.engagements)
        base = f"/w/{WORKSPACE}/e/{engagement}/"
        roll = self.rng.random()
        if roll < 0.25:
            kind, method, path, body, ok = "dashboard", "GET", f"/w/{WORKSPACE}/", None, (200,)
        elif roll < 0.50:
            kind, method, path, body, ok = "engagement", "GET", base, None, (200,)
        elif roll < 0.70:
            kind, method, path, body, ok = "gantt.svg", "GET", base + "gantt.svg", None, (200,)
        elif roll < 0.92:
            kind, method, path, body, ok = "time page", "GET", base + "time/", None, (200,)
        else:
            # a valid entry: redirected (302) when saved; 200 is the form refusing it (a full month)
            body = (f"csrfmiddlewaretoken={self.csrf}&date={today}&hours=0.25&phase=optimisation"
                    "&note=load+test&person=")
            kind, method, path, ok = "time POST", "POST", base + "time/", (302, 200)
        start = time.perf_counter()
        error = None
        status = 0
        try:
            status = self.request(method, path, body)
            if status not in ok:
                error = f"{kind} HTTP {status}"
        except (OSError, http.client.HTTPException) as e:
            error = f"{kind} {type(e).__name__}"
        stats.add(kind, time.perf_counter() - start, error, refused=kind == "time POST" and status == 200)


def drive(port: int, data: dict, seconds: float, paced: bool, seed: int, today: str) -> tuple[Stats, float]:
    stats = Stats()
    deadline = time.monotonic() + seconds

    def run(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        user = User(port, data["sessions"][i % len(data["sessions"])], data["engagements"], rng)
        if paced:
            time.sleep(rng.uniform(0, 2))  # users do not all arrive in the same second
        while time.monotonic() < deadline:
            user.one(stats, today)
            if paced:
                pause = rng.uniform(1, 3)
                if time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(N_USERS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return stats, time.monotonic() - started


def server_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the processes of the production start (gunicorn's master
    and workers, the task worker): the work per request, whatever else the machine runs meanwhile."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ..., utime (11), stime (12)
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def report(title: str, stats: Stats, elapsed: float, cpu: float | None = None) -> None:
    every = [s for values in stats.times.values() for s in values]
    errors = sum(stats.errors.values())
    print(f"  {title}: {stats.count} requests in {elapsed:.1f} s = {stats.count / elapsed:.1f} req/s; "
          f"errors {errors}; entries refused by the month's limit {stats.refused}")
    if cpu is not None and stats.count:
        print(f"    server CPU {cpu:.1f} s = {cpu / stats.count * 1000:.0f} ms a request (the app's processes; "
              f"PostgreSQL and Redis not counted); load average after: {load_average()}")
    print(f"    {'request':<12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in ["dashboard", "engagement", "gantt.svg", "time page", "time POST"]:
        values = stats.times.get(kind, [])
        if values:
            print(f"    {kind:<12} {len(values):>6} {pct(values, 50) * 1000:>8.0f} {pct(values, 95) * 1000:>8.0f} "
                  f"{pct(values, 99) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
    if every:
        print(f"    {'all':<12} {len(every):>6} {pct(every, 50) * 1000:>8.0f} {pct(every, 95) * 1000:>8.0f} "
              f"{pct(every, 99) * 1000:>8.0f} {max(every) * 1000:>8.0f}")
    # The first seconds of a run meet freshly started workers and schedules not yet stored (the task worker
    # stores them right after the start): shown apart, never left out of the figures above.
    first = [s for at, s in stats.timeline if at < START_SECONDS]
    rest = [s for at, s in stats.timeline if at >= START_SECONDS]
    for label, values in ((f"first {START_SECONDS:.0f} s", first), (f"after {START_SECONDS:.0f} s", rest)):
        if values:
            print(f"    {label:<12} {len(values):>6} {pct(values, 50) * 1000:>8.0f} {pct(values, 95) * 1000:>8.0f} "
                  f"{pct(values, 99) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
    for error, n in sorted(stats.errors.items()):
        print(f"    error: {error} x {n}")


# --- orchestration ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(host=HOST, port=5432, user="postgres", dbname="postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False


def recreate_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(host=HOST, port=5432, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(host=HOST, port=5432, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_reachable(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:  # noqa: BLE001
        return False


def wait_until_up(port: int, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/accounts/login/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run_backend(label: str, env: dict[str, str], args: argparse.Namespace, workdir: Path) -> bool:
    print(f"\n== {label}", flush=True)
    data_file = workdir / f"{label.split()[0].lower()}-data.json"
    gen = subprocess.run([sys.executable, __file__, "--generate", str(data_file),
                          "--engagements", str(args.engagements), "--entries", str(args.entries)],
                         env=env, cwd=ROOT, check=False)
    if gen.returncode != 0:
        print(f"  could not generate the data (exit code {gen.returncode})")
        return False
    data = json.loads(data_file.read_text())

    port = free_port()
    server_env = {**env, "CADENCE_BIND": f"{HOST}:{port}", "CADENCE_ACCESS_LOG": ""}
    log_path = workdir / f"{label.split()[0].lower()}-server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(ROOT / "scripts" / "serve-prod.sh")], env=server_env, cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not wait_until_up(port, proc, timeout=600):  # collectstatic, migrate, warm-cache, gunicorn
            print(f"  the production start did not come up; its log ({log_path}):")
            print(log_path.read_text()[-3000:])
            return False
        workers = env.get("CADENCE_WEB_WORKERS") or str(2 * (os.cpu_count() or 1) + 1)
        print(f"  serving on http://{HOST}:{port}/ (gunicorn, {workers} workers, CADENCE_DEBUG=0)", flush=True)
        import datetime as dt
        import zoneinfo

        today = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Bucharest")).date().isoformat()
        print(f"  load average before: {load_average()}", flush=True)
        cpu = server_cpu(proc.pid)
        stats, elapsed = drive(port, data, args.seconds, paced=True, seed=args.seed, today=today)
        cpu, used = server_cpu(proc.pid), server_cpu(proc.pid) - cpu
        report(f"(a) {N_USERS} users, a request every 1-3 s, {args.seconds:.0f} s", stats, elapsed, used)
        stats, elapsed = drive(port, data, args.saturation_seconds, paced=False, seed=args.seed + 1, today=today)
        report(f"(b) {N_USERS} users, no pause, {args.saturation_seconds:.0f} s (saturation)", stats, elapsed,
               server_cpu(proc.pid) - cpu)
        return True
    finally:
        stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    quick_env = os.environ.get("CADENCE_BENCH_QUICK", "") in ("1", "true", "yes")
    parser.add_argument("--quick", action="store_true", default=quick_env, help="10 s phases (CI)")
    parser.add_argument("--seconds", type=float, help="length of the paced phase (a) (45; quick: 10)")
    parser.add_argument("--saturation-seconds", type=float, help="length of phase (b) (30; quick: 10)")
    parser.add_argument("--engagements", type=int, default=150)
    parser.add_argument("--entries", type=int, default=60_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one database only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate, args.engagements, args.entries, args.seed)
        return 0
    args.seconds = args.seconds or (10.0 if args.quick else 45.0)
    args.saturation_seconds = args.saturation_seconds or (10.0 if args.quick else 30.0)

    # `timeout` (CI) sends SIGTERM: leave through the finally blocks, which stop the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="cadence-load-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "CADENCE_"))}
    base.update({
        "CADENCE_DEBUG": "0", "CADENCE_SECRET_KEY": secrets.token_urlsafe(50),
        "CADENCE_ALLOWED_HOSTS": HOST, "CADENCE_SSL_REDIRECT": "0", "CADENCE_SECURE_COOKIES": "0",
        "CADENCE_HSTS_SECONDS": "0", "CADENCE_EMAIL_HOST": "localhost", "CADENCE_LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    })
    for name in ("CADENCE_WEB_WORKERS", "CADENCE_WEB_THREADS", "CADENCE_DB_CONN_MAX_AGE"):
        if name in os.environ:
            base[name] = os.environ[name]
    redis_url = os.environ.get("CADENCE_BENCH_REDIS_URL", f"redis://{HOST}:6379/14")
    if redis_reachable(redis_url):
        base.update({"REDIS_URL": redis_url,
                     "CADENCE_CACHE_KEY_PREFIX": os.environ.get("CADENCE_BENCH_KEY_PREFIX", f"bench{os.getpid()}")})
    cache = f"Redis ({redis_url})" if "REDIS_URL" in base else "in-process cache (no Redis answered)"
    print(f"Load benchmark: {args.engagements} engagements, {args.entries} time entries, {N_USERS} users; "
          f"phases of {args.seconds:.0f} s and {args.saturation_seconds:.0f} s; {os.cpu_count()} CPU cores; "
          f"{cache}")

    ok = True
    if args.quick and args.only is None and postgres_reachable():
        args.only = "postgres"  # quick (CI): the production database only, to keep the run short
        print("quick: PostgreSQL only (run without --quick for SQLite too)")
    try:
        if args.only in (None, "sqlite"):
            sqlite_path = workdir / "bench.sqlite3"
            ok &= run_backend(f"SQLite ({sqlite_path})", {**base, "CADENCE_SQLITE_PATH": str(sqlite_path)},
                              args, workdir)
        if args.only in (None, "postgres"):
            name = os.environ.get("CADENCE_BENCH_PG_NAME", "cadence_bench")
            if postgres_reachable():
                recreate_postgres(name)
                try:
                    ok &= run_backend(f"PostgreSQL ({name} on {HOST})",
                                      {**base, "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{name}"},
                                      args, workdir)
                finally:
                    drop_postgres(name)
            else:
                print(f"\n== PostgreSQL: no server answers on {HOST}:5432; skipped")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if "REDIS_URL" in base:
            forget_cache(redis_url, base["CADENCE_CACHE_KEY_PREFIX"])
    return 0 if ok else 1


def forget_cache(url: str, prefix: str) -> None:
    """Delete the keys this run left in Redis (sessions, fragments, rate limits): only its own prefix."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for i in range(0, len(keys), 500):
            client.delete(*keys[i:i + 500])
    except Exception as e:  # noqa: BLE001 - a figure-only benchmark: say so and go on
        print(f"note: could not delete this run's cache keys ({prefix}:*): {e}")


if __name__ == "__main__":
    sys.exit(main())
