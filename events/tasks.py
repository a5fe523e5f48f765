"""The events app's tasks: solve a queued scheduler run, and the periodic sweep (beat, every minute)
that marks runs whose worker died as failed and hands over again the runs whose hand-over was lost.
Both are safe to deliver twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from events.models import ScheduleRun
from events.selectors.schedule import stranded_schedule_run_ids
from events.services.scheduler import MAX_TIME_LIMIT_S, execute_schedule_run, fail_stale_schedule_runs

logger = logging.getLogger(__name__)


@shared_task(
    name="events.tasks.run_schedule",
    # The database was briefly unreachable before the run was claimed: try again (1 s, 2 s, 4 s).
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
    # Far beyond any run's own limit: a worker stuck in it is killed, and the sweep fails the run.
    time_limit=MAX_TIME_LIMIT_S + 300,
)
def run_schedule(run_id: int) -> str:
    """Execute scheduler run `run_id` (`events.services.scheduler.execute_schedule_run`); a run that
    is no longer queued (a second delivery, a cancel) is left as it is. Returns its status."""
    run = ScheduleRun.objects.filter(pk=run_id).first()
    if run is None:  # its event was deleted meanwhile
        return "gone"
    return execute_schedule_run(run=run).status


@shared_task(
    name="events.tasks.sweep_schedule_runs",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def sweep_schedule_runs() -> int:
    """Mark failed every running run without a heartbeat for a while (returns how many), and hand
    over again every run still queued `EVENT_SCHEDULER_REQUEUE_AFTER_S` after it was started: the
    broker was down when it was queued, so without this it would wait, blocking its event, until
    staff cancelled it. A run a worker claims meanwhile makes the second delivery a no-op."""
    failed = fail_stale_schedule_runs()
    waited = timezone.now() - timedelta(seconds=settings.EVENT_SCHEDULER_REQUEUE_AFTER_S)
    for pk in stranded_schedule_run_ids(queued_before=waited):
        logger.warning("Scheduler run %s is still queued; handing it to a worker again.", pk)
        run_schedule.delay(pk)
    return failed
