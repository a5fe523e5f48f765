from django.conf import settings
from django.http import HttpRequest


def live_updates(request: HttpRequest) -> dict[str, str]:
    """Where the page's scripts open WebSockets (`settings.LIVE_UPDATES_URL`; empty: this host)."""
    return {"live_updates_url": settings.LIVE_UPDATES_URL}
