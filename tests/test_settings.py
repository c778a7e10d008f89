"""Production configuration: strict environment parsing, Argon2, deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cadence import env

# Settings read in subprocesses: the same on every database (SQLite pass only, see tests/conftest.py).
pytestmark = pytest.mark.single_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("raw,expected", [("1", True), ("yes", True), ("off", False), ("0", False)])
def test_envbool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("CADENCE_X", raw)
    assert env.envbool("CADENCE_X", not expected) is expected


def test_envbool_refuses_a_bad_value(monkeypatch):
    monkeypatch.setenv("CADENCE_X", "maybe")
    with pytest.raises(env.ConfigError, match="CADENCE_X"):
        env.envbool("CADENCE_X", False)


def test_envint_refuses_a_bad_value(monkeypatch):
    monkeypatch.setenv("CADENCE_N", "ten")
    with pytest.raises(env.ConfigError, match="CADENCE_N"):
        env.envint("CADENCE_N", 1)


def _check(extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # The run's own configuration stays out (CI sets REDIS_URL and DATABASE_URL for the PostgreSQL run).
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("CADENCE_") and k not in ("REDIS_URL", "DATABASE_URL")}
    environ.update(extra_env)
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True,
                          text=True, timeout=120)


PRODUCTION = {"CADENCE_DEBUG": "0", "CADENCE_SECRET_KEY": "k" * 20 + "x7Q!pL2@zR9#mW4$vB6^nC8&hJ1*eT3",
              "CADENCE_ALLOWED_HOSTS": "cadence.example.com"}


def test_production_settings_pass_check_deploy():
    result = _check({**PRODUCTION, "CADENCE_CACHE": "database"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_in_production_with_a_per_process_cache():
    # Rate limits counted in each process's memory: 4 workers allow 4 times the limit.
    result = _check(PRODUCTION, "check", "--deploy")
    assert result.returncode != 0
    assert "cadence.E001" in result.stdout + result.stderr


def test_check_deploy_accepts_redis_in_production():
    result = _check({**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0"}, "check", "--deploy")
    assert "cadence.E001" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_shared_cache_check_is_silent_in_debug_mode(settings):
    from cadence.core.checks import shared_cache_in_production

    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert shared_cache_in_production() == []
    settings.DEBUG = False
    assert [e.id for e in shared_cache_in_production()] == ["cadence.E001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    assert shared_cache_in_production() == []


def test_cadence_cache_database_selects_the_database_cache():
    result = _check({**PRODUCTION, "CADENCE_CACHE": "database"}, "shell", "-v", "0", "-c",
                    "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])")
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr


def test_sessions_are_read_from_redis_only_when_the_cache_is_shared():
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    redis = _check({**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0"}, "shell", "-v", "0", "-c", code)
    assert redis.stdout.strip() == "django.contrib.sessions.backends.cached_db", redis.stderr
    # the database cache gains nothing; memory is per process
    for environ in ({**PRODUCTION, "CADENCE_CACHE": "database"}, {}):
        assert _check(environ, "shell", "-v", "0", "-c", code).stdout.strip() == "django.contrib.sessions.backends.db"


def test_cadence_cache_refuses_an_unknown_kind():
    result = _check({"CADENCE_CACHE": "memcached"}, "check")
    assert result.returncode != 0
    assert "CADENCE_CACHE" in result.stderr


def test_connections_stay_open_in_production_and_close_in_debug():
    code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    assert _check({**PRODUCTION, "CADENCE_CACHE": "database"}, "shell", "-v", "0", "-c", code).stdout.strip() == "60"
    assert _check({}, "shell", "-v", "0", "-c", code).stdout.strip() == "0"
    assert _check({**PRODUCTION, "CADENCE_CACHE": "database", "CADENCE_DB_CONN_MAX_AGE": "5"},
                  "shell", "-v", "0", "-c", code).stdout.strip() == "5"


def test_trusted_proxy_settings_are_read_strictly():
    code = ("from django.conf import settings; print(settings.CADENCE_TRUSTED_PROXY_HEADER, "
            "settings.CADENCE_TRUSTED_PROXY_COUNT, getattr(settings, 'ALLAUTH_TRUSTED_PROXY_COUNT', None))")
    assert _check({}, "shell", "-v", "0", "-c", code).stdout.split() == ["0", "None"]
    out = _check({"CADENCE_TRUSTED_PROXY_HEADER": "X-Forwarded-For", "CADENCE_TRUSTED_PROXY_COUNT": "2"},
                 "shell", "-v", "0", "-c", code)
    assert out.stdout.split() == ["X-Forwarded-For", "2", "2"], out.stderr
    bad = _check({"CADENCE_TRUSTED_PROXY_HEADER": "X-Forwarded-For", "CADENCE_TRUSTED_PROXY_COUNT": "two"}, "check")
    assert bad.returncode != 0 and "CADENCE_TRUSTED_PROXY_COUNT" in bad.stderr
    lonely = _check({"CADENCE_TRUSTED_PROXY_COUNT": "1"}, "check")  # hops of which header?
    assert lonely.returncode != 0 and "CADENCE_TRUSTED_PROXY_HEADER" in lonely.stderr


def test_it_hashes_passwords_with_argon2():
    """A password set by the app (outside the tests, which switch to MD5 for speed) is an Argon2 hash,
    and the library behind it is installed: the hasher is used, not only listed."""
    code = ("from django.contrib.auth.hashers import check_password, make_password; h = make_password('pw-1'); "
            "print(h.split('$')[0], check_password('pw-1', h), check_password('pw-2', h))")
    result = _check({}, "shell", "-v", "0", "-c", code)
    assert result.stdout.split() == ["argon2", "True", "False"], result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"CADENCE_DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "CADENCE_SECRET_KEY" in result.stderr
