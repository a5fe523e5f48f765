"""The session backend that loads the signed-in person with their unread count.

The header's bell shows the count on every page; loading it with the user row (a correlated
subquery on the inbox index) costs no query of its own, where a context processor would add one
to every page a signed-in person opens.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from notifications.models import Notification

UNREAD_ATTRIBUTE = "unread_notification_count"


class UnreadCountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(unread=Count("pk"))
            .values("unread")
        )
        user = (
            User.objects.annotate(
                **{UNREAD_ATTRIBUTE: Coalesce(Subquery(unread, output_field=IntegerField()), 0)}
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
