# Hezuo: `make run` serves the platform with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 8000
SEED   ?= 1
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
SYSTEM_PACKAGES = chromium fonts-noto-cjk poppler-utils gettext

.PHONY: run install install-test system-deps test test-sqlite test-postgres lint check bench messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/hezuo migrate --noinput -v 0
	$(BIN)/hezuo reference
	$(BIN)/hezuo demo --seed $(SEED)
	$(BIN)/hezuo createadmin
	$(BIN)/hezuo serve --port $(PORT)

# Debian packages the browser tests and PDF rendering need; installed only when missing.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

test: install-test system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MAKE) typecheck
	$(BIN)/python -m django makemigrations --check --dry-run --settings=hezuo.settings -v 0
	HEZUO_ENV=production HEZUO_SECRET_KEY=check-only-$$(date +%s)-x9f3k2m1q8w7e6r5t4y3u2i1o0p9a8s7d6 \
	  HEZUO_ALLOWED_HOSTS=hezuo.example.org HEZUO_DATABASE_URL=sqlite:///tmp/hezuo-check.sqlite3 \
	  $(BIN)/python -m django check --deploy --fail-level WARNING --settings=hezuo.settings
	$(MAKE) test-sqlite
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
	  $(MAKE) test-postgres; \
	else echo "PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL run is skipped."; fi

# mypy (with django-stubs) over the files pyproject.toml lists under [tool.mypy].
.PHONY: typecheck
typecheck: install-test
	$(BIN)/mypy

test-sqlite:
	$(BIN)/pytest -p no:cacheprovider -n 2 --dist loadgroup

test-postgres:
	HEZUO_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider -n 2 --dist loadgroup

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# Refresh the catalogues from the source, then compile them (the .mo files are committed, so
# `make run` needs no gettext tools).
messages: install
	cd hezuo && ../$(BIN)/django-admin makemessages -l zh_Hans -l en --no-obsolete --no-location --ignore '*/tests/*'
	cd hezuo && ../$(BIN)/django-admin compilemessages -l zh_Hans -l en
