"""Test settings: the real PostgreSQL and the real Redis channel layer by default.

`DATABASE_URL=sqlite://...` and an empty `REDIS_URL` run the portable subset on the
embedded default (see `make test`).
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smc")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
# Each test run gets its own channel-layer prefix so parallel runs never hear each other.
os.environ.setdefault("CHANNEL_LAYER_PREFIX", f"smc-test-{os.getpid()}")
# ... and its own cache keys (throttle counters), which tests/conftest.py clears before each test; a
# live server started by the tests inherits the prefix, so its counters are cleared too.
os.environ.setdefault("CACHE_KEY_PREFIX", f"smc-test-{os.getpid()}")
# Tasks run in the test process (on commit), so tests read their e-mails from `mail.outbox`; the
# tests with a real worker (tests/outbox/test_worker.py) hand tasks to Redis under their own prefix.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("CELERY_KEY_PREFIX", f"smc-test-{os.getpid()}-celery:")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_CSRF_COOKIE_SECURE", "false")

from .base import *  # noqa: F403 -- settings modules extend the base by design

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Factories save many solutions and needs: encoding each on save (eagerly, in the test process)
# would slow every suite; tests of the on-save encoding switch it on (tests/matchmaking/test_vectors.py).
MATCH_ENCODE_ON_SAVE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_OUTSIDE_SMTP_ALLOWED = True  # tests read the mail from memory or from files
# A live server (another process) writes its e-mails to files the browser tests read.
if env.str("SMC_TEST_EMAIL_DIR", default=""):  # noqa: F405 -- `env` comes from the base settings
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("SMC_TEST_EMAIL_DIR")  # noqa: F405 -- as above
# A Celery worker started by the tests (tests/outbox/worker.py) sends to a local SMTP sink.
if env.str("SMC_TEST_EMAIL_URL", default=""):  # noqa: F405 -- as above
    vars().update(env.email_url("SMC_TEST_EMAIL_URL"))  # noqa: F405 -- as above
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The live test server outlives each test's database (tests/live_server_middleware.py says why).
if env.bool("SMC_TEST_LIVE_SERVER", default=False):  # noqa: F405 -- as above
    MIDDLEWARE = ["tests.live_server_middleware.ForgetCachedContentTypes", *MIDDLEWARE]  # noqa: F405
# Each test run builds its matching index in its own scratch folder.
MATCH_INDEX_DIR = Path(tempfile.gettempdir()) / f"smc-test-match-index-{os.getpid()}"
