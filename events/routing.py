"""The WebSocket URL of matchmaking events; config/routing.py lists it with every other one."""

from django.urls import path

from events.consumers import EventDashboardConsumer

websocket_urlpatterns = [
    path("ws/events/<int:event_id>/dashboard/", EventDashboardConsumer.as_asgi()),
]
