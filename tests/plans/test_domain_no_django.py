"""The plans' domain package is plain Python: it imports nothing from Django and no gettext."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import cadence.plans.domain as domain

DOMAIN_DIR = Path(str(domain.__file__)).parent
EXPECTED = {"findings", "metrics", "tree", "smart", "seven_steps", "completeness", "snapshot", "versions"}


def _modules() -> list[str]:
    return [f"{domain.__name__}.{m.name}" for m in pkgutil.iter_modules([str(DOMAIN_DIR)])]


def test_the_domain_modules_import_neither_django_nor_gettext():
    assert {m.rsplit(".", 1)[1] for m in _modules()} == EXPECTED
    for path in sorted(DOMAIN_DIR.glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "django" or n.startswith("django.") or n == "gettext" for n in names), (path.name, names)


def test_each_domain_module_imports_with_django_hidden():
    code = (
        "import sys, importlib\n"
        "sys.modules['django'] = None\n"
        f"for name in {_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m == 'django' or m.startswith('django.') for m, v in sys.modules.items() if v is not None)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
    for name in _modules():
        importlib.import_module(name)
