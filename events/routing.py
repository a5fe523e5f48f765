"""The WebSocket URL of matchmaking events; config/routing.py lists it with every other one."""

from common.routing import websocket_path
from events.consumers import EventDashboardConsumer

websocket_urlpatterns = [
    websocket_path("ws/events/<int:event_id>/dashboard/", EventDashboardConsumer.as_asgi()),
]
