"""The Celery application: background work (e-mail delivery, periodic jobs) off the request.

Redis (`REDIS_URL`) is the broker; every setting is a `CELERY_*` name in `config/settings/base.py`.
Without `REDIS_URL` (`make run`, the SQLite tests) tasks run eagerly in the calling process
(`CELERY_TASK_ALWAYS_EAGER`). Tasks live in each app's `tasks.py`, found by autodiscovery.

    celery -A config worker --loglevel=INFO     # one worker (docker compose: the `worker` service)
    celery -A config beat --loglevel=INFO       # the periodic schedule (`beat` service): run ONE
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("smc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
