# The two commands a newcomer needs: `make run` (the demo) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test test-fast install lint lock worker beat bench load screenshots

$(VENV)/installed.stamp: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/cpboard.css: node_modules/.package-lock.json $(wildcard static/scss/*.scss)
	npm run build

install: $(VENV)/installed.stamp static/build/cpboard.css

## The demo: SQLite, tasks in-process, demo data, http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# pytest-xdist processes: one per core by default. The tests of a file run in one process, and
# the browser tests in two groups (tests/conftest.py, TestsOfAFileInOneProcess); each process
# has its own database and Celery queue.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

## Lint, format check, migrations check and the test suite.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PYTEST)

## The tests without the browser and the Celery worker: what to run while changing code.
test-fast: install
	$(PYTEST) -m "not browser and not worker"

## Walk the portal as each role in Chromium, photographing every page into tests/screenshots/.
screenshots: install
	CPBOARD_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_accessibility.py

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-pin every Python package after a change to pyproject.toml.
lock:
	$(PYTHON) -m venv /tmp/cpboard-lock && /tmp/cpboard-lock/bin/pip install --quiet -e ".[dev]"
	( echo "# Exact versions of every Python package, for reproducible installs."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  /tmp/cpboard-lock/bin/pip freeze --exclude-editable ) > requirements.lock
	rm -rf /tmp/cpboard-lock

## A Celery worker and beat, for running against Redis (REDIS_URL set).
worker: install
	$(BIN)/celery -A cpboard worker --loglevel=INFO

beat: install
	$(BIN)/celery -A cpboard beat --loglevel=INFO

## Server time of the scorecard beside the admin list, 100 KPIs x 12 quarters: SQLite, then
## PostgreSQL (needs the server on 127.0.0.1:5432, user postgres). Then the worst upload of
## each kind (zip bombs, sparse sheets, huge CSV): fails if one takes over 64 MB or 1 s.
bench: install
	env -u DATABASE_URL $(PY) tests/benchmarks/bench_scorecard.py
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpboard_bench $(PY) tests/benchmarks/bench_scorecard.py
	env -u DATABASE_URL $(PY) tests/benchmarks/bench_annual_report.py
	env -u DATABASE_URL $(PY) tests/benchmarks/bench_agenda_pack.py
	env -u DATABASE_URL $(PY) tests/benchmarks/bench_dfe.py
	$(PY) tests/benchmarks/bench_hostile_files.py

## The load check: gunicorn in production mode with this machine's PostgreSQL and Redis,
## 50 simulated people for 60 seconds; fails on any error or lost save.
## e.g. make load LOAD_ARGS="--users 5 --seconds 10"
load: install
	$(PY) tests/load/run_load.py $(LOAD_ARGS)
