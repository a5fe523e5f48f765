"""The WebSocket URL of scheduling; config/routing.py lists it with every other one."""

from common.routing import websocket_path
from scheduling.consumers import AvailabilityConsumer

websocket_urlpatterns = [
    websocket_path("ws/availability/<str:participant_key>/", AvailabilityConsumer.as_asgi()),
]
