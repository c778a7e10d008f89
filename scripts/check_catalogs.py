#!/usr/bin/env python3
"""Fail unless every translation catalog under locale/ is complete.

Runs ``msgfmt --statistics -c`` on each ``locale/<lang>/LC_MESSAGES/*.po`` (GNU gettext) and fails on any
"untranslated" or "fuzzy" message, on a msgfmt error, or when a language in LANGUAGES has no catalog.
Usage: scripts/check_catalogs.py [LANG ...]   (default: ro ru)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check(lang: str, msgfmt: str) -> list[str]:
    folder = ROOT / "locale" / lang / "LC_MESSAGES"
    catalogs = sorted(folder.glob("*.po"))
    if not catalogs:
        return [f"{lang}: no catalog in {folder.relative_to(ROOT)}"]
    problems = []
    for po in catalogs:
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run(  # noqa: S603 - our own files, a fixed program
                [msgfmt, "--statistics", "-c", "-o", str(Path(tmp) / "out.mo"), str(po)],
                capture_output=True, text=True, check=False,
            )
        stats = (result.stderr or result.stdout).strip()
        name = po.relative_to(ROOT)
        print(f"{name}: {stats.splitlines()[-1] if stats else '(no output)'}")
        if result.returncode != 0:
            problems.append(f"{name}: msgfmt -c failed:\n{stats}")
        elif "untranslated" in stats or "fuzzy" in stats:
            problems.append(f"{name}: incomplete ({stats.splitlines()[-1]})")
    return problems


def main(argv: list[str]) -> int:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        print("msgfmt is missing: install Debian's gettext package", file=sys.stderr)
        return 2
    problems = [p for lang in (argv or ["ro", "ru"]) for p in check(lang, msgfmt)]
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
