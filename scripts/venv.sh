#!/usr/bin/env bash
# Make sure .venv exists with Python >= 3.12 and the pinned dependencies of requirements.lock.
# Re-installs only when requirements.lock changed since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
STAMP="$VENV/.coophub-lock.sha256"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    :
else
    if [ -e "$VENV" ]; then
        echo "==> $VENV is missing or older than Python 3.12; recreating it"
        rm -rf "$VENV"
    fi
    PYTHON=$(scripts/find_python.sh)
    echo "==> Creating $VENV with $PYTHON ($("$PYTHON" -c 'import platform; print(platform.python_version())'))"
    "$PYTHON" -m venv "$VENV"
fi

want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
    echo "==> Installing requirements.lock into $VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r requirements.lock
    echo "$want" > "$STAMP"
fi
