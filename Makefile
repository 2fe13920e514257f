# booklet: `make pdf` sets up .venv and builds every manifest in content/ into build/;
# `make test` runs the whole suite. See README.md.

.DELETE_ON_ERROR:
.DEFAULT_GOAL := pdf
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build
MANIFESTS := $(sort $(wildcard content/*.yml content/*.yaml))
BRAND ?=
FLAGS ?=
BOOKLET = $(BIN)/booklet build $(MANIFESTS) --out $(OUT) $(if $(BRAND),--brand $(BRAND)) $(FLAGS)

.PHONY: pdf epub html all test test-slow lint bench check clean setup system-pdf system-test

pdf: system-pdf
	$(BOOKLET) --format pdf,epub

epub: system-pdf
	$(BOOKLET) --format epub

html: system-pdf
	$(BOOKLET) --format html

all: system-pdf
	$(BOOKLET) --format pdf,epub,html

check: system-pdf
	$(BIN)/booklet check $(MANIFESTS)

# The suite on every core (pytest-xdist): whole builds dominate it, and each test module's
# shared builds stay in one worker (--dist loadfile). Files are handed out in collection order,
# which tests/conftest.py sorts heaviest first (HEAVY_FIRST), so the workers finish together.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: system-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Lint and type check the package (configured in pyproject.toml); CI runs this before the tests.
lint: $(STAMP)
	$(BIN)/ruff check booklet
	$(BIN)/mypy

# Builds the wheel and sdist, installs the wheel into a fresh venv and builds a booklet with it.
test-slow: system-test
	$(BIN)/python -m pytest -m slow

bench: system-pdf
	$(BIN)/python bench/bench.py

setup: $(STAMP)

# The virtual environment, reinstalled when the project's dependencies change.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "error: booklet needs Python 3.11 or newer as '$(PYTHON)' (make PYTHON=python3.12 …)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# The distribution was called `booklet` before it became `revision-booklet`: drop the old one.
	@$(BIN)/python -m pip uninstall --quiet --yes booklet 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# System packages cannot come from pip: check them and say how to install what is missing.
system-pdf: $(STAMP)
	@$(BIN)/python -m booklet.system pdf

system-test: $(STAMP)
	@$(BIN)/python -m booklet.system test

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis
	find . -name __pycache__ -prune -exec rm -rf {} +
