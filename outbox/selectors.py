from __future__ import annotations

from django.db.models import Count, QuerySet

from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage


def outbox_messages(*, status: str = "") -> QuerySet[OutboxMessage]:
    """The outbox, newest first, in one status or all (an unknown status: all). Leaves out the
    bodies and attachments, which a list never shows."""
    messages = OutboxMessage.objects.defer("body", "alternatives", "attachments", "headers")
    if status in OutboxStatus.values:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-pk")


def outbox_counts() -> dict[str, int]:
    """How many messages are in each status (every status present, 0 if none). One query."""
    counts = dict.fromkeys(OutboxStatus.values, 0)
    for row in OutboxMessage.objects.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts
