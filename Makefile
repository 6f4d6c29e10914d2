# Negotiation Workbook: set up, serve, test.
#   make serve   set everything up and serve the workbook (Voila, SQLite store) on 127.0.0.1
#   make test    set everything up and run the whole test suite (what CI runs)
#   make bench   run the benchmarks and rewrite benchmarks/RESULTS.md

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
STAMP  := $(VENV)/.installed

.PHONY: setup serve lab test lint bench schema clean

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

# The benchmarks run too, so every CI log carries the speed figures; they are reported
# against their targets, never asserted (make bench records them in benchmarks/RESULTS.md).
test: lint
	$(BIN)/python -m benchmarks --quick --out test-artifacts/benchmarks.md
	$(BIN)/pytest --nbval-lax tests negotiation_lib notebooks

bench: setup
	$(BIN)/python -m benchmarks

schema: setup
	$(BIN)/negotiation-workbook schema --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
