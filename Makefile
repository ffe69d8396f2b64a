# Lytt. `make demo` to try it, `make test` to check everything. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SHARED_DATA ?= ../shared/data
APPS ?= web accounts surveys feedback invitations evaluations imports reviews jobs
export LOG_FORMAT ?= plain

.PHONY: install demo serve test test-sqlite test-postgres test-browser lint bench lock \
        train-text eval-text messages system-deps clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || PYTHON=python3; $${PYTHON:-$(PYTHON)} -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(VENV)/.installed ## Create .venv with the locked dependencies and Lytt

demo: install ## Migrate, load the demo data and serve on http://127.0.0.1:$(PORT)
	@mkdir -p var && test -s var/secret_key || $(BIN)/python -c "import secrets;print(secrets.token_urlsafe(50))" > var/secret_key
	SECRET_KEY=$$(cat var/secret_key) SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 \
	  $(BIN)/lytt demo
	SECRET_KEY=$$(cat var/secret_key) SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 \
	  $(BIN)/lytt serve --port $(PORT) --with-worker

system-deps: ## Install the Debian packages the tests need (PostgreSQL, Chromium, gettext)
	bash scripts/system-deps.sh

lint: install ## ruff, ruff format --check, mypy, import-linter
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	LYTT_TESTING=1 $(BIN)/mypy src
	$(BIN)/lint-imports

test-sqlite: install
	@echo "=== Test suite on SQLite ==="
	$(BIN)/python scripts/run_pytest.py -n 2 --dist loadfile

test-postgres: install
	@echo "=== Test suite on PostgreSQL ==="
	bash scripts/with-postgres.sh $(BIN)/python scripts/run_pytest.py -n 2 --dist loadfile

test: system-deps lint test-sqlite test-postgres ## Lint, types and every test on SQLite and PostgreSQL
	@echo "=== make test: all passed (lint, SQLite run, PostgreSQL run) ==="

bench: install system-deps ## Benchmarks; each figure with its ratio to the baseline of the same run
	@echo "=== Text engine ===" && $(BIN)/python bench/text_bench.py
	@echo "=== Answer submission, SQLite ===" && $(BIN)/python bench/submit_bench.py
	@echo "=== Answer submission, PostgreSQL ===" && bash scripts/with-postgres.sh $(BIN)/python bench/submit_bench.py

train-text: install ## Rebuild the text engine's weights from ../shared/data (deterministic)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps asent==0.8.3
	$(BIN)/python -m lytt.text.train --data $(SHARED_DATA) --out src/lytt/text/models
	$(BIN)/python -m lytt.text.train_nynorsk --out src/lytt/text/models
	$(BIN)/python -m lytt.text.train_feedback --out src/lytt/text/models

eval-text: install ## Text engine quality on the dev splits and the hand-labelled set
	$(BIN)/python -m lytt.text.eval_models --data $(SHARED_DATA)
	$(BIN)/python -m lytt.text.eval_feedback

messages: install ## Extract and compile every capability's translation catalogues
	$(BIN)/python scripts/messages.py $(APPS)

lock: ## Re-resolve requirements.lock from pyproject.toml (needs uv in .venv)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock --quiet

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
