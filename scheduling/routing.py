"""The WebSocket URL of scheduling; config/routing.py lists it with every other one."""

from django.urls import path

from scheduling.consumers import AvailabilityConsumer

websocket_urlpatterns = [
    path("ws/availability/<str:participant_key>/", AvailabilityConsumer.as_asgi()),
]
