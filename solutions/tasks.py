"""Periodic work of the catalogue, sent by celery beat (`CELERY_BEAT_SCHEDULE`)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from solutions.services import refresh_search_statistics as refresh


@shared_task(
    name="solutions.tasks.refresh_search_statistics",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def refresh_search_statistics() -> int:
    """Recount the search terms of published solutions (daily; search ranks rare words higher);
    returns the number of terms. Idempotent: the table is rebuilt in one transaction."""
    return refresh()
