# ATR Observatory. Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Use the shared real reference data when it sits beside the checkout; otherwise the demo
# falls back to the labelled synthetic geography.
SHARED_REFERENCE := $(wildcard ../shared/data/reference/wy_lsoa_imd2019.csv)
ifneq ($(SHARED_REFERENCE),)
ifeq ($(ATR_REFERENCE_DIR),)
export ATR_REFERENCE_DIR := $(abspath ../shared/data/reference)
endif
endif

.PHONY: install demo test check lint format typecheck pytest pytest-fast bench system-deps assets clean

$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The demo, end to end, on synthetic people.
demo: install
	$(BIN)/atr demo --out build/demo

## Lint, type check and the whole test suite (as CI runs it).
test: install system-deps lint typecheck pytest

## Quick check while working (under 2 minutes): lint, types and the tests not marked
## slow, browser or spark. `make test` (what CI runs) still runs everything.
check: install lint typecheck pytest-fast

lint: install
	$(BIN)/ruff check atr tests benchmarks
	$(BIN)/ruff format --check atr tests benchmarks

format: install
	$(BIN)/ruff format atr tests benchmarks
	$(BIN)/ruff check --fix atr tests benchmarks

typecheck: install
	$(BIN)/mypy

## The network platform's tests run a second time on PostgreSQL (scripts/start_postgres.sh starts
## it; they skip, saying why, when no server answers on 127.0.0.1:5432).
PLATFORM_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

pytest: install
	$(BIN)/pytest -n 2 --dist loadfile --durations=15
	ATR_DATABASE_URL=$(PLATFORM_POSTGRES_URL) $(BIN)/pytest tests/platform -n 2 --dist loadfile -m "not browser and not slow"

pytest-fast: install
	$(BIN)/pytest -n 2 --dist loadfile -m "not slow and not browser and not spark" -q

## Debian packages the browser and PDF tests need (Chromium, fonts, Pango); root only.
system-deps:
	@if [ -f scripts/install_system_deps.sh ]; then bash scripts/install_system_deps.sh; fi

## Speed and memory benchmarks; writes benchmarks/RESULTS.md.
bench: install
	$(BIN)/python benchmarks/run_all.py

## Rebuild the vendored front-end assets (needs node/npm; the built files are committed).
assets:
	npm ci --no-audit --no-fund && npm run build:assets

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
