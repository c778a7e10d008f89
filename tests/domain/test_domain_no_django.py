"""The domain package (the schedule engine) is plain Python: it imports nothing from Django."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import cadence.engagements.domain as domain

DOMAIN_DIR = Path(str(domain.__file__)).parent


def _modules() -> list[str]:
    return [f"{domain.__name__}.{m.name}" for m in pkgutil.iter_modules([str(DOMAIN_DIR)])]


def test_the_domain_modules_do_not_import_django() -> None:
    for path in sorted(DOMAIN_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "django" or n.startswith("django.") for n in names), (path.name, names)


def test_each_domain_module_imports_with_django_hidden() -> None:
    modules = _modules()
    assert {"spec", "calendar", "results", "simulation", "explain", "engine"} <= {m.rsplit(".", 1)[1] for m in modules}
    code = (
        "import sys, importlib\n"
        "sys.modules['django'] = None\n"  # any ``import django...`` now raises ImportError
        f"for name in {modules!r} + ['cadence.engagements.schedule']:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m == 'django' or m.startswith('django.') for m, v in sys.modules.items() if v is not None)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
    for name in modules:  # and they import here too
        importlib.import_module(name)
