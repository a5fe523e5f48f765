# syntax=docker/dockerfile:1
#
# Solutions Meet Cities: one image, served by daphne (HTTP + WebSockets) on port 8000.
#   docker compose up --build          # full stack: PostgreSQL + Redis + web (see docker-compose.yml)
# The container is configured entirely through environment variables (see .env.example);
# DJANGO_SECRET_KEY is required at run time because DJANGO_DEBUG defaults to false.

FROM python:3.11-slim

# collectstatic runs at build time (below), so whitenoise serves the collected, compressed
# files from DJANGO_STATIC_ROOT instead of searching the apps on every request.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.base \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    WHITENOISE_USE_FINDERS=false

# Unprivileged runtime user. The code and collected static files stay owned by root,
# so the running process cannot modify them.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, in their own layer: it is rebuilt only when the lock changes. The runtime
# packages only, each pinned with its hashes (`make lock` writes requirements-production.lock with the
# same versions as requirements.lock); psycopg[binary] ships its own libpq, so no system packages.
COPY requirements-production.lock ./
RUN pip install --require-hashes -r requirements-production.lock

# Then the project itself (.dockerignore keeps .venv, .git, .env, databases, caches out).
COPY . .
RUN pip install --no-deps . \
 && pip check \
 && rm -rf build ./*.egg-info

# The translations' .mo files (not committed) are compiled here with GNU gettext, which leaves the
# image with them: the runtime never needs msgfmt.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gettext \
 && DJANGO_SECRET_KEY=build-time-dummy-not-a-secret python manage.py compilemessages \
 && apt-get purge -y --auto-remove gettext \
 && rm -rf /var/lib/apt/lists/*

# Static files are baked into the image. Settings refuse to load without a secret when
# DEBUG is off, so give this one command a throw-away value; it is not kept in the image's ENV.
RUN DJANGO_SECRET_KEY=build-time-dummy-not-a-secret python manage.py collectstatic --noinput

USER app

EXPOSE 8000

# Healthy = daphne answers HTTP with anything below 500. Host/X-Forwarded-Proto avoid the
# HTTPS redirect (where DJANGO_SECURE_PROXY_SSL_HEADER trusts that header) so the page itself
# (and its database access) is exercised; a redirect, or a 400 from a stricter
# DJANGO_ALLOWED_HOSTS, still proves the server is up. No curl in the slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import http.client, sys; c = http.client.HTTPConnection('127.0.0.1', 8000, timeout=4); c.request('GET', '/', headers={'Host': 'localhost', 'X-Forwarded-Proto': 'https'}); sys.exit(0 if c.getresponse().status < 500 else 1)"]

# Start-up: schema, idempotent member import, then `exec` so daphne (on uvloop, config/server.py)
# replaces the shell as PID 1 and receives SIGTERM from `docker stop` directly. `set -e`: a failed
# step stops the container.
CMD ["sh", "-c", "set -e; python manage.py migrate --noinput; python manage.py import_members; exec python -m config.server -b 0.0.0.0 -p 8000 config.asgi:application"]
