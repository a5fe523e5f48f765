"""A notification is one row per reader: what happened, in a sentence, and the page to act on.

E-mail preferences are exceptions to "every kind also comes by e-mail": a row per person and topic
(a kind such as `meeting.requested`, or a whole group such as `meeting`); the kind's row wins over
its group's, and without either the answer is yes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import LONG_TEXT_LENGTH, BoundedTextField
from notifications.enums import NotificationKind


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    link = models.CharField(
        max_length=500, help_text=_("Site-relative URL of the page where the reader acts.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox")]
        constraints = [
            # A link leaves nobody for another site: "/path", never "//host" or "https://host".
            models.CheckConstraint(
                condition=Q(link__startswith="/") & ~Q(link__startswith="//"),
                name="notification_link_site_relative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (to {self.recipient_id})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    topic = models.CharField(max_length=64, help_text=_("A notification kind, or a group of kinds."))
    by_email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "topic"], name="email_preference_once")]

    def __str__(self) -> str:
        return f"{self.topic}: {'e-mail' if self.by_email else 'no e-mail'} (person {self.person_id})"
