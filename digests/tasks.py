"""Periodic work of the weekly digest, sent by celery beat (`CELERY_BEAT_SCHEDULE`)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from digests.services import send_weekly_digests as send


@shared_task(
    name="digests.tasks.send_weekly_digests",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def send_weekly_digests() -> int:
    """Put this week's digests in the outbox (Mondays); returns how many. Safe to run twice: each
    person's digest of an ISO week has one key, written once."""
    return send()
