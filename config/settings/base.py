"""Settings for every environment, read from the environment (django-environ).

With nothing set, the project runs embedded: SQLite and the in-memory channel layer.
`DATABASE_URL` switches to PostgreSQL and `REDIS_URL` to the Redis channel layer.
Production is this same module with the environment filled in (see `.env.example`).
"""

import ipaddress
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from common import languages as product_languages

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is a convenience for developers; the real environment always wins.
env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core ------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#core-settings
DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-never-use-in-production")
else:
    # Fail loudly: a production process without its secret must not start.
    SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # daphne first: its runserver serves HTTP and WebSockets in development.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "channels",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    # Login lock-out after repeated failures (accounts: "Login throttling and second factor").
    "axes",
    # Second factor: TOTP apps and single-use backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Passkeys (WebAuthn) as a second factor or a passwordless sign-in.
    "django_otp_webauthn",
    # Audit trail of changes by staff and organisation admins (see "Audit trail" below).
    "auditlog",
    "common",
    "outbox",
    "accounts",
    "notifications",
    "cities",
    "solutions",
    "matchmaking",
    "scheduling",
    "events",
    "projects",
    # The weekly digest e-mail (reads matchmaking, scheduling, events; nothing imports it).
    "digests",
    # A person's own data: the download and deleting the account (reads and writes every app above).
    "privacy",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware and authentication: a signed-in person's stored language wins.
    "accounts.middleware.UserLanguageMiddleware",
    # Staff, organisation admins and anyone with a device: no page until the second factor is given.
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    # After authentication: records the signed-in person as the actor of every audited change made
    # while the request runs. API token requests are authenticated later, by DRF, so
    # accounts.auth.ApiTokenAuthentication names the actor then (common.audit.record_actor).
    "auditlog.middleware.AuditlogMiddleware",
    # Last: turns a lock-out flagged during authentication into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.live_updates",
                "frontend.context_processors.pending_join_request",
                "frontend.context_processors.notification_bell",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# Check a connection before a request reuses it, and, with the pool below, each connection the pool
# hands out (Django then passes psycopg_pool's `ConnectionPool.check_connection` as the pool's
# `check`): after PostgreSQL restarts or cuts sessions, a dead connection is replaced, not used.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
# Under ASGI each request runs in its own thread, so CONN_MAX_AGE cannot reuse connections; a psycopg
# pool does (https://docs.djangoproject.com/en/5.2/ref/databases/#connection-pool). Off by default.
if env.bool("DATABASE_POOL", default=False) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=20),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- On-demand meetings ----------------------------------------------------
# Days a meeting request (or new times proposed) may wait for an answer before it expires
# (scheduling/services/expiry.py; `manage.py expire_meeting_requests` runs it).
MEETING_REQUEST_EXPIRY_DAYS = env.int("MEETING_REQUEST_EXPIRY_DAYS", default=14)
# How late a meeting reminder or "how did it go?" e-mail may still go out (scheduling/reminders.py):
# a beat outage shorter than this loses none; after it, a missed one is skipped rather than sent late.
MEETING_REMINDER_LOOKBACK_MINUTES = env.int("MEETING_REMINDER_LOOKBACK_MINUTES", default=60)

# --- Matchmaking events ----------------------------------------------------
# Seconds a scheduler run may take (events/services/scheduler.py); a Celery worker solves it.
EVENT_SCHEDULER_TIME_LIMIT_S = env.float("EVENT_SCHEDULER_TIME_LIMIT_S", default=30.0)
# How often a running run writes its heartbeat and progress (and looks for staff's cancel), in seconds.
EVENT_SCHEDULER_HEARTBEAT_S = env.float("EVENT_SCHEDULER_HEARTBEAT_S", default=1.0)
# A running run without a heartbeat for this long lost its worker: the sweep marks it failed.
EVENT_SCHEDULER_STALE_AFTER_S = env.float("EVENT_SCHEDULER_STALE_AFTER_S", default=60.0)
# A run still queued this long after it was started lost its hand-over (the broker was down): the
# sweep hands it to a worker again (a second delivery of a run claimed meanwhile does nothing).
EVENT_SCHEDULER_REQUEUE_AFTER_S = env.float("EVENT_SCHEDULER_REQUEUE_AFTER_S", default=120.0)

