"""Imports go one way: capability apps build on core, never the other way round (README, "Design").

* The foundation -- ``cadence/core``, ``cadence/tenancy.py``, ``cadence/accounts``, ``cadence/access.py``
  and ``cadence/api`` -- imports no capability app (any other package of ``cadence/`` with an
  ``apps.py``: ``engagements`` today, plans, board, … tomorrow). Apps tell core what it needs through
  ``cadence/core/registry.py`` from their ``AppConfig.ready()``. The central API's mount point
  (``cadence/api/api.py``) may import an app's ``api`` module (its router) and nothing else of it.
* A capability app imports another one only through its ``queries``, ``services`` or ``access``.

Every import counts: module level or inside a function, ``import x``, ``from x import y``, relative ones
and ``importlib.import_module("...")`` with a constant name. Parsed with ``ast``, nothing is imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOUNDATION_APPS = ("core", "accounts", "api")
FOUNDATION = ("cadence/core", "cadence/tenancy.py", "cadence/accounts", "cadence/access.py", "cadence/api")
API_MOUNT_POINT = "cadence/api/api.py"
PUBLIC_MODULES = ("queries", "services", "access")


def capability_apps(root: Path) -> list[str]:
    """Packages of cadence/ that are Django apps, other than the foundation's."""
    return sorted(p.parent.name for p in (root / "cadence").glob("*/apps.py") if p.parent.name not in FOUNDATION_APPS)


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(root: Path, path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything a module imports; ``from a import b`` yields ``a.b`` (b may be a
    module or a name in a: both start with ``a.``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(root, path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value


def _files(root: Path, where: str) -> Iterator[Path]:
    target = root / where
    yield from ([target] if target.is_file() else sorted(target.rglob("*.py")))


def violations(root: Path = ROOT) -> dict[str, list[str]]:
    """relative path -> the imports that break the direction (with their line)."""
    apps = capability_apps(root)
    found: dict[str, list[str]] = {}

    def app_of(name: str) -> tuple[str, str] | None:
        parts = name.split(".")
        if len(parts) >= 2 and parts[0] == "cadence" and parts[1] in apps:
            return parts[1], parts[2] if len(parts) > 2 else ""
        return None

    for where in FOUNDATION:
        for path in _files(root, where):
            rel = path.relative_to(root).as_posix()
            for line, name in imported_modules(root, path):
                hit = app_of(name)
                if hit is None or (rel == API_MOUNT_POINT and hit[1] == "api"):
                    continue
                found.setdefault(rel, []).append(f"{line}: {name}")
    for app in apps:
        for path in _files(root, f"cadence/{app}"):
            rel = path.relative_to(root).as_posix()
            for line, name in imported_modules(root, path):
                hit = app_of(name)
                if hit is None or hit[0] == app or hit[1] in PUBLIC_MODULES:
                    continue
                found.setdefault(rel, []).append(f"{line}: {name}")
    return found


def test_the_foundation_imports_no_capability_app_and_apps_meet_only_through_queries_services_access():
    assert "engagements" in capability_apps(ROOT)
    broken = {path: names for path, names in violations().items() }
    assert not broken, "imports against the direction of the app shape (README, Design):\n" + "\n".join(
        f"  {path} imports {', '.join(names)}" for path, names in sorted(broken.items()))


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("rel", "text"), [
    ("cadence/core/views/home.py", "from cadence.engagements import queries\n"),
    ("cadence/core/services.py", "def f():\n    from cadence.engagements.services import install\n"),
    ("cadence/tenancy.py", "from cadence.engagements.models import Engagement\n"),
    ("cadence/core/admin.py", "import cadence.plans.models\n"),
    ("cadence/accounts/x.py", "import importlib\nimportlib.import_module('cadence.plans.queries')\n"),
    ("cadence/core/views/x.py", "from ...engagements import models\n"),
    ("cadence/plans/views.py", "from cadence.engagements.models import Engagement\n"),
    ("cadence/plans/views.py", "from cadence.engagements.views.timeline import helper\n"),
    ("cadence/api/api.py", "from cadence.engagements.services import log_time\n"),
])
def test_it_catches_an_import_against_the_direction(tmp_path, rel, text):
    for app in ("core", "accounts", "api", "engagements", "plans"):
        _write(tmp_path, f"cadence/{app}/apps.py", "")
    _write(tmp_path, "cadence/tenancy.py", "")
    _write(tmp_path, "cadence/access.py", "")
    assert violations(tmp_path) == {}
    _write(tmp_path, rel, text)
    assert list(violations(tmp_path)) == [rel]


@pytest.mark.parametrize(("rel", "text"), [
    ("cadence/plans/views.py", "from cadence.engagements import queries, services\n"),
    ("cadence/plans/views.py", "from cadence.engagements.access import get_engagement\n"),
    ("cadence/plans/apps.py", "from cadence.core import registry\n"),
    ("cadence/engagements/views.py", "from cadence.engagements.models import Engagement\n"),
    ("cadence/api/api.py", "from cadence.engagements.api import router\n"),
])
def test_it_allows_what_the_shape_allows(tmp_path, rel, text):
    for app in ("core", "accounts", "api", "engagements", "plans"):
        _write(tmp_path, f"cadence/{app}/apps.py", "")
    _write(tmp_path, rel, text)
    assert violations(tmp_path) == {}
