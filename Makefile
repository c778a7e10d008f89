# Cadence — the two commands of the README, and a few helpers.
#
#   make run    install, migrate, load the demo workspace, serve on http://127.0.0.1:8000/ with the
#               background task worker beside it
#   make test   install (Chromium too), lint, run the whole test suite
#   make prod   the production start (scripts/serve-prod.sh): collectstatic, migrate, gunicorn + task worker
#
# Everything lives in .venv (created with a Python >= 3.12; see scripts/find-python.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export VENV

.PHONY: help venv run serve worker prod demo migrate messages lint test test-fast browser-deps system-deps check bench clean

help:
	@echo "make run    - install, migrate, load the demo workspace and serve on http://$(HOST):$(PORT)/"
	@echo "make test   - install (with Chromium), lint and run the whole test suite"
	@echo "make prod   - production start: collectstatic, migrate, gunicorn and the task worker (see README)"
	@echo "other: venv migrate demo worker messages lint test-fast check bench clean"

venv:
	@scripts/ensure-venv.sh

# Compile the translation catalogs when gettext is there (Django skips catalogs that are up to date).
messages: venv
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore '.venv' --ignore '.git' -v 0; \
	else \
		echo "note: msgfmt (Debian package gettext) is missing; translations are not compiled"; \
	fi

migrate: venv
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py createcachetable

demo: migrate
	@CADENCE_SITE_URL="$${CADENCE_SITE_URL:-http://$(HOST):$(PORT)}" $(VENV)/bin/cadence demo

# The background task worker (invitation emails, schedule refreshes, ...) runs beside the development server
# and stops with it: the trap ends the worker (and the child its autoreloader starts) however runserver ends.
# `refresh-schedules` first queues the hourly schedule refresh unless it is queued already, and
# `send-reports --queue` the hourly sending of the monthly reports that are due, `kpi-check` the daily check
# of every KPI's status, `send-digests` the daily notifications run (tasks due tomorrow, each person's digest)
# (each chain is queued once, however often these run).
define with_worker
	@export CADENCE_SITE_URL="$${CADENCE_SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py refresh-schedules -v 0 >/dev/null; \
	$(PY) manage.py send-reports --queue -v 0 >/dev/null; \
	$(PY) manage.py kpi-check -v 0 >/dev/null; \
	$(PY) manage.py send-digests -v 0 >/dev/null; \
	if [ "$${CADENCE_TASKS_BACKEND:-db}" = redis ]; then $(PY) manage.py run_redis_tasks & worker=$$!; \
	else $(PY) manage.py db_worker --no-startup-delay -v 0 & worker=$$!; fi; \
	trap 'pkill -TERM -P $$worker 2>/dev/null; kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "==> background task worker running (pid $$worker)"; \
	echo "==> Cadence on http://$(HOST):$(PORT)/  (sign in with a login above; Ctrl-C stops it)"; \
	$(PY) manage.py runserver $(HOST):$(PORT)
endef

run: messages demo
	$(with_worker)

serve: venv migrate
	$(with_worker)

# Only the task worker (when the web server runs elsewhere).
worker: migrate
	@$(PY) manage.py refresh-schedules
	@$(PY) manage.py send-reports --queue
	@$(PY) manage.py kpi-check
	@$(PY) manage.py send-digests
	@if [ "$${CADENCE_TASKS_BACKEND:-db}" = redis ]; then $(PY) manage.py run_redis_tasks; else $(PY) manage.py db_worker; fi

# The production start (needs CADENCE_SECRET_KEY etc.; see "Running in production" in the README).
prod: venv
	@scripts/serve-prod.sh

# Debian's Chromium for the Playwright tests, and gettext for the catalogs. scripts/apt-get.sh waits
# (up to 10 minutes) for another apt process that holds the lock instead of failing at once.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	{ /sbin/ldconfig -p 2>/dev/null | grep 'libcairo\.so\.2 ' >/dev/null && fc-list 2>/dev/null | grep -i dejavu >/dev/null; } || missing="$$missing libcairo2 fonts-dejavu-core"; \
	/sbin/ldconfig -p 2>/dev/null | grep 'libpangoft2-1\.0\.so\.0 ' >/dev/null || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" = 0 ] || { command -v sudo >/dev/null 2>&1 && sudo="sudo"; }; \
		if [ "$$(id -u)" = 0 ] || [ -n "$$sudo" ]; then \
			echo "==> installing Debian packages:$$missing"; \
			$$sudo scripts/apt-get.sh update -qq; \
			$$sudo env DEBIAN_FRONTEND=noninteractive scripts/apt-get.sh install -y -qq --no-install-recommends $$missing >/dev/null; \
		else \
			echo "note: cannot install$$missing (not root, no sudo); browser tests will be skipped"; \
		fi; \
	fi

browser-deps: system-deps

lint: venv
	@echo "==> ruff"
	@$(VENV)/bin/ruff check .
	@echo "==> mypy (the whole package, strict)"
	@$(VENV)/bin/mypy

# pytest's exit code 5 means "no tests collected": not a failure of the suite, but say so.
define run_pytest
	@echo "==> pytest $(1)"
	@set +e; $(PY) -m pytest $(1); rc=$$?; set -e; \
	if [ $$rc -eq 5 ]; then echo "note: pytest collected no tests (exit code 5); treating that as success"; rc=0; fi; \
	exit $$rc
endef

# ruff and pytest both run (a lint error does not hide test results); either failing fails the target.
# SKIP_LINT=1 runs the tests only (CI's second database: the code was linted in its first pass).
test: system-deps messages
	@lint=0; if [ "$(SKIP_LINT)" != 1 ]; then \
	echo "==> ruff"; set +e; $(VENV)/bin/ruff check .; lint=$$?; \
	echo "==> mypy (the whole package, strict)"; $(VENV)/bin/mypy || lint=1; set -e; \
	else echo "==> ruff and mypy skipped (SKIP_LINT=1: they ran on this code already)"; fi; \
	echo "==> pytest $(PYTEST_ARGS)"; set +e; $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; set -e; \
	if [ $$rc -eq 5 ]; then echo "note: pytest collected no tests (exit code 5); treating that as success"; rc=0; fi; \
	if [ $$lint -ne 0 ]; then echo "ruff or mypy found problems (see above)"; fi; \
	if [ $$lint -ne 0 ] && [ $$rc -eq 0 ]; then rc=1; fi; \
	exit $$rc

# Without the Playwright tests (quick feedback while coding).
test-fast: venv messages
	$(call run_pytest,-m "not browser" $(PYTEST_ARGS))

check: venv
	@$(PY) manage.py check
	@$(PY) manage.py makemigrations --check --dry-run

bench: venv
	@for f in bench/bench_*.py bench/load.py; do [ -e "$$f" ] || continue; echo "==> $$f"; $(PY) "$$f"; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis staticfiles
