"""Every WebSocket URL of the project, in one place."""

from common.consumers import NotificationConsumer
from common.routing import websocket_path
from events.routing import websocket_urlpatterns as event_websockets
from scheduling.routing import websocket_urlpatterns as scheduling_websockets

websocket_urlpatterns = [
    websocket_path("ws/notifications/", NotificationConsumer.as_asgi()),
    *scheduling_websockets,
    *event_websockets,
]
