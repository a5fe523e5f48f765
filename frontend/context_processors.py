from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest

from accounts.models import JoinRequest
from accounts.selectors import pending_join_request_of


def live_updates(request: HttpRequest) -> dict[str, str]:
    """Where the page's scripts open WebSockets (`settings.LIVE_UPDATES_URL`; empty: this host)."""
    return {"live_updates_url": settings.LIVE_UPDATES_URL}


def pending_join_request(request: HttpRequest) -> dict[str, Callable[[], JoinRequest | None]]:
    """The join request the person waits on, for the banner of the pages where it matters.

    A callable, so only templates that show the banner (`_join_request_banner.html`) run the query.
    """
    return {"pending_join_request": lambda: pending_join_request_of(person=request.user)}
