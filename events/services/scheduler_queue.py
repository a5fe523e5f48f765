"""Scheduler runs off the request: the page and the API record a queued run and hand it to a Celery
worker after the commit (`events.tasks.run_schedule`), then answer at once. Without a broker
(`make run`, the tests) the task runs eagerly, in the committing process, after the commit."""

from __future__ import annotations

import logging

from django.db import transaction

from accounts.models import User
from events.models import Event, ScheduleRun
from events.services.scheduler import start_schedule_run
from events.tasks import run_schedule

logger = logging.getLogger(__name__)


def hand_over_run(pk: int) -> None:
    """Give the run to a worker. A broker that cannot be reached is logged, not raised: the run stays
    queued, and the beat sweep hands it over again (`events.tasks.sweep_schedule_runs`)."""
    try:
        run_schedule.delay(pk)
    except Exception:  # kombu's OperationalError, redis' ConnectionError, ...
        logger.exception("Could not hand scheduler run %s to a worker; the sweep will.", pk)


@transaction.atomic
def queue_schedule_run(*, event: Event, actor: User, time_limit_s: float | None = None) -> ScheduleRun:
    """`start_schedule_run` (same checks: staff, phase, time limit, one active run per event), then
    after the commit a worker solves it."""
    run = start_schedule_run(event=event, actor=actor, time_limit_s=time_limit_s)
    pk = run.pk
    # robust: the run is committed whatever happens here; staff see it queued and may cancel it.
    transaction.on_commit(lambda: hand_over_run(pk), robust=True)
    return run
