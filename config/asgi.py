"""ASGI entry point: HTTP goes to Django, WebSockets to the Channels router."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 -- needs Django set up first
from channels.routing import ProtocolTypeRouter  # noqa: E402 -- needs Django set up first
from django.urls import get_resolver  # noqa: E402 -- needs Django set up first

from common.routing import OriginValidator, websocket_router  # noqa: E402 -- needs Django set up first
from config.routing import websocket_urlpatterns  # noqa: E402 -- needs Django set up first

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The Origin check (scheme, host and port) refuses cross-site WebSocket hijacking; auth gives
        # consumers scope["user"].
        "websocket": OriginValidator(AuthMiddlewareStack(websocket_router(websocket_urlpatterns))),
    }
)

# Everything loaded at start-up (Django, every view module and what it imports: numpy, scikit-learn,
# OR-Tools; hundreds of thousands of objects) lives as long as the process. Import the views now
# rather than on the first request, then freeze all of it, so the cyclic garbage collector stops
# walking it on every full collection: without this, full collections paused a daphne process for
# 50-180 ms, the slowest answers in bench/booking.py (CPython docs: gc.freeze).
get_resolver().url_patterns  # noqa: B018 -- evaluated for its side effect: imports every URLconf and view
gc.freeze()
