# Front Door: `make run` and `make test` are the whole contract (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
FRONTDOOR := $(BIN)/frontdoor
HOST ?= 127.0.0.1
PORT ?= 8000

# A Python >= 3.12 that actually runs: python3.13/python3.12 on PATH (pyenv shims fail unless
# selected, so each is tried), else pyenv's installed versions.
PYTHON ?= $(shell for c in python3.13 python3.12 python3; do \
	  p=$$(command -v $$c) && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit; }; \
	done; \
	for p in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]* 2>/dev/null | sort -rV); do \
	  $$p/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p/bin/python3; exit; }; \
	done)

.PHONY: help run test format setup assets lock clean print-python
help:
	@echo "make run   - set everything up and start Front Door on http://$(HOST):$(PORT)"
	@echo "make test  - set everything up and run the whole suite with ruff's checks"

print-python:
	@echo $(PYTHON)

$(PY):
	@test -n "$(PYTHON)" || { echo "Front Door needs Python 3.12 or newer: none was found on PATH (python3.13, python3.12, python3) or in pyenv's versions. Install one, e.g. 'pyenv install 3.12'."; exit 1; }
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Front Door needs Node.js and npm to build the GOV.UK Frontend assets."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed
	npm run --silent build

setup: $(VENV)/.installed assets
	$(FRONTDOOR) migrate --noinput

DFE_ATTENDANCE := ../shared/data/attendance/dfe-attendance-dashboard

run: setup
	$(FRONTDOOR) demo --if-empty
	$(FRONTDOOR) attendance summarise
	@# England and regional comparators, when the shared public data is beside the checkout.
	@if ls $(DFE_ATTENDANCE)/EES_*.csv >/dev/null 2>&1; then \
	  $(FRONTDOOR) attendance import-dfe $(DFE_ATTENDANCE)/EES_*.csv; \
	else echo "No DfE attendance files in $(DFE_ATTENDANCE): the dashboards show no England or regional figures."; fi
	$(FRONTDOOR) send inclusion
	$(FRONTDOOR) demo_signins --base-url http://$(HOST):$(PORT)
	$(FRONTDOOR) runserver $(HOST):$(PORT)

test: $(VENV)/.installed assets
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the lock after changing dependencies in pyproject.toml.
lock: $(PY)
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet -e '.[dev]'
	var/lockenv/bin/pip freeze --exclude-editable | grep -v '^frontdoor' > constraints.txt
	rm -rf var/lockenv

clean:
	rm -rf $(VENV) node_modules frontdoor/web/static/dist var/static
