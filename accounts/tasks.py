"""Periodic work of accounts, sent by celery beat (`CELERY_BEAT_SCHEDULE`)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from accounts.services.cleanup import clean_up_expired


@shared_task(
    name="accounts.tasks.clean_up_expired_links",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def clean_up_expired_links() -> dict[str, int]:
    """Delete long-expired invitations and held applications whose link expired (daily); returns
    how many of each. Safe to run twice: a second run finds nothing."""
    cleaned = clean_up_expired()
    return {"invitations": cleaned.invitations, "applications": cleaned.applications}
