from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.auth import UNREAD_ATTRIBUTE
from notifications.selectors import unread_count


def live_updates(request: HttpRequest) -> dict[str, str]:
    """Where the page's scripts open WebSockets (`settings.LIVE_UPDATES_URL`; empty: this host)."""
    return {"live_updates_url": settings.LIVE_UPDATES_URL}


def notification_bell(request: HttpRequest) -> dict[str, Any]:
    """The header bell's unread count for a signed-in person: loaded with the user row by
    `notifications.auth.UnreadCountBackend`, else (an older session) counted when the page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    loaded = getattr(user, UNREAD_ATTRIBUTE, None)
    if loaded is not None:
        return {"unread_notifications": loaded}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(recipient=user))}
