#!/usr/bin/env bash
# ruff, then the whole suite on SQLite, then on PostgreSQL if it answers on 127.0.0.1:5432.
# In CI (CI=true) an unreachable PostgreSQL is a failure: CI must exercise both databases.
# Extra pytest arguments: PYTEST_ARGS="-x -k search" make test
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${COOPHUB_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/coophub}
export DJANGO_SETTINGS_MODULE=config.settings_test
read -r -a extra <<< "${PYTEST_ARGS:-}"

describe_db() {
    "$PY" - <<'PY'
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
vendor = "SQLite" if db["ENGINE"].endswith("sqlite3") else "PostgreSQL"
where = "in memory" if vendor == "SQLite" else f"database test_{db['NAME']} on {db.get('HOST') or 'local socket'}:{db.get('PORT') or 5432}"
print(f"{vendor} ({where})")
PY
}

run_suite() {  # $1 = label; DATABASE_URL already exported
    local label=$1 described status
    described=$(describe_db) || { echo "!! could not load the test settings for $label"; return 1; }
    echo
    echo "================================================================================"
    echo "==> Test run on $described"
    echo "================================================================================"
    "$PY" -m pytest "${extra[@]}"
    status=$?
    if [ "$status" -eq 5 ]; then
        echo "!! pytest collected no tests on $label (exit code 5) -- treating this as a FAILURE"
        return 5
    fi
    return "$status"
}

pg_answers() {
    "$PY" - "$PG_URL" <<'PY' 2>/dev/null
import sys
import psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username or "postgres", password=u.password,
                dbname="postgres", connect_timeout=3).close()
PY
}

echo "==> ruff check"
lint_status=0
"$PY" -m ruff check . || lint_status=$?

export DATABASE_URL="sqlite:///$PWD/var/coophub.sqlite3"  # the test runner uses an in-memory database instead
run_suite SQLite
sqlite_status=$?

pg_status=skipped
if pg_answers; then
    export DATABASE_URL="$PG_URL"
    run_suite PostgreSQL
    pg_status=$?
elif [ "${CI:-}" = "true" ]; then
    echo "!! PostgreSQL not reachable at $PG_URL -- CI must run the suite on both databases: FAILING"
    pg_status=1
else
    echo "PostgreSQL not reachable; skipping the PostgreSQL run"
fi

word() { case $1 in 0) echo passed ;; skipped) echo "skipped (not reachable)" ;; 5) echo "FAILED (no tests collected)" ;; *) echo "FAILED (exit $1)" ;; esac; }
echo
echo "==> Summary: ruff $(word "$lint_status"); SQLite $(word "$sqlite_status"); PostgreSQL $(word "$pg_status")"
[ "$lint_status" -eq 0 ] || exit 1
[ "$sqlite_status" -eq 0 ] || exit 1
[ "$pg_status" = 0 ] || [ "$pg_status" = skipped ] || exit 1
exit 0
