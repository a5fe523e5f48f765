# Solutions Meet Cities: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The embedded default for `make run`: SQLite and the in-memory channel layer, unless the
# environment already says otherwise (DATABASE_URL, REDIS_URL).
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
PORTABLE_DB := sqlite:///$(CURDIR)/.portable-tests.sqlite3

.PHONY: install run test test-postgres test-sqlite test-e2e lint services clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# A developer machine's settings: debug on (so the development secret key is allowed). Written once,
# never overwritten; the real environment always wins over it (config/settings/base.py).
.env:
	printf '# Written by make install for this development checkout (see .env.example).\nDJANGO_DEBUG=true\n' > .env

install: $(VENV)/.installed .env

## run: install, migrate, import the real members and serve http://127.0.0.1:8000
run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py import_members
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## services: start PostgreSQL and Redis (and install Chromium) when missing
services:
	./scripts/ensure-test-services.sh

## test: every test; PostgreSQL + Redis, then the portable part on SQLite, then the browser
test: install services test-postgres test-sqlite test-e2e

test-postgres:
	$(PY) -m pytest -m "not e2e"

test-sqlite:
	DATABASE_URL=$(PORTABLE_DB) REDIS_URL= $(PY) -m pytest -m "portable and not e2e"

# Its own process: Playwright's event loop and pytest-asyncio break each other.
test-e2e:
	$(PY) -m pytest -m e2e tests/e2e

## lint: ruff (code and format), djLint (templates), mypy (types), no missing migration; .pre-commit-config.yaml runs the same
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint frontend/templates --lint
	$(VENV)/bin/mypy
	DATABASE_URL=sqlite://:memory: REDIS_URL= DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 .portable-tests.sqlite3 staticfiles test-artifacts
