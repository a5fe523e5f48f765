"""Periodic work of on-demand meetings, sent by celery beat (`CELERY_BEAT_SCHEDULE`)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from scheduling.services.expiry import expire_unanswered_requests
from scheduling.services.reminders import send_due_reminders


@shared_task(
    name="scheduling.tasks.expire_meeting_requests",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def expire_meeting_requests() -> int:
    """Expire the meeting requests nobody answered in time (hourly); returns how many. Safe to run
    twice: a second run finds nothing due."""
    return len(expire_unanswered_requests())


@shared_task(
    name="scheduling.tasks.send_meeting_reminders",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def send_meeting_reminders() -> int:
    """Put the meeting reminders and follow-ups now due in the outbox (every minute); returns how
    many. Safe to run twice or late: each message's key is written once, and a message stays due
    for MEETING_REMINDER_LOOKBACK_MINUTES."""
    return send_due_reminders()