# --- Channels --------------------------------------------------------------
# https://channels.readthedocs.io/en/latest/topics/channel_layers.html
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Redis publish/subscribe rather than channels_redis.core: our events go to groups with many
    # members (everyone viewing one booking page). Core writes one sorted-set entry per member
    # channel (500 viewers: 500 writes per event), each process pops them one round trip at a time,
    # and a channel over its capacity (100) drops messages: with 500 listeners bench/booking.py saw
    # a third of the events lost. Pub/sub publishes one message per group; each daphne process,
    # subscribed once per group its connections joined, fans it out in memory (100% delivered in
    # the same run). What we give up: core's per-channel buffering for a consumer that is briefly
    # away, which live pages do not need (a page that reconnects reloads its slots).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # Each process and event loop holds two connections (one subscribing, one
                # publishing), so no pool size to tune. An unreachable Redis fails a send within
                # seconds instead of hanging it (common.realtime also gives each send a deadline).
                "hosts": [{"address": REDIS_URL, "socket_connect_timeout": 2}],
                "prefix": env("CHANNEL_LAYER_PREFIX", default="smc"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Where pages open their WebSockets: empty = the page's own host. A deployment may serve live
# updates from daphne processes of their own ("ws://localhost:8001", "wss://live.example.org"), so
# that a broadcast to hundreds of viewers never shares a process, and its interpreter lock, with the
# requests people wait for (docs/architecture.md, "Two server pools"; bench/booking.py measures
# both layouts). Same code and settings on both pools; only the routing differs.
LIVE_UPDATES_URL = env.str("LIVE_UPDATES_URL", default="").rstrip("/")

# --- Auth ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's model backend, loading the signed-in person with their unread notification count (the
# header's bell) in the same query: notifications/auth.py. Plain ModelBackend stays second so that
# sessions started before it keep working (those pages count unread notifications in a query).
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while the username + address pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "notifications.auth.UnreadCountBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule on passwords: Django calls its `password_changed` after every saved password change
    # (change and reset pages, admin, API, `changepassword`), which revokes the person's API tokens.
    {"NAME": "accounts.passwords.RevokeApiTokensOnPasswordChange"},
]

