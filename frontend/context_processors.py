from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.models import JoinRequest
from accounts.selectors import pending_join_request_of
from notifications.auth import UNREAD_ATTRIBUTE
from notifications.selectors import unread_count


def live_updates(request: HttpRequest) -> dict[str, str]:
    """Where the page's scripts open WebSockets (`settings.LIVE_UPDATES_URL`; empty: this host)."""
    return {"live_updates_url": settings.LIVE_UPDATES_URL}


def pending_join_request(request: HttpRequest) -> dict[str, Callable[[], JoinRequest | None]]:
    """The join request the person waits on, for the banner of the pages where it matters.

    A callable, so only templates that show the banner (`_join_request_banner.html`) run the query.
    """
    return {"pending_join_request": lambda: pending_join_request_of(person=request.user)}


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
