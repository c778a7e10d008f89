#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter (Django 6 needs it), or fail with a clear message.
# Tries, in order: $PYTHON, python3.13 / python3.12 / python3 that actually run and are new enough,
# then pyenv's installed versions. (A pyenv shim that is not selected errors, so each candidate is run.)
set -euo pipefail

ok() {  # ok CMD -> prints the absolute interpreter path when CMD runs and is >= 3.12
    "$1" -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null
}

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.14 python3.13 python3.12 python3)
if command -v pyenv >/dev/null 2>&1; then
    root="$(pyenv root 2>/dev/null || true)"
else
    root="${PYENV_ROOT:-$HOME/.pyenv}"
fi
if [ -n "$root" ] && [ -d "$root/versions" ]; then
    # newest first
    while IFS= read -r p; do candidates+=("$p"); done < <(
        ls -d "$root"/versions/3.1[2-9]*/bin/python3 "$root"/versions/3.[2-9][0-9]*/bin/python3 2>/dev/null | sort -rV
    )
fi
for c in "${candidates[@]}"; do
    if path="$(ok "$c")" && [ -n "$path" ]; then
        echo "$path"
        exit 0
    fi
done
echo "error: Cadence needs Python 3.12 or newer (Django 6), and none was found." >&2
echo "       Tried: ${candidates[*]}" >&2
echo "       Install one (e.g. 'pyenv install 3.12' or 'apt-get install python3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1
