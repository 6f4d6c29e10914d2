# Negotiation Workbook: set up, serve, test.
#   make serve   set everything up and serve the workbook (Voila, SQLite store) on 127.0.0.1
#   make test    set everything up and run the whole test suite (what CI runs)
#   make bench   run the benchmarks and rewrite benchmarks/RESULTS.md

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
STAMP  := $(VENV)/.installed

.PHONY: setup serve lab test lint bench schema clean browser-deps test-deps

setup: $(STAMP)

# Reinstall whenever the dependencies change. Debian's python3 ships venv without ensurepip
# unless python3-venv is installed, so install it when creating the venv fails.
$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

serve: setup
	$(BIN)/negotiation-workbook serve --port $(PORT)

lab: setup
	$(BIN)/negotiation-workbook lab

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests (tests/browser) drive Debian's Chromium through Playwright, which cannot
# download its own browsers here. When /usr/bin/chromium is missing and apt-get is available,
# this installs it (apt-get update && apt-get install -y chromium; needs root); without apt-get
# it only says so, and the browser tests then skip, or fail when CI is set. Playwright's Python
# package itself comes with the test extra (make setup).
browser-deps: setup
	@if [ -x /usr/bin/chromium ]; then \
	  echo "browser-deps: /usr/bin/chromium is installed"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "browser-deps: /usr/bin/chromium is missing; installing Debian's chromium with apt-get"; \
	  apt-get update && apt-get install -y chromium; \
	else \
	  echo "browser-deps: /usr/bin/chromium is missing and apt-get is not available;" \
	    "the browser tests will be skipped (or fail when CI is set)"; \
	fi

# The store tests (tests/store) run on SQLite and on a real PostgreSQL server that the test
# session starts itself, on a free loopback port in a temporary directory (tests/postgres.py),
# from Debian's binaries under /usr/lib/postgresql/<version>/bin. When none is there and
# apt-get is available, this installs them (apt-get update && apt-get install -y postgresql;
# needs root); without apt-get it only says so, and the PostgreSQL half of the store tests then
# skips, or fails when CI is set. The psycopg driver itself comes with the test extra.
# It also installs JupyterHub's proxy, configurable-http-proxy (a Node package), under .node/
# with npm when it is missing there, for `negotiation-workbook hub` and tests/browser/test_hub.py;
# without npm it only says so, and that test then skips, or fails when CI is set.
test-deps:
	@found=$$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1); \
	if [ -n "$$found" ]; then \
	  echo "test-deps: PostgreSQL is installed ($$found)"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "test-deps: no /usr/lib/postgresql/*/bin/postgres; installing Debian's postgresql with apt-get"; \
	  apt-get update && apt-get install -y postgresql; \
	else \
	  echo "test-deps: no /usr/lib/postgresql/*/bin/postgres and apt-get is not available;" \
	    "the PostgreSQL store tests will be skipped (or fail when CI is set)"; \
	fi
	@if [ -x .node/node_modules/.bin/configurable-http-proxy ]; then \
	  echo "test-deps: configurable-http-proxy is installed (.node/)"; \
	elif command -v npm >/dev/null 2>&1; then \
	  npm install --prefix .node --no-audit --no-fund configurable-http-proxy@4; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "test-deps: npm is missing; installing Debian's nodejs and npm with apt-get"; \
	  apt-get update && apt-get install -y nodejs npm && \
	  npm install --prefix .node --no-audit --no-fund configurable-http-proxy@4; \
	else \
	  echo "test-deps: npm is not available, so configurable-http-proxy is not installed;" \
	    "the hub's browser test will be skipped (or fail when CI is set)"; \
	fi

# The benchmarks run too, so every CI log carries the speed figures; they are reported
# against their targets, never asserted (make bench records them in benchmarks/RESULTS.md).
#
# The suite runs in two parts, and the second runs even when the first failed: everything that
# does not drive Chromium on two processes at once (pytest-xdist, one file per process so a
# notebook's cells stay together), then the browser tests on their own, since they wait on Voila
# kernels that need the CPU.
test: lint browser-deps test-deps
	$(BIN)/python -m benchmarks --quick --out test-artifacts/benchmarks.md
	@status=0; \
	$(BIN)/pytest -m "not browser" -n 2 --dist loadfile --nbval-lax tests negotiation_lib notebooks analysis || status=1; \
	$(BIN)/pytest -m browser tests || status=1; \
	exit $$status

bench: setup
	$(BIN)/python -m benchmarks

schema: setup
	$(BIN)/negotiation-workbook schema --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
