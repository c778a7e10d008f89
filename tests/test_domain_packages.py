"""Every app's ``domain/`` package (README, Design: the shape of an app) is plain Python: it imports
nothing from Django and no gettext (it returns codes; the app layer words them), every module imports
with Django hidden, and each module stays readable (at most 500 lines). New apps are found, not listed."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p.parent for p in (ROOT / "cadence").glob("*/domain/__init__.py"))
MAX_LINES = 500


def _modules(package: Path) -> list[str]:
    dotted = ".".join(package.relative_to(ROOT).parts)
    return [f"{dotted}.{m.name}" for m in pkgutil.iter_modules([str(package)])]


def test_the_apps_with_a_domain_are_found():
    assert {p.parent.name for p in PACKAGES} >= {"engagements", "plans"}
    names = {m.rsplit(".", 1)[1] for p in PACKAGES for m in _modules(p)}
    assert {"spec", "calendar", "results", "simulation", "explain", "engine", "rollover", "timesheet", "limits",
            "smart", "seven_steps", "completeness", "snapshot", "versions"} <= names


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.parent.name)
def test_the_domain_modules_import_neither_django_nor_gettext(package: Path) -> None:
    for path in sorted(package.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= MAX_LINES, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "django" or n.startswith("django.") or n == "gettext" for n in names), (path.name, names)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.parent.name)
def test_each_domain_module_imports_with_django_hidden(package: Path) -> None:
    modules = _modules(package)
    code = (
        "import sys, importlib\n"
        "sys.modules['django'] = None\n"  # any ``import django...`` now raises ImportError
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m == 'django' or m.startswith('django.') for m, v in sys.modules.items() if v is not None)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    for name in modules:  # and they import here too
        importlib.import_module(name)


def test_the_schedule_facade_imports_with_django_hidden() -> None:
    code = ("import sys\nsys.modules['django'] = None\nimport cadence.engagements.schedule\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
