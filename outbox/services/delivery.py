"""What a worker does with the outbox: claim a batch of messages (`claim_messages`), send each at
most once per commit of "sent" (`send_claimed`; `deliver_message` for one), and find messages
nobody is sending any more (`claim_stale_messages`).

Why the order in `send_claimed` (docs/concepts.md, "Outbox"): the row is locked
(`SELECT ... FOR UPDATE SKIP LOCKED`) for the whole SMTP conversation and marked sent in the same
transaction before the conversation starts, so the commit right after the server's acceptance is
the only thing that makes it "sent". Another worker holding the same task skips the locked row; a
worker killed before the server accepted the message leaves it unsent (its transaction dies with
its connection) for the next attempt. The one remaining window is between the server's acceptance
and that commit: a worker killed there has delivered a message the database does not know about,
and it is sent again.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from outbox.enums import UNSENT_STATUSES, OutboxStatus
from outbox.messages import email_for
from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# Errors worth another attempt: the mail server refused for now, or could not be reached.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


@dataclass(frozen=True)
class Delivery:
    """What one delivery attempt came to: `status` of the row afterwards ("skipped" if another
    worker has it or it was already sent), and the seconds until the next attempt after a failure."""

    status: str
    retry_in: int | None = None


def retry_delay(attempts: int) -> int:
    """Exponential back-off: the first retry after OUTBOX_RETRY_BACKOFF_SECONDS, then doubling."""
    return int(settings.OUTBOX_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


# A task may start this much before the time its messages are due (the worker's clock against the
# database's): a held message is still claimed then, not left for the sweep.
EARLY_TOLERANCE = timedelta(seconds=2)


@cache
def withdrawal_checks() -> list[Callable[[list[str]], set[str]]]:
    """OUTBOX_WITHDRAWAL_CHECKS, imported: each takes the keys of messages about to be sent and
    returns those it knows are no longer wanted (a reminder of a meeting cancelled or moved since it
    was written ahead of its time)."""
    return [import_string(path) for path in settings.OUTBOX_WITHDRAWAL_CHECKS]


def claim_messages(pks: Iterable[int]) -> list[OutboxMessage]:
    """Count an attempt for each of `pks` that needs sending, is due and that no worker holds, show
    them as "sending" (committed, so a worker that dies mid-batch leaves a trace the sweep and staff
    see), and return them, in `pks`' order. Those the withdrawal checks no longer want are marked
    cancelled instead. Two statements for the whole batch (three with a withdrawal), the checks'
    queries, then one read."""
    pks = list(pks)
    now = timezone.now()
    with transaction.atomic():
        keys = dict(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=pks, status__in=UNSENT_STATUSES, next_attempt_at__lte=now + EARLY_TOLERANCE)
            .values_list("key", "pk")
        )
        withdrawn = {key for check in withdrawal_checks() for key in check(list(keys))}
        if withdrawn:
            OutboxMessage.objects.filter(pk__in=[keys[key] for key in withdrawn]).update(
                status=OutboxStatus.CANCELLED, updated_at=now
            )
        claimed = [pk for key, pk in keys.items() if key not in withdrawn]
        OutboxMessage.objects.filter(pk__in=claimed).update(
            status=OutboxStatus.SENDING, attempts=F("attempts") + 1, updated_at=now
        )
    rows = OutboxMessage.objects.in_bulk(claimed)
    return [rows[pk] for pk in pks if pk in rows]


def send_claimed(row: OutboxMessage, *, connection: BaseEmailBackend | None = None) -> Delivery:
    """Send a message `claim_messages` returned, unless another worker is sending it or has sent it
    since; mark it sent in the transaction that holds its lock during the send. A transient failure
    (SMTP, network) is recorded with the time of the next attempt; after OUTBOX_MAX_ATTEMPTS it is
    marked failed. `connection`: an e-mail backend to send through (a batch's one SMTP connection);
    by default a connection of its own."""
    error: Exception | None = None
    with transaction.atomic():
        if not _mark_sent(row.pk, timezone.now()):
            return Delivery("skipped")
        # Written before the send, committed after it: only the server's acceptance lets it commit.
        try:
            message = email_for(row)
            message.connection = connection  # None: EmailMessage.send opens its own
            message.send()
        except Exception as exc:
            error = exc
            transaction.set_rollback(True)
    if error is None:
        return Delivery(OutboxStatus.SENT)
    return _record_failure(row.pk, error)


def _mark_sent(pk: int, now: datetime) -> bool:
    """Lock message `pk` and mark it sent, in one statement, if it is "sending" and no other worker
    holds it; whether it did. A statement written once (`SENT_SQL`): the ORM's building of the
    same UPDATE cost a worker more CPU per message than the database's part (bench/jobs.py)."""
    with db_connection.cursor() as cursor:
        cursor.execute(
            _sent_sql(db_connection.vendor), [OutboxStatus.SENT, now, now, pk, OutboxStatus.SENDING]
        )
        return bool(cursor.rowcount)


@cache
def _sent_sql(vendor: str) -> str:
    table = db_connection.ops.quote_name(OutboxMessage._meta.db_table)
    # SQLite has no row locks (one writer at a time): the plain UPDATE is its equivalent.
    lock = " FOR UPDATE SKIP LOCKED" if vendor == "postgresql" else ""
    return (
        f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '', updated_at = %s "  # noqa: S608 -- no input in it
        f"WHERE id = (SELECT id FROM {table} WHERE id = %s AND status = %s{lock})"
    )


def deliver_message(*, pk: int, connection: BaseEmailBackend | None = None) -> Delivery:
    """Claim and send outbox message `pk` (`claim_messages`, `send_claimed`): "skipped" if it is
    sent or another worker is sending it."""
    claimed = claim_messages([pk])
    if not claimed:
        return Delivery("skipped")
    return send_claimed(claimed[0], connection=connection)


def _record_failure(pk: int, error: Exception) -> Delivery:
    transient = isinstance(error, TRANSIENT_ERRORS)
    if not transient:  # a bug (a message that cannot be built or encoded): no retry would help
        logger.error("Outbox message %s cannot be sent: %r", pk, error, exc_info=error)
    with transaction.atomic():
        row = OutboxMessage.objects.select_for_update().get(pk=pk)
        row.last_error = f"{type(error).__name__}: {error}"[:2000]
        if transient and row.attempts < settings.OUTBOX_MAX_ATTEMPTS:
            delay = retry_delay(row.attempts)
            row.status, row.next_attempt_at = OutboxStatus.QUEUED, timezone.now() + timedelta(seconds=delay)
            row.save(update_fields=["status", "next_attempt_at", "last_error", "updated_at"])
            logger.warning(
                "Could not send outbox message %s (attempt %d): %s; next attempt in %d s.",
                pk,
                row.attempts,
                row.last_error,
                delay,
            )
            return Delivery(OutboxStatus.QUEUED, retry_in=delay)
        row.status = OutboxStatus.FAILED
        row.save(update_fields=["status", "last_error", "updated_at"])
    logger.warning("Outbox message %s failed after %d attempt(s): %s", pk, row.attempts, row.last_error)
    return Delivery(OutboxStatus.FAILED)


def claim_stale_messages(*, older_than: timedelta | None = None, limit: int = 1000) -> list[int]:
    """The unsent messages due for longer than `older_than` (default OUTBOX_STALE_AFTER_SECONDS) and
    not locked by a worker sending them: their task was lost (a worker killed mid-send, a broker
    that was down, a commit whose hand-over failed). Marks them due now, so the next sweep leaves
    them alone for another period, and returns their ids for new tasks. Two queries."""
    if older_than is None:
        older_than = timedelta(seconds=settings.OUTBOX_STALE_AFTER_SECONDS)
    now = timezone.now()
    with transaction.atomic():
        pks = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status__in=UNSENT_STATUSES, next_attempt_at__lte=now - older_than)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=pks).update(next_attempt_at=now, updated_at=now)
    return pks
