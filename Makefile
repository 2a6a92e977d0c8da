# Every target sets up its own virtual environment on first use (and again when
# pyproject.toml changes), so a fresh clone needs only Python 3.11+ and make.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site serve test validate generate lint clean bench-build bench-pages

# Building the site needs only the runtime dependencies; tests add their own on top.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(TEST_STAMP)

site: $(STAMP)  ## validate, run snippet doctests, generate pages, build site/ (mkdocs --strict)
	NO_MKDOCS_2_WARNING=1 $(BIN)/benchsite build

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000, regenerated when data/ changes
	NO_MKDOCS_2_WARNING=1 $(BIN)/benchsite serve

validate: $(STAMP)  ## check every data file and list all problems
	$(BIN)/benchsite validate

generate: $(STAMP)  ## write generated pages under docs/ without building the site
	$(BIN)/benchsite generate

test: $(TEST_STAMP)  ## the whole test suite (with browser tests), then lint and type checks
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint

lint: $(TEST_STAMP)  ## formatting, lint and type checks
	$(BIN)/ruff format --check scripts tests
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy

bench-build: $(STAMP)  ## time generation against mkdocs build for 10, 100, 500 reports
	$(BIN)/python -m benchsite.bench_build

bench-pages: site $(TEST_STAMP)  ## cold report page weight and first-chart time, basic vs full plotly.js
	$(BIN)/python -m benchsite.bench_pages

clean: $(STAMP)  ## remove the built site and every generated file under docs/
	$(BIN)/benchsite clean
