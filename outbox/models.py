from django.db import models
from django.utils import timezone

from common.fields import BoundedTextField
from common.models import TimeStampedModel
from outbox.enums import OutboxStatus


class OutboxMessage(TimeStampedModel):
    """One e-mail to a person, written in the same transaction as the change that causes it and
    delivered by a worker (`outbox.tasks.deliver`). `key` names the message (what happened, to whom):
    a second message with the same key is never written, and its Message-ID header is derived from
    it, so a copy that did arrive twice is recognisable as the same message."""

    key = models.CharField(max_length=255, unique=True)
    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list)
    bcc = models.JSONField(default=list)
    reply_to = models.JSONField(default=list)
    subject = models.CharField(max_length=998)  # RFC 5322's longest line
    body = BoundedTextField(max_length=100_000)
    # [{"content": str, "mimetype": str}]: an HTML part beside the text, e.g. Django's password reset.
    alternatives = models.JSONField(default=list)
    # [{"filename": str, "content": str, "mimetype": str, "base64": bool}]: the meetings' .ics files.
    attachments = models.JSONField(default=list)
    headers = models.JSONField(default=dict)
    # The MIME message, rendered when the row was written (`outbox.messages.row_for`); sent as is.
    rendered = models.BinaryField(null=True, editable=False)
    # Its SMTP envelope, worked out then: {"from": address, "to": [address, ...]} (outbox.backends).
    envelope = models.JSONField(null=True, editable=False)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = BoundedTextField(max_length=2000, blank=True)
    # When a worker should next try it: now when queued, the time it falls due for a message written
    # ahead (a reminder), later after a failure (back-off); no worker sends it earlier. The sweep
    # hands a message to a worker again once this lies OUTBOX_STALE_AFTER_SECONDS in the past.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["-created_at"], name="outbox_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=OutboxStatus.SENT) | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]
