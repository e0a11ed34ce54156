# Two entry points, each creating the virtual environment when it is missing:
#   make run   - install the app and start it on its defaults (bundled catalog, SQLite file)
#   make test  - install everything the tests need and run lint + the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.app-installed

run: $(VENV)/.app-installed
	$(BIN)/streamlit run serve.py

test: $(VENV)/.test-installed
	bash scripts/run-tests.sh

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_catalog.py
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_app.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_import_lock.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
