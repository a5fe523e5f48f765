"""ASGI entry point: HTTP goes to Django, WebSockets to the Channels router."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 -- needs Django set up first
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 -- needs Django set up first
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402 -- needs Django set up first

from config.routing import websocket_urlpatterns  # noqa: E402 -- needs Django set up first

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The Origin check refuses cross-site WebSocket hijacking; auth gives consumers scope["user"].
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
