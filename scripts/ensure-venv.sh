#!/usr/bin/env bash
# Create .venv with a Python >= 3.12 and install Cadence with its test extras.
# Idempotent and fast: a stamp file keyed on pyproject.toml's hash skips pip when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
hash="$(sha256sum pyproject.toml | cut -c1-16)"
stamp="$VENV/.installed-$hash"

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
    echo "==> $VENV has a Python older than 3.12; recreating it"
    rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
    python="$(scripts/find-python.sh)"
    echo "==> creating $VENV with $python ($("$python" --version))"
    "$python" -m venv "$VENV"
fi
if [ -f "$stamp" ]; then
    exit 0
fi
echo "==> installing Cadence and its test tools into $VENV (log: $VENV/pip.log)"
# pip's and setuptools' chatter goes to the log; it is shown only when the installation fails.
if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip \
        && "$VENV/bin/python" -m pip install --disable-pip-version-check -e ".[test]"; } >"$VENV/pip.log" 2>&1; then
    tail -n 60 "$VENV/pip.log" >&2
    echo "error: installing Cadence failed; the whole log is in $VENV/pip.log" >&2
    exit 1
fi
rm -f "$VENV"/.installed-*
touch "$stamp"
