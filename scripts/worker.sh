#!/usr/bin/env bash
# Run the background task worker (django-tasks-db) against the configured database.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/secret_env.sh
. scripts/secret_env.sh
exec .venv/bin/python manage.py db_worker --no-reload "$@"
