#!/usr/bin/env bash
# Compile the translation catalogues (*.po -> *.mo) when gettext's msgfmt is available.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v msgfmt >/dev/null 2>&1; then
    echo "==> msgfmt not found (install gettext); skipping compilemessages, English strings will be shown"
    exit 0
fi
if [ -z "$(find locale coophub -name '*.po' -not -path '*/.venv/*' 2>/dev/null | head -1)" ]; then
    echo "==> No translation catalogues yet; nothing to compile"
    exit 0
fi
echo "==> Compiling translations"
COOPHUB_DEBUG=true .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=var -v 0
