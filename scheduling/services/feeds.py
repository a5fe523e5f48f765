"""Private calendar feeds: the secret token behind a user's iCalendar feed URL."""

from __future__ import annotations

import secrets

from django.db import transaction

from accounts.models import User
from scheduling.models import CalendarFeed


@transaction.atomic
def rotate_calendar_feed(*, user: User) -> CalendarFeed:
    """A new secret feed token for `user`; the previous URL stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> None:
    """No feed for `user` any more (a later rotate makes a new one)."""
    CalendarFeed.objects.filter(user=user).delete()
