"""The task board of 200 cards: server time and queries of its page and its API list, then 20 users reading it.

Builds, through the board's services (``cadence.board.services``), a board of 200 cards over the six columns
(Backlog 50, To do 40, In progress 30, On hold 15, Review 25, Done 40) on one engagement: five assignees,
roles, due dates, estimates, two of eight labels each, a checklist of three items on every card (one ticked on
half of them) and half an hour logged on 80 cards (``log_time_on_task``, the engagements' rules).

For each database (SQLite in a file under /tmp; then PostgreSQL, database ``cadence_bench_board`` or
``CADENCE_BENCH_PG_NAME`` at 127.0.0.1:5432, dropped at the end, when it answers; ``--only sqlite|postgres``)
the board is built once, then:

1. in-process (Django's test client, signed in as a manager): the board page (``board:board``,
   ``e/<uuid>/board/``), as read again (its filters and columns from the cache, under the board's revision:
   ``cadence/board/revisions.py``) and just after a write (a new revision before each request: the board read
   and rendered), and the board's API list (``/api/v1/workspaces/{slug}/engagements/{uuid}/tasks``):
   median and p95 of ``--runs`` requests (server time), the SQL queries of one request and the answer's size;
2. under load (``--no-load`` to skip): the production start (``scripts/serve-prod.sh``: gunicorn, the task
   worker, ``CADENCE_DEBUG=0``, Redis as the cache when one answers on 127.0.0.1:6379) serves the same
   database, as ``bench/load.py`` starts it, and 20 signed-in users read the board page with no pause for
   ``--seconds`` (30): requests per second, p50 / p95 / p99, errors (any answer but 200), the server's CPU
   time per request.

Targets (issue 8): median under 40 ms and at most 10 queries for the page and the API list, p99 under 250 ms
under load, 0 errors. For scale: Taiga's backend lists the same 200 cards in about 80 ms (4 queries) and
answers 20 concurrent clients with a p99 of about 1.4 s on this kind of machine.

``CADENCE_BENCH_QUICK=1`` (CI) or ``--quick``: one database (PostgreSQL when it answers, else SQLite), 5 runs,
and no load phase (the production start alone takes over a minute on CI: collectstatic, migrate and
warm-cache before gunicorn; ``bench/load.py`` already runs it there), so the run stays under a minute; the
load figures are in bench/README.md. Figures only: the exit code is 0 whatever the speed (1 only when the
benchmark cannot run, e.g. the production start does not come up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402 - the load benchmark's server start, statistics and report helpers

HOST = load.HOST
WORKSPACE = "boardbench"
N_USERS = 20
COLUMNS = {"backlog": 50, "todo": 40, "in_progress": 30, "on_hold": 15, "review": 25, "done": 40}
ROLES = ["copywriter", "designer", "ads", "community", ""]
LABELS = [("urgent", "#dc2626"), ("client", "#2563eb"), ("video", "#7c3aed"), ("photo", "#db2777"),
          ("ads", "#ea580c"), ("seo", "#16a34a"), ("blocked", "#475569"), ("weekly", "#0891b2")]
LOGGED_CARDS = 80


# --- the board -----------------------------------------------------------------------------------------

def build_board(rng: random.Random, users_count: int = N_USERS) -> dict[str, object]:
    """A workspace, an engagement whose gates have passed, and its board of 200 cards, through the services."""
    from cadence.accounts.models import User
    from cadence.board import services as board
    from cadence.core import clock
    from cadence.core import services as core_services
    from cadence.core.models import Membership, Role
    from cadence.engagements import services as eng_services
    from cadence.engagements.models import EngagementGate, ProcessTemplate

    users = [User.objects.create_user(f"user{i:02d}@board.bench.test", None, full_name=f"Board User {i:02d}")
             for i in range(users_count)]
    owner = users[0]
    workspace = core_services.create_workspace(actor=owner, name="Board Bench", slug=WORKSPACE)
    for i, user in enumerate(users[1:], start=1):
        Membership.objects.create(workspace=workspace, user=user, role=Role.MANAGER if i < 4 else Role.SPECIALIST)
    client = core_services.create_client(actor=owner, workspace=workspace, name="Mobila Bench", country="RO",
                                         language="ro")
    today = clock.today_in("Europe/Bucharest")
    engagement = eng_services.create_engagement(
        actor=owner, workspace=workspace, client=client,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Retainer",
        start_date=today - dt.timedelta(days=120), monthly_hours=Decimal(200), country="RO",
        time_zone="Europe/Bucharest", currency="RON", language="ro", close_after_days=60)
    # the gates passed long ago (as bench/load.py sets them): cards of every phase may be in progress
    EngagementGate.objects.filter(engagement=engagement).update(passed_on=today - dt.timedelta(days=100))
    membership = Membership.objects.get(workspace=workspace, user=owner)
    labels = [board.create_label(actor=owner, membership=membership, name=name, colour=colour)
              for name, colour in LABELS]
    phases = list(engagement.phases.order_by("order"))
    assignees = users[:5]
    cards = []
    n = 0
    for column, count in COLUMNS.items():
        for _ in range(count):
            n += 1
            cards.append(board.create_task(
                actor=owner, membership=membership, engagement=engagement, title=f"Card {n:03d}: {column}",
                description="Text of the card with **Markdown**.", column=column,
                assignee=assignees[n % len(assignees)], role=ROLES[n % len(ROLES)],
                due=today + dt.timedelta(days=rng.randint(-10, 30)),
                estimate=Decimal(rng.choice([1, 2, 3, 4, 6, 8])), phase=phases[n % len(phases)],
                labels=rng.sample(labels, 2), checklist=("Draft", "Review", "Publish"),
                reviewer=assignees[(n + 1) % len(assignees)] if column == "review" else None))
    for card in cards[::2]:
        item = card.checklist.order_by("position").first()
        if item is not None:
            board.set_checklist_item(actor=owner, membership=membership, item=item, done=True)
    logged = 0
    for card in rng.sample(cards, LOGGED_CARDS):
        try:
            board.log_time_on_task(actor=owner, membership=membership, task=card, hours="0.5")
            logged += 1
        except Exception as e:  # noqa: BLE001 - a rule refused it (say so; the board is still measured)
            print(f"  note: time not logged on {card.title}: {e}", flush=True)
    return {"workspace": workspace, "engagement": engagement, "owner": owner, "users": users,
            "cards": len(cards), "logged": logged}


# --- 1. in-process: the page and the API list -------------------------------------------------------------

def measure(data_file: Path, runs: int) -> int:
    """In the database the environment names (built by ``generate``): the page and the API list, through
    Django's test client, signed in as a manager."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "cadence.settings"
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from cadence.accounts.models import User
    from cadence.board import revisions
    from cadence.engagements.models import Engagement

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    data = json.loads(data_file.read_text())
    manager = User.objects.get(email=data["manager"])
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    from cadence.core.scoping import scopes_disabled

    with scopes_disabled():  # a benchmark's own lookup of the engagement it built
        engagement_pk = Engagement.objects.filter(uuid=data["engagement"]).values_list("pk", flat=True).get()

    def written() -> None:  # a write of the board (a card moved): a new revision, the rendered board is missed
        revisions.bump_engagement(engagement_pk)

    def nothing() -> None:
        return None

    board_url = reverse("board:board", kwargs={"workspace": WORKSPACE, "engagement": data["engagement"]})
    pages = [
        ("board page", board_url, {}, nothing),
        ("  after a write", board_url, {}, written),
        ("board API list", f"/api/v1/workspaces/{WORKSPACE}/engagements/{data['engagement']}/tasks",
         {"HTTP_AUTHORIZATION": f"Bearer {data['token']}"}, nothing),
    ]
    # what the production start does after loading the app (cadence/wsgi.py): the objects loaded so far are
    # kept out of the garbage collector's full collections
    gc.collect()
    gc.freeze()
    print(f"  in-process (Django's test client, {runs} requests each, after one to warm up):")
    print(f"    {'request':<16} {'status':>6} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'KiB':>6}")
    for name, url, headers, before in pages:
        first = client.get(url, **headers)
        if first.status_code != 200:
            print(f"    {name:<16} {first.status_code:>6}  (not measured: {url} does not answer 200)")
            continue
        times = []
        for _ in range(runs):
            before()
            t0 = time.perf_counter()
            client.get(url, **headers)
            times.append((time.perf_counter() - t0) * 1000)
        before()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **headers)
        print(f"    {name:<16} {response.status_code:>6} {statistics.median(times):>9.1f} "
              f"{load.pct(times, 95):>8.1f} {len(ctx):>7} {len(response.content) / 1024:>6.0f}", flush=True)
    return 0


