#!/usr/bin/env bash
# The production start of Cadence: collectstatic, migrate, refresh-schedules, then gunicorn with N workers
# and the background task worker(s), until either stops (or SIGINT/SIGTERM): then both are stopped.
#
#   CADENCE_SECRET_KEY=... CADENCE_ALLOWED_HOSTS=cadence.example.com \
#   DATABASE_URL=postgres://cadence:...@db:5432/cadence REDIS_URL=redis://cache:6379/0 \
#   scripts/serve-prod.sh                     (or: make prod)
#
# Settings come from the environment, as everywhere (README, "Configuration" and "Running in
# production"); this script adds:
#   CADENCE_DEBUG            0 unless set
#   CADENCE_BIND             gunicorn's address (default 127.0.0.1:8000; a reverse proxy in front)
#   CADENCE_WEB_WORKERS      gunicorn worker processes (default 2 x CPU cores + 1)
#   CADENCE_WEB_THREADS      threads per worker (default 1)
#   CADENCE_TASK_WORKERS     background task worker processes (default 1)
#   CADENCE_DB_CONN_MAX_AGE  60 unless set (keep database connections open between requests)
#   CADENCE_ACCESS_LOG       gunicorn's access log (default "-", stdout; empty: none)
#   CADENCE_SKIP_SETUP=1     skip collectstatic and migrate (e.g. when a release step ran them)
#   CADENCE_SKIP_WARM=1      start without rendering every engagement's pages first (warm-cache)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
[ -x "$PY" ] || { echo "error: $PY is missing; run 'make venv' first" >&2; exit 1; }

export CADENCE_DEBUG="${CADENCE_DEBUG:-0}"
export CADENCE_DB_CONN_MAX_AGE="${CADENCE_DB_CONN_MAX_AGE:-60}"
bind="${CADENCE_BIND:-127.0.0.1:8000}"
cores="$(nproc 2>/dev/null || echo 1)"
web_workers="${CADENCE_WEB_WORKERS:-$((2 * cores + 1))}"
web_threads="${CADENCE_WEB_THREADS:-1}"
task_workers="${CADENCE_TASK_WORKERS:-1}"
access_log="${CADENCE_ACCESS_LOG--}"

if [ -z "${REDIS_URL:-}" ] && [ "$web_workers" -gt 1 ]; then
    echo "warning: REDIS_URL is not set: each of the $web_workers web workers keeps its own cache, so rate" \
         "limits are counted per process" >&2
fi
if [ -z "${DATABASE_URL:-}" ]; then
    echo "note: DATABASE_URL is not set: using SQLite (${CADENCE_SQLITE_PATH:-./cadence.sqlite3})" >&2
fi

if [ "${CADENCE_SKIP_SETUP:-0}" != 1 ]; then
    echo "==> collectstatic"
    "$PY" manage.py collectstatic --noinput -v 0
    echo "==> migrate"
    "$PY" manage.py migrate --noinput -v 0
fi

# The hourly refresh of the stored schedules (when an engagement's day changes) is a chain of tasks: queue
# it unless a previous start queued it already.
echo "==> refresh-schedules"
"$PY" manage.py refresh-schedules
# The hourly sending of the monthly reports that are due (idempotent per engagement and month): the same chain.
"$PY" manage.py send-reports --queue
# The daily check of every KPI's status (alerts when one worsens): the same kind of chain.
"$PY" manage.py kpi-check
# The daily notifications run (tasks due tomorrow, each person's digest of the day before): the same kind of chain.
"$PY" manage.py send-digests
# Render what the first readers ask for (dashboard rows, engagement pages, timelines) before taking requests:
# the cached renderings are keyed by the code's version, so a deployment starts with none.
if [ "${CADENCE_SKIP_WARM:-0}" != 1 ]; then
    echo "==> warm-cache"
    "$PY" manage.py warm-cache
fi

pids=()
stop() {
    trap - EXIT INT TERM
    if [ ${#pids[@]} -gt 0 ]; then
        kill -TERM "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

# The worker of the configured queue: django-tasks-db's by default, django-tasks-redis's with
# CADENCE_TASKS_BACKEND=redis.
if [ "${CADENCE_TASKS_BACKEND:-db}" = redis ]; then
    worker=(manage.py run_redis_tasks)
else
    worker=(manage.py db_worker --no-reload --no-startup-delay -v 1)
fi
for i in $(seq 1 "$task_workers"); do
    "$PY" "${worker[@]}" &
    pids+=($!)
done
echo "==> $task_workers background task worker(s) running"

# --preload: the application (and its warm-up: URLconf, catalogs, templates) loads once in gunicorn's master
# and every worker, first or restarted after --max-requests, is forked warm from it (cadence/wsgi.py closes
# the master's database and cache connections before the fork).
gunicorn_args=(cadence.wsgi:application --bind "$bind" --workers "$web_workers" --threads "$web_threads"
               --preload --timeout 30 --graceful-timeout 20 --max-requests 5000 --max-requests-jitter 500
               # gunicorn's control socket lives in $HOME by default: two instances would share it
               --no-control-socket)
[ -n "$access_log" ] && gunicorn_args+=(--access-logfile "$access_log")
echo "==> gunicorn on $bind with $web_workers worker(s)"
"$VENV/bin/gunicorn" "${gunicorn_args[@]}" &
pids+=($!)

# Whichever process ends first ends the service (a supervisor restarts it as a whole).
set +e
wait -n "${pids[@]}"
rc=$?
set -e
echo "==> a process of the service stopped (exit code $rc); stopping the others" >&2
exit "$rc"
