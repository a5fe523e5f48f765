from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from common.realtime import user_group

# 4401 mirrors HTTP 401 in the application-defined close-code range (4000-4999).
CLOSE_NOT_AUTHENTICATED = 4401


class GroupRelayConsumer(AsyncWebsocketConsumer):
    """A read-only socket that joins one channel-layer group and forwards its `relay.event`s.

    Subclasses decide in `connect` who may listen to which group, then call `join(group)`.
    """

    group: str | None = None

    async def join(self, group: str) -> None:
        self.group = group
        await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels wraps every handler in a thread hop that closes stale database connections;
        # relaying never touches the database, and with hundreds of viewers of one booking page
        # that hop was a third of the server's CPU per broadcast (bench/booking.py).
        if message["type"] == "relay.event":
            await self.relay_event(message)
            return
        await super().dispatch(message)

    async def relay_event(self, message: dict[str, Any]) -> None:
        # `text`: the frame as `common.realtime.send_to_group` encoded it once for the whole group.
        await self.send(text_data=message["text"])


class NotificationConsumer(GroupRelayConsumer):
    """Relays the events `notify()` sends to the logged-in user. Read-only: it never writes."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        await self.join(user_group(user.pk))
