"""The outbox's tasks: deliver a batch of messages over one SMTP connection, deliver one message
(retries, the sweep), and the periodic sweep (beat, every minute) that hands lost messages to
workers again. All are idempotent: a task delivered twice sends once."""

from __future__ import annotations

import contextlib
import logging

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError

from outbox.services.delivery import claim_messages, claim_stale_messages, deliver_message, send_claimed

logger = logging.getLogger(__name__)


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
    bind=True,
    name="outbox.tasks.deliver_batch",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=settings.OUTBOX_MAX_ATTEMPTS,
)
def deliver_batch(self: Task, message_ids: list[int]) -> int:
    """Send several outbox messages over one SMTP connection: claimed together (one statement), then
    each locked, sent and committed as "sent" on its own, as `deliver` does. A connection per message,
    and a claim per message, cost more than the rest of a delivery (bench/jobs.py). A message that
    failed for now gets a `deliver` task of its own after its back-off, and the next message a fresh
    connection. Redelivered (a worker killed mid-batch), the messages already sent are skipped and
    the rest claimed again (an attempt is counted for each message of a claimed batch, sent or not).
    Returns how many were sent."""
    connection = get_connection()
    sent = 0
    try:
        for row in claim_messages(message_ids):
            # Opened here, the backend keeps it open across sends (one it opens itself it closes
            # after the message). Not reachable: the send meets the same error and records it.
            with contextlib.suppress(Exception):
                connection.open()
            delivery = send_claimed(row, connection=connection)
            sent += delivery.status == "sent"
            if delivery.retry_in is None:
                continue
            connection.close()  # refused or dropped: the next message opens a new one
            if self.request.is_eager:
                continue  # as in `deliver`: the row stays queued for the sweep or staff's "Retry"
            try:
                deliver.apply_async((row.pk,), countdown=delivery.retry_in)
            except Exception:  # the broker is down: the row is queued with its time, the sweep has it
                logger.exception("Could not schedule the retry of outbox message %s; the sweep will.", row.pk)
    finally:
        connection.close()
    return sent


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
