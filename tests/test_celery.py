"""The Celery application (config/celery.py) and its settings: eager without a broker, the
durability settings, every task found by autodiscovery, the beat schedule."""

import os
import subprocess
import sys

import pytest
from celery.schedules import crontab
from django.conf import settings

from config.celery import app

pytestmark = [pytest.mark.unit, pytest.mark.portable]


def _setting(env: dict[str, str], expression: str) -> str:
    script = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(  # noqa: S603 -- fixed argument list
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_"))}, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_a_broker_tasks_run_in_the_calling_process():
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_DEBUG": "true", "REDIS_URL": ""}

    assert _setting(env, "settings.CELERY_TASK_ALWAYS_EAGER") == "True"


def test_with_redis_tasks_go_to_it():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "true",
        "REDIS_URL": "redis://redis.example.org:6379/0",
    }

    assert _setting(env, "settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL") == (
        "False redis://redis.example.org:6379/0"
    )


def test_tasks_are_acknowledged_late_one_at_a_time_in_json():
    conf = app.conf

    assert (conf.task_acks_late, conf.task_reject_on_worker_lost, conf.worker_prefetch_multiplier) == (
        True,
        True,
        1,
    )
    assert (conf.task_serializer, conf.accept_content) == ("json", ["json"])


def test_every_task_is_registered_with_bounded_retries():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}

    assert sorted(ours) == [
        "accounts.tasks.clean_up_expired_links",
        "digests.tasks.send_weekly_digests",
        "events.tasks.run_schedule",
        "events.tasks.sweep_schedule_runs",
        "matchmaking.tasks.encode_document_vectors",
        "matchmaking.tasks.rebuild_match_index_when_due",
        "outbox.tasks.deliver",
        "outbox.tasks.deliver_batch",
        "outbox.tasks.sweep_outbox",
        "scheduling.tasks.expire_meeting_requests",
        "scheduling.tasks.send_meeting_reminders",
        "solutions.tasks.refresh_search_statistics",
    ]
    assert all(task.max_retries is not None and task.retry_backoff for task in ours.values())


def test_beat_sweeps_every_minute_expires_requests_hourly_and_does_upkeep_at_night():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert schedule == {
        "outbox.tasks.sweep_outbox": 60.0,
        "events.tasks.sweep_schedule_runs": 60.0,
        "scheduling.tasks.expire_meeting_requests": 3600.0,
        "scheduling.tasks.send_meeting_reminders": 60.0,
        "matchmaking.tasks.rebuild_match_index_when_due": crontab(hour=2, minute=30),
        "solutions.tasks.refresh_search_statistics": crontab(hour=3, minute=0),
        "accounts.tasks.clean_up_expired_links": crontab(hour=3, minute=30),
        "digests.tasks.send_weekly_digests": crontab(hour=5, minute=0, day_of_week=1),
    }
