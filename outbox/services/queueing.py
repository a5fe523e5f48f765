"""Putting e-mails in the outbox. Every e-mail to a person goes through `enqueue` / `enqueue_many`
from the service whose change causes it: the rows are written in that service's transaction (nothing
is sent for a change that rolled back, and nothing is lost once it committed), and they are handed to
workers after the commit (`outbox.tasks.deliver_batch`, HAND_OVER_BATCH per task). Without a broker
(`make run`, the SQLite tests) the task runs at once, in the committing process."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from email.utils import getaddresses
from typing import NamedTuple

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from outbox.enums import OutboxStatus
from outbox.messages import row_for
from outbox.models import OutboxMessage
from outbox.tasks import deliver_batch

logger = logging.getLogger(__name__)

# Messages per delivery task, sent over one SMTP connection and claimed in one statement. A burst
# (10,000 reminders due in one minute) is still 100 tasks for every worker thread to take; fewer
# claims per message cut a worker's share of the database (bench/jobs.py: 20 a batch 852 msg/s,
# 50 1,046, 100 1,392).
HAND_OVER_BATCH = 100


class KeyedEmail(NamedTuple):
    """An e-mail and the key naming it: what happened, to whom (`"meeting:12:3:meeting.confirmed:to:7"`).
    The same key is never sent twice. `send_at`: not before this time (a reminder written ahead of
    its time); None: at once."""

    key: str
    message: EmailMessage
    send_at: datetime | None = None


def hand_over(pks: Iterable[int], *, send_at: datetime | None = None) -> None:
    """Give the messages to workers, HAND_OVER_BATCH per task, to run at `send_at` if that is still
    ahead (Celery's `eta`: the worker holds the task until then). A broker that cannot be reached is
    logged, not raised: the rows are committed, and the sweep (`outbox.tasks.sweep_outbox`) hands
    them over later."""
    pks = list(pks)
    eta = send_at if send_at is not None and send_at > timezone.now() else None
    for start in range(0, len(pks), HAND_OVER_BATCH):
        batch = pks[start : start + HAND_OVER_BATCH]
        try:
            deliver_batch.apply_async((batch,), eta=eta)
        except Exception:  # kombu's OperationalError, redis' ConnectionError, ...: the sweep retries
            logger.exception("Could not hand outbox messages %s to a worker; the sweep will.", batch)
            return


def _hand_over_keys(keys: list[str]) -> None:
    """Hand the queued messages named `keys` over, one group of tasks per time they are due at."""
    due: defaultdict[datetime, list[int]] = defaultdict(list)
    for pk, next_attempt_at in (
        OutboxMessage.objects.filter(key__in=keys, status=OutboxStatus.QUEUED)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "next_attempt_at")
    ):
        due[next_attempt_at].append(pk)
    for send_at, pks in due.items():
        hand_over(pks, send_at=send_at)


def enqueue_many(emails: Iterable[KeyedEmail]) -> None:
    """Write one outbox row per e-mail in the caller's transaction (one INSERT; a key already in the
    outbox is skipped, so enqueuing twice sends once), then after the commit hand the queued ones to
    workers (held until their `send_at`)."""
    now = timezone.now()
    rows = {}
    for email in emails:
        row = row_for(email.message, key=email.key)
        row.next_attempt_at = max(email.send_at, now) if email.send_at is not None else now
        rows[email.key] = row
    if not rows:
        return
    OutboxMessage.objects.bulk_create(rows.values(), ignore_conflicts=True)
    keys = list(rows)
    # robust: the change is committed whatever happens here; the sweep catches what this misses.
    transaction.on_commit(lambda: _hand_over_keys(keys), robust=True)


def enqueue(message: EmailMessage, *, key: str) -> None:
    """`enqueue_many` for one e-mail."""
    enqueue_many([KeyedEmail(key, message)])


@transaction.atomic
def forget_messages_to(address: str) -> int:
    """Delete the messages addressed to `address` alone (a person deleting their account): the
    queued ones are not sent, and the sent, failed and withdrawn ones no longer keep their name,
    address and what was said to them. A message being sent right now (status "sending") is left
    to finish, and one with other recipients too stays for them. Returns how many were deleted."""
    wanted = address.strip().lower()
    mentions = Q()
    for field in ("to", "cc", "bcc"):
        mentions |= Q(**{f"{field}_text__icontains": wanted})
    candidates = (
        OutboxMessage.objects.exclude(status=OutboxStatus.SENDING)
        .annotate(**{f"{field}_text": Cast(field, TextField()) for field in ("to", "cc", "bcc")})
        .filter(mentions)
        .only("pk", "to", "cc", "bcc")
    )
    pks = [
        row.pk
        for row in candidates.iterator()
        if {found.lower() for _name, found in getaddresses([*row.to, *row.cc, *row.bcc])} == {wanted}
    ]
    if not pks:
        return 0
    deleted, _by_model = (
        OutboxMessage.objects.filter(pk__in=pks).exclude(status=OutboxStatus.SENDING).delete()
    )
    return deleted


def retry_message(*, message: OutboxMessage, actor: AbstractUser) -> OutboxMessage:
    """Staff send a failed message again: queued, its attempts counted afresh, handed to a worker
    after the commit. Only a failed message (locked here) may be retried; anything else is a 400."""
    if not actor.is_staff:
        raise PermissionDenied(_("Only staff retry e-mails."))
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != OutboxStatus.FAILED:
        raise ApplicationError(_("Only a failed e-mail can be retried."))
    locked.status, locked.attempts, locked.next_attempt_at = OutboxStatus.QUEUED, 0, timezone.now()
    locked.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    pk = locked.pk
    transaction.on_commit(lambda: hand_over([pk]), robust=True)
    return locked
