from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # Written ahead of its time, then no longer wanted when it fell due (a meeting cancelled or moved).
    CANCELLED = "cancelled", _("Cancelled")


# What a delivery task and the sweep still have to send.
UNSENT_STATUSES = (OutboxStatus.QUEUED, OutboxStatus.SENDING)
