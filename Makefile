# LeadCapture: `make run` serves the app, `make demo` serves it with demo data, `make test` runs the whole suite.
VENV := .venv
PYTHON := $(VENV)/bin/python
# The Python .venv is built with (3.13 where there is one: see the script); another version rebuilds it.
BASE_PYTHON := $(shell scripts/venv-python.sh)
BASE_VERSION := $(shell $(BASE_PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PIP := $(VENV)/bin/pip
FLASK := FLASK_APP=wsgi $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_VISITORS ?= 20000

.PHONY: install install-dev run demo test lint format worker bench clean

$(VENV)/.installed-$(BASE_VERSION): requirements.txt
	$(BASE_PYTHON) -m venv --clear $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-$(BASE_VERSION) requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# Chart.js comes from npm (pinned in package-lock.json) and is served from our own static files.
VENDOR := leadcapture/static/vendor
$(VENDOR)/chart.umd.min.js: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/chart.js/dist/chart.umd.min.js $@

install: $(VENV)/.installed-$(BASE_VERSION) $(VENDOR)/chart.umd.min.js

install-dev: $(VENV)/.installed-dev $(VENDOR)/chart.umd.min.js

define SERVE
	@echo "Serving LeadCapture on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)
endef

run: install
	$(FLASK) db upgrade
	$(FLASK) seed
	$(SERVE)

# `make run` with about 20,000 demo visitors loaded first (only into a database without visitors).
demo: install
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) demo-data --visitors $(DEMO_VISITORS) --if-empty
	@echo "Sign in with the admin login printed above."
	$(SERVE)

# Three workers on two CPUs: with two, the test processes used 152 % of 200 % (the PostgreSQL
# servers not counted), waiting on servers, worker processes, browsers and HubSpot's rate windows;
# with three the machine's CPUs were 196 % busy, the servers included, so a fourth would not help. A
# test file per worker at a time (each worker starts its own PostgreSQL and Redis), handed out in
# collection order (heavy files first, see tests/conftest.py): by default xdist hands out the files
# with the most tests first instead.
PYTEST := $(VENV)/bin/pytest -n 3 --dist loadfile --no-loadscope-reorder

# The whole suite, measuring the coverage of leadcapture/: under pyproject's floor the run fails.
# Python keeps its bytecode caches even where the shell says not to (PYTHONDONTWRITEBYTECODE): each
# test worker and each `flask worker` or gunicorn the tests start imports the app, 1.2 s more each
# when compiled from source, and pytest rewrites the test modules again in every worker.
test: install-dev
	./scripts/install-test-services.sh
	env -u PYTHONDONTWRITEBYTECODE $(PYTEST) --cov

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: install
	$(FLASK) worker

bench: install-dev
	./scripts/install-test-services.sh --bench
	$(PYTHON) -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache node_modules $(VENDOR)