# --- 2. under load: the production start, 20 users reading the board -----------------------------------

def generate(out: Path, seed: int) -> None:
    """The board in the database the environment names (migrated here), and the users' sessions in ``out``."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "cadence.settings"
    django.setup()
    from cadence.core.scoping import scopes_disabled

    unscoped = scopes_disabled()
    unscoped.__enter__()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    built = build_board(random.Random(seed))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sessions = []
    for user in built["users"]:  # type: ignore[attr-defined]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    from cadence.core import services as core_services

    engagement, manager = built["engagement"], built["users"][1]  # type: ignore[index]
    token = core_services.create_api_token(actor=manager, name="bench")[1]
    out.write_text(json.dumps({"sessions": sessions, "board": f"/w/{WORKSPACE}/e/{engagement.uuid}/board/",
                               "engagement": str(engagement.uuid), "manager": manager.email, "token": token}))
    print(f"  built {built['cards']} cards ({built['logged']} with time logged), {N_USERS} users in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)


def read_board(port: int, data: dict[str, object], seconds: float) -> tuple[load.Stats, float]:
    stats = load.Stats()
    deadline = time.monotonic() + seconds
    path = str(data["board"])

    def run(i: int) -> None:
        sessions = data["sessions"]
        user = load.User(port, sessions[i % len(sessions)], [], random.Random(i))  # type: ignore[index, arg-type]
        while time.monotonic() < deadline:
            start = time.perf_counter()
            error = None
            try:
                status = user.request("GET", path)
                if status != 200:
                    error = f"board HTTP {status}"
            except (OSError, http.client.HTTPException) as e:
                error = f"board {type(e).__name__}"
            stats.add("board", time.perf_counter() - start, error)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(N_USERS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return stats, time.monotonic() - started


def run_backend(label: str, env: dict[str, str], args: argparse.Namespace, workdir: Path, *, with_load: bool) -> bool:
    """Build the board once in this database, measure it in-process, then (``with_load``) under load."""
    print(f"\n=== {label} ===", flush=True)
    data_file = workdir / f"{label.split()[0].lower()}-board.json"
    gen = subprocess.run([sys.executable, __file__, "--generate", str(data_file), "--seed", str(args.seed)],
                         env=env, cwd=ROOT, check=False)
    if gen.returncode != 0:
        print(f"  could not build the board (exit code {gen.returncode})")
        return False
    # in-process with debug on, as bench_scale.py measures (no collected static files needed, its own cache)
    plain = {k: v for k, v in env.items() if k not in ("CADENCE_DEBUG", "REDIS_URL", "CADENCE_CACHE_KEY_PREFIX")}
    subprocess.run([sys.executable, __file__, "--measure", str(data_file), "--runs", str(args.runs)], env=plain,
                   cwd=ROOT, check=False)
    if not with_load:
        return True
    print(f"  under load: {N_USERS} users reading the board page with no pause through the production start",
          flush=True)
    data = json.loads(data_file.read_text())
    port = load.free_port()
    log_path = workdir / f"{label.split()[0].lower()}-server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(ROOT / "scripts" / "serve-prod.sh")],
                                env={**env, "CADENCE_BIND": f"{HOST}:{port}", "CADENCE_ACCESS_LOG": ""}, cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not load.wait_until_up(port, proc, timeout=600):
            print(f"  the production start did not come up; its log ({log_path}):")
            print(log_path.read_text()[-3000:])
            return False
        probe = load.User(port, data["sessions"][0], [], random.Random(0)).request("GET", data["board"])
        if probe != 200:
            print(f"  the board page answers {probe} (not 200): not measured")
            return True
        workers = env.get("CADENCE_WEB_WORKERS") or str(2 * (os.cpu_count() or 1) + 1)
        print(f"  serving on http://{HOST}:{port}/ (gunicorn, {workers} workers, CADENCE_DEBUG=0); "
              f"load average before: {load.load_average()}", flush=True)
        cpu = load.server_cpu(proc.pid)
        stats, elapsed = read_board(port, data, args.seconds)
        every = stats.times.get("board", [])
        errors = sum(stats.errors.values())
        print(f"  {stats.count} requests in {elapsed:.1f} s = {stats.count / elapsed:.1f} req/s; errors {errors}; "
              f"server CPU {(load.server_cpu(proc.pid) - cpu) / max(stats.count, 1) * 1000:.0f} ms a request; "
              f"load average after: {load.load_average()}")
        if every:
            print(f"    {'':<12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
            print(f"    {'board page':<12} {len(every):>6} {load.pct(every, 50) * 1000:>8.0f} "
                  f"{load.pct(every, 95) * 1000:>8.0f} {load.pct(every, 99) * 1000:>8.0f} {max(every) * 1000:>8.0f}")
        for error, n in sorted(stats.errors.items()):
            print(f"    error: {error} x {n}")
        return True
    finally:
        load.stop(proc)


# --- orchestration -------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    quick = os.environ.get("CADENCE_BENCH_QUICK", "") in ("1", "true", "yes")
    parser.add_argument("--quick", action="store_true", default=quick,
                        help="one database, 5 runs, no load phase (CI)")
    parser.add_argument("--runs", type=int, help="requests per measured URL (15; quick: 5)")
    parser.add_argument("--seconds", type=float, help="length of the load phase (30; quick: none unless given)")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one database only")
    parser.add_argument("--no-load", action="store_true", help="the in-process figures only")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.runs = args.runs or (5 if args.quick else 15)
    if args.quick and args.seconds is None:
        args.no_load = True
    args.seconds = args.seconds or 30.0
    if args.generate:
        generate(args.generate, args.seed)
        return 0
    if args.measure:
        return measure(args.measure, args.runs)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `timeout` (CI): stop the server on the way out
    backends = [b for b in ("sqlite", "postgres") if args.only in (None, b)]
    if "postgres" in backends and not load.postgres_reachable():
        print("PostgreSQL at 127.0.0.1:5432 does not answer: SQLite only.")
        backends.remove("postgres")
    if args.quick and args.only is None and len(backends) > 1:
        backends = backends[-1:]  # quick (CI): the production database only
        print("quick: PostgreSQL only (run without --quick for SQLite too)")
    workdir = Path(tempfile.mkdtemp(prefix="cadence-board-bench-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "CADENCE_"))}
    base.update({
        "CADENCE_DEBUG": "0", "CADENCE_SECRET_KEY": secrets.token_urlsafe(50), "CADENCE_ALLOWED_HOSTS": HOST,
        "CADENCE_SSL_REDIRECT": "0", "CADENCE_SECURE_COOKIES": "0", "CADENCE_HSTS_SECONDS": "0",
        "CADENCE_EMAIL_HOST": "localhost", "CADENCE_LOG_LEVEL": "ERROR", "PYTHONUNBUFFERED": "1",
        "CADENCE_MEDIA_ROOT": str(workdir / "media"),
    })
    for name in ("CADENCE_WEB_WORKERS", "CADENCE_WEB_THREADS", "CADENCE_DB_CONN_MAX_AGE"):
        if name in os.environ:
            base[name] = os.environ[name]
    redis_url = os.environ.get("CADENCE_BENCH_REDIS_URL", f"redis://{HOST}:6379/14")
    if not args.no_load and load.redis_reachable(redis_url):
        base.update({"REDIS_URL": redis_url,
                     "CADENCE_CACHE_KEY_PREFIX": os.environ.get("CADENCE_BENCH_KEY_PREFIX", f"board{os.getpid()}")})
    print(f"Board benchmark: {sum(COLUMNS.values())} cards; {args.runs} requests in-process; "
          + ("no load phase" if args.no_load else f"{N_USERS} users for {args.seconds:.0f} s under load")
          + f"; {os.cpu_count()} CPU cores; load average {load.load_average()}", flush=True)
    ok = True
    try:
        for backend in backends:
            if backend == "sqlite":
                path = workdir / "board.sqlite3"
                ok &= run_backend(f"SQLite ({path})", {**base, "CADENCE_SQLITE_PATH": str(path)}, args, workdir,
                                  with_load=not args.no_load)
            else:
                name = os.environ.get("CADENCE_BENCH_PG_NAME", "cadence_bench_board")
                load.recreate_postgres(name)
                try:
                    ok &= run_backend(f"PostgreSQL ({name} on {HOST})",
                                      {**base, "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{name}"}, args,
                                      workdir, with_load=not args.no_load)
                finally:
                    load.drop_postgres(name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if "REDIS_URL" in base:
            load.forget_cache(redis_url, base["CADENCE_CACHE_KEY_PREFIX"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