# --- Login lock-out, throttles, second factor ---------------------------------
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# After SMC_LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused (even with the right password) for SMC_LOGIN_COOLOFF_MINUTES; pages and the token API alike.
# The attempts live in the database, so every server process sees them.
AXES_FAILURE_LIMIT = env.int("SMC_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("SMC_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # only failures are needed for the lock-out
AXES_VERBOSE = False  # no start-up banner on stderr: `manage.py check` must print nothing
AXES_LOCKOUT_CALLABLE = "frontend.views.lockout.locked_out"
# Attempts per address (or per person, when logged in) and period, shared by the API throttles
# (common.throttling, REST_FRAMEWORK below) and the pages' (frontend/throttling.py), in the cache.
THROTTLE_RATES = {
    "login": env.str("SMC_RATE_LOGIN", default="20/min"),
    "signup": env.str("SMC_RATE_SIGNUP", default="10/hour"),
    "password_reset": env.str("SMC_RATE_PASSWORD_RESET", default="5/hour"),
    "matching": env.str("SMC_RATE_MATCHING", default="60/min"),
    "search": env.str("SMC_RATE_SEARCH", default="120/min"),
    "scheduler": env.str("SMC_RATE_SCHEDULER", default="10/hour"),
}
# Reset mails to one address, whoever asks: a flood of them is the abuse.
THROTTLE_RATES["password_reset_address"] = env.str("SMC_RATE_PASSWORD_RESET_PER_ADDRESS", default="3/hour")
# Second factor (django-otp): the issuer name shown in authenticator apps.
OTP_TOTP_ISSUER = env.str("SMC_OTP_ISSUER", default="Solutions Meet Cities")

# --- Audit trail ---------------------------------------------------------------
# https://django-auditlog.readthedocs.io/en/latest/usage.html#settings
# django-auditlog writes one LogEntry (actor, time, object, fields old -> new) per create, update and
# delete of the models below; staff read them at /staff/audit/ (frontend/views/audit.py). Chosen:
# the records whose changes staff and organisation admins answer for. Left out: rows that keep
# their own history (Meeting -> MeetingEvent, Proposal stages -> ProposalStageChange), rows written
# in bulk or by machines (claims, slots, search terms, notifications, activity), and invitations and
# join requests, whose effect is recorded on the person (organisation, role) and whose text names
# people who may never have had an account here.
# Never stored: secrets and credentials (password hashes, token digests and keys; second-factor
# devices and calendar feeds are not registered at all), and a person's own contact details (names,
# addresses), so that deleting an account (privacy.services.delete_account) leaves none behind.
_NOT_AUDITED = ["created_at", "updated_at"]
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "accounts.Organisation", "exclude_fields": _NOT_AUDITED},
    {
        "model": "accounts.User",
        # Memberships and rights only: what makes a person able to act for an organisation or staff.
        "include_fields": [
            "organisation",
            "organisation_role",
            "is_active",
            "is_staff",
            "is_superuser",
            "email_verified",
            "erased_at",
        ],
    },
    # Applications and their fee figures (the fee is computed from them, accounts/fees.py).
    {"model": "accounts.MembershipApplication", "exclude_fields": _NOT_AUDITED},
    # Which tokens existed and when they expire; never the digest or the key that finds it.
    {"model": "accounts.ApiToken", "exclude_fields": ["digest", "token_key", "last_used"]},
    {"model": "solutions.Solution", "exclude_fields": [*_NOT_AUDITED, "search_vector", "search_head"]},
    {"model": "solutions.BestCase", "exclude_fields": _NOT_AUDITED},
    {"model": "cities.Need", "exclude_fields": _NOT_AUDITED},
    {"model": "cities.SmartCityPlan", "exclude_fields": _NOT_AUDITED},
    {"model": "cities.ActivatorResultShare", "exclude_fields": _NOT_AUDITED},
    {"model": "events.Event", "exclude_fields": _NOT_AUDITED},
    {"model": "events.EventSession"},
    {"model": "events.EventRegistration", "exclude_fields": _NOT_AUDITED},
    {"model": "events.EventMeeting"},
    {"model": "projects.Proposal", "exclude_fields": _NOT_AUDITED},
)
# Values as JSON (None stays null, numbers stay numbers), not Python reprs.
AUDITLOG_STORE_JSON_CHANGES = True
# No client addresses in the trail: auditlog reads X-Forwarded-For from any client (it does not know
# whether a proxy is configured, SMC_TRUST_PROXY_HEADERS), so the address could be forged, and an
# address is personal data we do not need to answer "who changed what".
AUDITLOG_DISABLE_REMOTE_ADDR = True

# --- Cache -------------------------------------------------------------------
# Throttle counters must be shared by every server process: Redis when REDIS_URL is set, else one
# process's memory (development, the portable tests).
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="smc")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# --- E-mail ----------------------------------------------------------------
# Console by default so password resets work on a fresh machine; EMAIL_URL switches to SMTP.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    EMAIL_BACKEND = "outbox.backends.SMTPBackend"  # Django's, sending outbox messages as rendered
# Seconds an SMTP conversation may stall: the outbox's worker holds the message's row lock while it sends.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Solutions Meet Cities <noreply@localhost>")
# With DEBUG off, a backend that prints, keeps or drops the mail instead of sending it is a start-up
# error (common/checks.py): a password-reset link in the log lets anyone who reads the log take the
# account over. A production-like stack on a developer machine says so explicitly.
EMAIL_OUTSIDE_SMTP_ALLOWED = env.bool("DJANGO_EMAIL_OUTSIDE_SMTP_ALLOWED", default=False)
# The site's public address (scheme + host [+ port]); e-mails build their absolute links from it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Passkeys ----------------------------------------------------------------
# django-otp-webauthn: https://django-otp-webauthn.readthedocs.io/en/latest/reference/settings.html
# A passkey is bound to the relying-party id, the site's domain name (never an IP address: browsers
# refuse those, so passkeys need http://localhost:8000, not 127.0.0.1, in development); changing it
# later makes every registered passkey unusable. Default: the first domain name in ALLOWED_HOSTS.
# The browser reports the page's origin (scheme, host, port), which must be one of
# OTP_WEBAUTHN_ALLOWED_ORIGINS: by default https://<id>, and SITE_URL's origin when its host is the id.


