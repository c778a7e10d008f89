"""Production configuration: strict environment parsing, Argon2, deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cadence import env
from cadence import settings as project_settings

ROOT = Path(__file__).resolve().parent.parent


def test_it_hashes_passwords_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


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
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
    environ.update(extra_env)
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True,
                          text=True, timeout=120)


def test_production_settings_pass_check_deploy():
    result = _check({"CADENCE_DEBUG": "0", "CADENCE_SECRET_KEY": "k" * 20 + "x7Q!pL2@zR9#mW4$vB6^nC8&hJ1*eT3",
                     "CADENCE_ALLOWED_HOSTS": "cadence.example.com"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"CADENCE_DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "CADENCE_SECRET_KEY" in result.stderr
