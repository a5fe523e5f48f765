"""Periodic work of the matching engine, sent by celery beat (`CELERY_BEAT_SCHEDULE`)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError
from filelock import Timeout

from matchmaking.services import rebuild_match_index_if_due


@shared_task(
    name="matchmaking.tasks.rebuild_match_index_when_due",
    autoretry_for=(DatabaseError, Timeout),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def rebuild_match_index_when_due() -> int | None:
    """Rebuild the matching index if a solution or need changed since the last build (nightly);
    returns the new generation, or None when nothing changed. Safe to run twice: the second run
    finds the index current."""
    build = rebuild_match_index_if_due()
    return build.generation if build is not None else None


@shared_task(
    name="matchmaking.tasks.encode_document_vectors",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def encode_document_vectors(doc_ids: list[str]) -> int:
    """Store the sentence vectors of these solutions/needs (`matchmaking.vectors`), so the index's
    upsert finds them instead of encoding during a request; returns how many passages were encoded
    (0 when every one was stored already: the task is idempotent)."""
    from matchmaking.vectors import encode_documents  # noqa: PLC0415 -- loads the encoder in workers only

    return encode_documents(doc_ids)
