#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or fail with a clear message.
#
# Candidates, in order: python3.14, python3.13, python3.12 on PATH, every ~/.pyenv/versions/*/bin/python3 (newest
# first), then python3. Each candidate is actually run: a pyenv shim for python3.12 exits non-zero unless that
# version is selected, and such a candidate is skipped silently.
set -uo pipefail

candidates=()
for name in python3.14 python3.13 python3.12; do
    if path=$(command -v "$name" 2>/dev/null); then candidates+=("$path"); fi
done
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
if [ -d "$pyenv_root/versions" ]; then
    while IFS= read -r path; do
        candidates+=("$path")
    done < <(ls -d "$pyenv_root"/versions/*/bin/python3 2>/dev/null | sort -V -r)
fi
if path=$(command -v python3 2>/dev/null); then candidates+=("$path"); fi

for candidate in "${candidates[@]}"; do
    [ -x "$candidate" ] || continue
    # Resolve to the real interpreter (sys.executable) so the venv does not point at a shim.
    if real=$("$candidate" -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null) \
        && [ -n "$real" ]; then
        echo "$real"
        exit 0
    fi
done

echo "coophub needs Python 3.12 or newer (Django 6.1 does not run on older versions)." >&2
echo "Tried: ${candidates[*]:-nothing found on PATH or in ~/.pyenv/versions}" >&2
echo "Install Python 3.12+ (e.g. 'pyenv install 3.12', or your distribution's python3.12 package) and retry." >&2
exit 1
