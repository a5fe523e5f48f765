"""The outbox's tasks: deliver one message, and the periodic sweep (beat, every minute) that hands
lost messages to workers again. Both are idempotent: a task delivered twice sends once."""

from __future__ import annotations

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError

from outbox.services.delivery import claim_stale_messages, deliver_message


@shared_task(
    bind=True,
    name="outbox.tasks.deliver",
    # The database was briefly unreachable: try again with back-off (1 s, 2 s, 4 s, ... at most 5 min).
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=settings.OUTBOX_MAX_ATTEMPTS,
)
def deliver(self: Task, message_id: int) -> str:
    """Send outbox message `message_id` (`outbox.services.delivery.deliver_message`); after a mail
    server failure, retry with exponential back-off until OUTBOX_MAX_ATTEMPTS, then it is failed."""
    delivery = deliver_message(pk=message_id)
    # Run eagerly (no broker), a retry would make the committing request wait through every back-off:
    # the row stays queued with its error instead, for the sweep or staff's "Retry".
    if delivery.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=delivery.retry_in, max_retries=settings.OUTBOX_MAX_ATTEMPTS)
    return delivery.status


@shared_task(
    name="outbox.tasks.sweep_outbox",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def sweep_outbox() -> int:
    """Hand every message nobody is sending any more to a worker again; returns how many."""
    pks = claim_stale_messages()
    for pk in pks:
        deliver.delay(pk)
    return len(pks)
