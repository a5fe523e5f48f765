"""The events app's tasks: solve a queued scheduler run, and the periodic sweep (beat, every minute)
that marks runs whose worker died as failed. Both are safe to deliver twice."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from events.models import ScheduleRun
from events.services.scheduler import MAX_TIME_LIMIT_S, execute_schedule_run, fail_stale_schedule_runs


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
    """Mark failed every running run without a heartbeat for a while; returns how many."""
    return fail_stale_schedule_runs()
