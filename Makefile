# Solutions Meet Cities: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The embedded default for `make run`: SQLite and the in-memory channel layer, unless the
# environment already says otherwise (DATABASE_URL, REDIS_URL).
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
PORTABLE_DB := sqlite:///$(CURDIR)/.portable-tests.sqlite3

.PHONY: install lock run test test-postgres test-sqlite test-e2e lint services clean messages compile-messages check-translations

# Every package comes from requirements.lock, pinned with its hashes (a changed or substituted file is
# refused); the project itself is then installed without resolving anything (only its build backend,
# setuptools, comes from the index unpinned), and `pip check` proves the
# lock satisfies pyproject.toml's ranges.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $@

## lock: after changing a dependency in pyproject.toml, re-pin requirements.lock (uv: seconds, not minutes)
lock:
	$(PY) -m pip install --quiet 'uv>=0.5,<1'
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra bench --generate-hashes --universal \
		--python-version 3.11 --quiet -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 --quiet \
		--constraint requirements.lock -o requirements-production.lock

# A developer machine's settings: debug on (so the development secret key is allowed). Written once,
# never overwritten; the real environment always wins over it (config/settings/base.py).
.env:
	printf '# Written by make install for this development checkout (see .env.example).\nDJANGO_DEBUG=true\n' > .env

install: $(VENV)/.installed .env compile-messages

# --- Translations (issue 18): locale/<lang>/LC_MESSAGES/{django,djangojs}.po --------------------------
# The interface's languages besides English (common/languages.py); the .mo files are built, not committed.
TRANSLATED_LANGUAGES := ko es fr pt ru ar
MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=tests --ignore=bench \
	--ignore=build --ignore=test-artifacts --ignore=frontend/static/frontend/vendor

## compile-messages: the .mo files Django reads (GNU gettext's msgfmt, installed from Debian's packages if missing)
compile-messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || ./scripts/ensure-gettext.sh
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

## messages: collect every translatable string into the .po files of each language (then translate them)
messages: install
	$(RUN_ENV) $(PY) manage.py makemessages $(addprefix -l ,$(TRANSLATED_LANGUAGES)) $(MESSAGES_IGNORE) \
		--add-location=file --no-obsolete
	$(RUN_ENV) $(PY) manage.py makemessages -d djangojs $(addprefix -l ,$(TRANSLATED_LANGUAGES)) $(MESSAGES_IGNORE) \
		--add-location=file --no-obsolete

## check-translations: fail naming every untranslated or fuzzy message, or one whose placeholders differ
# On a copy of the sources whose catalogues makemessages refreshes first, so a string added to the
# code but not yet to the catalogues counts as untranslated too; the checkout is left untouched.
LINT_COPY := $(or $(TMPDIR),/tmp)/smc-check-translations
check-translations: install
	rm -rf $(LINT_COPY) && mkdir -p $(LINT_COPY)
	tar --exclude=./.venv --exclude=./.git --exclude=./staticfiles --exclude=./node_modules -cf - . | tar -xf - -C $(LINT_COPY)
	cd $(LINT_COPY) && $(RUN_ENV) $(abspath $(PY)) manage.py makemessages $(addprefix -l ,$(TRANSLATED_LANGUAGES)) \
		$(MESSAGES_IGNORE) --add-location=file --no-obsolete >/dev/null
	cd $(LINT_COPY) && $(RUN_ENV) $(abspath $(PY)) manage.py makemessages -d djangojs $(addprefix -l ,$(TRANSLATED_LANGUAGES)) \
		$(MESSAGES_IGNORE) --add-location=file --no-obsolete >/dev/null
	$(abspath $(PY)) $(LINT_COPY)/scripts/check_translations.py
	rm -rf $(LINT_COPY)

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

## lint: ruff (code and format), djLint (templates), mypy (types), no missing migration, no untranslated message; .pre-commit-config.yaml runs the same
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint frontend/templates --lint
	$(VENV)/bin/mypy
	DATABASE_URL=sqlite://:memory: REDIS_URL= DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-translations

clean:
	rm -rf $(VENV) db.sqlite3 .portable-tests.sqlite3 staticfiles test-artifacts
