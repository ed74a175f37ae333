# Stockelper. The virtual environment lives in .venv/ at the project root.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: setup setup-dev run test test-fast test-bolt lint bench clean

$(BIN)/stockelper: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

setup: $(BIN)/stockelper

## The app on the embedded default (SQLite + embedded graph, no LLM): set up, fill, serve.
run: setup
	$(BIN)/stockelper init
	$(BIN)/stockelper bootstrap
	$(BIN)/stockelper ui --port $(PORT)

## The whole test suite: lint, types, tests (PostgreSQL tests run when
## STOCKELPER_TEST_POSTGRES_URL is set; Bolt tests run in a private network namespace).
test: setup lint
	$(BIN)/pytest -q -m "not bolt"
	$(MAKE) test-bolt

test-fast: setup
	$(BIN)/pytest -q -x -m "not browser and not slow"

## FalkorDB's Bolt listener binds every interface: run it only inside `unshare -n`.
test-bolt: setup
	@if unshare -n true 2>/dev/null; then \
		unshare -n sh -c 'ip link set lo up && STOCKELPER_TEST_BOLT=falkordb $(BIN)/pytest -q -m bolt tests/kg'; \
	elif [ -n "$$STOCKELPER_REQUIRE_BOLT" ]; then \
		echo "Bolt tests required but 'unshare -n' is not permitted here" >&2; exit 1; \
	else \
		echo "Bolt tests skipped: 'unshare -n' needs root (set NEO4J_TEST_URI to use a real Neo4j)"; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
