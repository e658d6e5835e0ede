# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.requirements-installed
PORT ?= 8501
# axe-core for the browser accessibility test, from npm (tests/browser/package.json)
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: run test axe user bench bundled clean-store backup restore upgrade

$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

## make run: set up, load the bundled datasets into an empty store, serve the dashboard and /api/v1 on port 8501
run: $(INSTALLED)
	$(PY) -m store.upgrade
	$(PY) -m uploads.bundled
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

## make test: set up if needed and run the whole test suite
test: $(INSTALLED) axe
	$(PY) -m pytest -q

# Without npm the accessibility test skips on a laptop; in CI (.ci/run installs nodejs and npm) it must run.
axe:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm not found: the accessibility test will skip (apt-get install nodejs npm)"; fi

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

## make user: add or change a local staff account (bcrypt hash in .streamlit/secrets.toml)
user: $(INSTALLED)
	$(PY) scripts/add_user.py

## make bench: the speed and memory benchmarks (figures in README.md)
bench: $(INSTALLED)
	$(PY) bench/bench_loader.py
	$(PY) bench/bench_dashboard.py
	$(PY) bench/bench_alias_suggestions.py
	$(PY) bench/bench_xlsx.py
	$(PY) -m pip install --quiet -r bench/requirements-engines.txt
	$(PY) bench/bench_engines.py

## make upgrade: bring the store named by DATABASE_URL (default the SQLite file) to the newest schema
upgrade: $(INSTALLED)
	$(PY) -m store.upgrade

## make backup: copy the store (DATABASE_URL, else the SQLite file) to a new file in backups/; its path is the last line
backup: $(INSTALLED)
	@$(PY) -m store.backup backup

## make restore FILE=backups/...: replace the store with that backup, refusing a file that is not one
restore: $(INSTALLED)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/victims_spend-....sqlite" >&2; exit 2; }
	@$(PY) -m store.backup restore "$(FILE)"

bundled: $(INSTALLED)
	$(PY) -m uploads.bundled
