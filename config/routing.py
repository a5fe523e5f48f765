"""Every WebSocket URL of the project, in one place."""

from django.urls import path

from common.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