def _is_domain_name(host: str) -> bool:
    name = host.lstrip(".").strip("[]")
    if not name or "*" in name:
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return True
    return False


OTP_WEBAUTHN_RP_ID = env.str(
    "SMC_WEBAUTHN_RP_ID",
    default=next((host.lstrip(".") for host in ALLOWED_HOSTS if _is_domain_name(host)), "localhost"),
)
OTP_WEBAUTHN_RP_NAME = env.str("SMC_WEBAUTHN_RP_NAME", default=OTP_TOTP_ISSUER)
_site = urlsplit(SITE_URL)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "SMC_WEBAUTHN_ORIGINS",
    default=list(
        dict.fromkeys(
            [f"https://{OTP_WEBAUTHN_RP_ID}"]
            + ([f"{_site.scheme}://{_site.netloc}"] if _site.hostname == OTP_WEBAUTHN_RP_ID else [])
        )
    ),
)

# --- Background work (Celery) ------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html (config/celery.py reads CELERY_*).
# Redis is the broker; without REDIS_URL (make run, the SQLite tests) tasks run eagerly in the caller,
# so development needs no worker: an e-mail is then sent in the request, after the commit.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Several deployments (or test runs) may share one Redis: each keeps its queues under its own prefix.
    "global_keyprefix": env.str("CELERY_KEY_PREFIX", default="smc-celery:"),
    # A task a worker took but did not acknowledge (acks_late) goes back to the queue after this long
    # if that worker vanished; the outbox sweep re-queues e-mails much sooner anyway.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # An unreachable Redis fails a hand-over within seconds; the e-mail waits in the outbox for the sweep.
    "socket_connect_timeout": 2,
}
# Handing a task over after a commit tries briefly, then gives up (logged): the request must not hang.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Acknowledge a task only when it has finished, and give it back if its worker process died, so a
# killed worker loses no task (each task is idempotent: running one twice does its work once).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One task reserved per worker process at a time: a long task never holds others back behind it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Nobody reads task results: our tasks record their outcome in the database (the outbox rows).
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Delivering e-mail waits on the database and the mail server far more than it computes: it has a
# queue of its own, served by worker processes with threads (docker compose: `mailer`, `--pool
# threads`), so each process keeps several SMTP conversations going (bench/jobs.py). A worker started
# with `-Q celery,outbox` (compose's `worker`, the tests) serves both queues.
CELERY_OUTBOX_QUEUE = "outbox"
CELERY_TASK_ROUTES = {
    "outbox.tasks.deliver": {"queue": CELERY_OUTBOX_QUEUE},
    "outbox.tasks.deliver_batch": {"queue": CELERY_OUTBOX_QUEUE},
}
# A single beat process (docker compose: `beat`) sends these; any worker runs them.
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.tasks.sweep_outbox", "schedule": 60.0},
    "expire-meeting-requests": {"task": "scheduling.tasks.expire_meeting_requests", "schedule": 3600.0},
    "meeting-reminders": {"task": "scheduling.tasks.send_meeting_reminders", "schedule": 60.0},
    # Scheduler runs whose worker died (no heartbeat) end as failed instead of blocking the event.
    "schedule-runs-sweep": {"task": "events.tasks.sweep_schedule_runs", "schedule": 60.0},
    # Nightly and daily upkeep, at quiet hours (UTC): the matching index rebuilt if anything changed
    # since the last build, search-term counts recounted, long-expired invitations and held
    # applications deleted.
    "match-index-rebuild": {
        "task": "matchmaking.tasks.rebuild_match_index_when_due",
        "schedule": crontab(hour=2, minute=30),
    },
    "search-statistics": {
        "task": "solutions.tasks.refresh_search_statistics",
        "schedule": crontab(hour=3, minute=0),
    },
    "expired-links-cleanup": {
        "task": "accounts.tasks.clean_up_expired_links",
        "schedule": crontab(hour=3, minute=30),
    },
    # The weekly digest, Monday morning (UTC) before Europe's working day.
    "weekly-digest": {
        "task": "digests.tasks.send_weekly_digests",
        "schedule": crontab(hour=5, minute=0, day_of_week=1),
    },
}

