# The two set-up commands of the README:
#   make run    set up .venv (and LanguageTool) and start the Streamlit page
#   make test   set up .venv, LanguageTool, a headless Chromium and PostgreSQL, and run every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
	$(PY) -m replycheck.engines.languagetool install
	bash scripts/ensure_voikko.sh || echo "setup: continuing without Voikko: Finnish spelling will be skipped (the report says why)" >&2

run: setup
	$(VENV)/bin/streamlit run app.py --server.address $(if $(filter command line,$(origin HOST)),$(HOST),127.0.0.1)

test: setup
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_postgresql.sh || echo "setup: continuing without PostgreSQL: the history tests run on SQLite only" >&2
	$(VENV)/bin/pytest
