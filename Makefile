# coophub — `make demo` runs the app with demo data on http://127.0.0.1:8000; `make test` runs the suite on
# SQLite and (when it answers on 127.0.0.1:5432) PostgreSQL. Both find a Python >= 3.12 and create .venv themselves.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PY := .venv/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv messages demo run worker sweep test test-sqlite lint bench bench-search bench-api bench-sweep bench-overlap bench-extraction clean

help:
	@echo "make demo     migrate, load demo data, run the server on http://127.0.0.1:8000 with the task worker and the sweep"
	@echo "make test     run the whole suite on SQLite, then on PostgreSQL if it answers on 127.0.0.1:5432"
	@echo "make lint     ruff check"
	@echo "make worker   run the background task worker (manage.py db_worker)"
	@echo "make sweep    send due reminders, escalations and expiry alerts every minute (manage.py sweep)"
	@echo "make bench    run the benchmarks in bench/ (needs PostgreSQL; see bench/RESULTS.md)"
	@echo "make clean    remove caches, collected static files and benchmark output (keeps .venv and the database)"

venv:
	@scripts/venv.sh

messages: venv
	@scripts/compilemessages.sh

demo: messages
	@scripts/demo.sh

worker: venv
	@scripts/worker.sh

sweep: venv
	@. scripts/secret_env.sh && $(PY) manage.py sweep $(SWEEP_ARGS)

test: messages
	@scripts/test.sh

lint: venv
	$(PY) -m ruff check .

bench: bench-search bench-api bench-sweep bench-overlap bench-extraction

bench-search: venv
	$(PY) bench/search_bench.py $(BENCH_ARGS)

bench-api: venv
	$(PY) bench/api_bench.py $(BENCH_ARGS)

bench-sweep: venv
	$(PY) bench/sweep_bench.py $(BENCH_ARGS)

bench-overlap: venv
	$(PY) bench/overlap_bench.py $(BENCH_ARGS)

bench-extraction: venv
	$(PY) bench/extraction_bench.py $(BENCH_ARGS)

clean:
	rm -rf var/static var/test-media bench/out .pytest_cache .ruff_cache .hypothesis test-results
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find locale coophub -name '*.mo' -delete 2>/dev/null || true
