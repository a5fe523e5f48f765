from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from common.realtime import user_group

# 4401 mirrors HTTP 401 in the application-defined close-code range (4000-4999).
CLOSE_NOT_AUTHENTICATED = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Relays the events `notify()` sends to the logged-in user. Read-only: it never writes."""

    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def relay_event(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": message["event"], "payload": message["payload"]})