# --- Outbox (outbox/) ---------------------------------------------------------
# Attempts to send one e-mail before it is marked failed (staff may retry it from /staff/outbox/), the
# first back-off in seconds (doubled after each failure), and how long a message may stay queued or
# "sending" before the sweep hands it to a worker again (a worker killed mid-send, a broker that was down).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BACKOFF_SECONDS = env.int("OUTBOX_RETRY_BACKOFF_SECONDS", default=30)
OUTBOX_STALE_AFTER_SECONDS = env.int("OUTBOX_STALE_AFTER_SECONDS", default=300)
# Asked, just before sending, which of the messages written ahead of their time are no longer wanted
# (outbox.services.delivery.withdrawal_checks): each takes keys and returns the ones to withdraw.
OUTBOX_WITHDRAWAL_CHECKS = ["scheduling.services.reminders.withdrawn_reminders"]
# How far ahead of its time a meeting reminder is written to the outbox, rendered, and held by a
# worker until it falls due (Celery's eta): thousands due in one minute then cost only their SMTP
# conversations (bench/jobs.py). 0 without a broker: a task run in-process cannot wait for its time.
MEETING_REMINDER_LOOKAHEAD_SECONDS = env.int(
    "MEETING_REMINDER_LOOKAHEAD_SECONDS", default=0 if CELERY_TASK_ALWAYS_EAGER else 150
)

# --- Meeting requests ------------------------------------------------------
# How many requests may wait for an answer at once (scheduling.services.request_caps): from one
# requester (an organisation, or a person asking for themselves) and to one invitee. A requester
# at the cap waits for answers or withdraws a request; an invitee at the cap answers some first.
MEETING_OPEN_REQUESTS_PER_REQUESTER = env.int("MEETING_OPEN_REQUESTS_PER_REQUESTER", default=10)
MEETING_OPEN_REQUESTS_PER_INVITEE = env.int("MEETING_OPEN_REQUESTS_PER_INVITEE", default=20)

# --- Internationalisation --------------------------------------------------
# Stored in UTC; shown in each user's own time zone (accounts.middleware).
LANGUAGE_CODE = "en"
# The interface's languages (common/languages.py), each named in itself for the switcher.
LANGUAGES = [(language.code, language.local_name) for language in product_languages.LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------
# https://whitenoise.readthedocs.io/
STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Serve straight from the apps when no collectstatic has run (development, tests, make run).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Security --------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# X-Forwarded-Proto says "https" only because a proxy of ours wrote it; without one, any client could
# send it and be taken for a secure request. Trusted only when the deployment says a proxy sets it.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
# ".example.org" when LIVE_UPDATES_URL is on another host name (live.example.org): the WebSocket
# handshake must carry the session cookie. Default: the page's own host only.
SESSION_COOKIE_DOMAIN = env.str("DJANGO_SESSION_COOKIE_DOMAIN", default=None)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
# The language switcher's choice for visitors (frontend.views.languages): as private as the session.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Preloading asks browsers to hard-code HTTPS for the domain and all its subdomains, for months after it
# is withdrawn: the owner of the domain opts in, never a default.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload off by default, on purpose (above)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): pages run only our own script and style files, so an injected
# <script> or style="" does nothing even if escaping ever failed. Templates hold no inline code
# (tests/frontend/test_templates.py); WebSockets go to the page's own host or to LIVE_UPDATES_URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *([LIVE_UPDATES_URL] if LIVE_UPDATES_URL else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Django REST Framework -------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header lets anonymous callers get a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON nested deeper than any of our shapes is refused with a 400 (Python's parser would recurse
    # until RecursionError, a 500).
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "common.exceptions.api_exception_handler",
    # Only views that name a `throttle_scope` are throttled (429 with Retry-After); rates above.
    "DEFAULT_THROTTLE_CLASSES": ["common.throttling.ScopeThrottle"],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
}

