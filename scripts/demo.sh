#!/usr/bin/env bash
# Prepare the demo database and run coophub on http://127.0.0.1:8000 with its background worker and the
# reminder sweep (manage.py sweep: due reminders, escalations and expiry alerts, every minute).
# DEBUG is off (production-like); whitenoise serves the collected static files. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${COOPHUB_DEMO_HOST:-127.0.0.1}
PORT=${COOPHUB_DEMO_PORT:-8000}

# shellcheck source=scripts/secret_env.sh
. scripts/secret_env.sh
# The demo's notification e-mails go to files (one per batch) rather than flooding this terminal.
export COOPHUB_EMAIL_BACKEND=${COOPHUB_EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
export COOPHUB_EMAIL_FILE_PATH=${COOPHUB_EMAIL_FILE_PATH:-$PWD/var/mail}
export COOPHUB_BASE_URL=${COOPHUB_BASE_URL:-http://$HOST:$PORT}

echo "==> Migrating the database"
"$PY" manage.py migrate --noinput -v 0
echo "==> Collecting static files"
"$PY" manage.py collectstatic --noinput -v 0
echo "==> Loading the demo data"
"$PY" manage.py load_demo

worker_pid=""
sweep_pid=""
server_pid=""
cleanup() {
    trap - EXIT INT TERM
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null || true
    [ -n "$sweep_pid" ] && kill "$sweep_pid" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Their logs go to files so that the banner below stays readable.
mkdir -p var
"$PY" manage.py db_worker --no-reload --interval 1 >> var/worker.log 2>&1 &
worker_pid=$!
"$PY" manage.py sweep --interval 60 >> var/sweep.log 2>&1 &
sweep_pid=$!

cat <<BANNER

  coophub is running at  http://$HOST:$PORT/      (Ctrl-C stops the server, the worker and the sweep)

  Demo logins (password for all: demo-pass-123)
    dic_officer         DIC desk officer
    dic_director        DIC director / division head
    unit_focal_point    officer of a specialised unit (Plant Protection)
    unit_head           head of that unit
    other_unit_officer  officer of an unrelated unit
    counsellor          agricultural counsellor abroad
    leader              Minister / Deputy Minister office (read-only)
    admin               system administrator

    (and the officers of the action plan's lead units: pc_officer, clcb_officer, khtc_officer, bdkh_officer,
     cnty_officer, tccb_officer, and their heads pc_head, clcb_head, khtc_head, bdkh_head, cnty_head, ...)

  Start with: Review of signed programmes  http://$HOST:$PORT/agreements/review/
              My work (as unit_focal_point) http://$HOST:$PORT/tasks/mine/
              Engagements and the 2025 counts http://$HOST:$PORT/engagements/stats/?year=2025
              Text → record (paste a press release) http://$HOST:$PORT/engagements/extract/
              Next week's meeting with Japan's MAFF: open it from the calendar and build its briefing pack
                                            http://$HOST:$PORT/engagements/calendar/?view=list

  API: http://$HOST:$PORT/api/v1/docs   (tokens: http://$HOST:$PORT/accounts/tokens/)
  E-mails sent by the demo (reminders, escalations): $COOPHUB_EMAIL_FILE_PATH
  Logs of the task worker and the reminder sweep:    var/worker.log, var/sweep.log

BANNER

.venv/bin/gunicorn config.wsgi --bind "$HOST:$PORT" --worker-class gthread --workers 2 --threads 4 \
    --access-logfile - --log-level warning &
server_pid=$!
# Return when any of the processes ends (bash >= 4.3); the EXIT trap stops the others.
set +e
wait -n "$server_pid" "$worker_pid" "$sweep_pid"
status=$?
exit "$status"