# --- API tokens (django-rest-knox) -------------------------------------------
# https://jazzband.github.io/django-rest-knox/settings/
# Tokens are stored hashed and expire; a person names each one and may choose a shorter or longer
# life up to API_TOKEN_MAX_TTL_DAYS. "Token <key>" stays the header, as with DRF's tokens before.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 -- a model name, not a secret
# knox's own migrations would create its default token table even though our model replaces it (they
# do not mark it swappable); an unused table that also blocks TRUNCATE of users. Without migrations,
# knox's swapped-out model gets no table.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
API_TOKEN_MAX_TTL_DAYS = env.int("API_TOKEN_MAX_TTL_DAYS", default=365)
if not 1 <= API_TOKEN_TTL_DAYS <= API_TOKEN_MAX_TTL_DAYS:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS must be between 1 and API_TOKEN_MAX_TTL_DAYS.")
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Solutions Meet Cities API",
    "DESCRIPTION": (
        "Matchmaking between smart-city governments and solution providers. "
        "Every error (400, 401, 403, 404, 409, 410, 413) has the shape of the `Error` component."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: no CDN, works offline and under a strict CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The documented request bodies are JSON. The form parsers stay for DRF's browsable forms, but a form
    # cannot say "this body is not an object", so the schema offers JSON only.
    "PARSER_WHITELIST": ["common.parsers.DepthLimitedJSONParser"],
    "ENUM_NAME_OVERRIDES": {
        "RegionEnum": "accounts.enums.Region",
        "SectorEnum": "solutions.enums.Sector",
        "EsgDimensionEnum": "solutions.enums.EsgDimension",
        "CategoryEnum": "accounts.enums.Category",
        "OrganisationRoleEnum": "accounts.enums.OrganisationRole",
        # The product's languages (common/languages.py): original_language, each translation's language.
        "LanguageEnum": "common.languages.CHOICES",
    },
}

# --- Logging ---------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own logger would otherwise print every 4xx twice (its handler and the root's).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "daphne": {"level": "WARNING"},
    },
}

# --- Project ---------------------------------------------------------------
# Matching (docs/concepts.md, "Matching"): where the built index lives, and how recommendations
# weigh text similarity against the structured signals (sectors, region, maturity, ESG).
MATCH_INDEX_DIR = Path(env("SMC_MATCH_INDEX_DIR", default=str(BASE_DIR / "var" / "match-index")))
MATCH_WEIGHTS = {
    "text": env.float("SMC_MATCH_WEIGHT_TEXT", default=0.6),
    "sectors": env.float("SMC_MATCH_WEIGHT_SECTORS", default=0.2),
    "region": env.float("SMC_MATCH_WEIGHT_REGION", default=0.1),
    "maturity": env.float("SMC_MATCH_WEIGHT_MATURITY", default=0.05),
    "esg": env.float("SMC_MATCH_WEIGHT_ESG", default=0.05),
}
# Encode a saved solution's or need's sentence vectors in the background right after the commit
# (matchmaking.receivers); off, the index encodes them itself when it next applies the change.
MATCH_ENCODE_ON_SAVE = env.bool("SMC_MATCH_ENCODE_ON_SAVE", default=True)

MEMBER_SEED_FILE = Path(
    env("SMC_MEMBER_SEED_FILE", default=str(BASE_DIR / "accounts" / "data" / "members_2023.txt"))
)
