from __future__ import annotations

import logging
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from common.realtime import user_group

logger = logging.getLogger(__name__)

# Application-defined close codes (4000-4999) that mirror HTTP statuses.
CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_UNAVAILABLE = 4503


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """Answers a WebSocket address no route matches: the handshake is refused (daphne sends 403),
    where the router alone raised and daphne answered 500."""

    async def connect(self) -> None:
        await self.close(code=CLOSE_NOT_FOUND)


class GroupRelayConsumer(AsyncWebsocketConsumer):
    """A read-only socket that joins one channel-layer group and forwards its `relay.event`s.

    Subclasses decide in `connect` who may listen to which group, then call `join(group)`.
    """

    group: str | None = None
    accepted = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # The handshake needs the channel layer (a channel of its own, then the group). With Redis
        # down that raised, and daphne answered 500: refuse the handshake instead; the page's script
        # retries later. Errors after the socket was accepted are real faults and still raise.
        try:
            await super().__call__(scope, receive, send)
        except Exception:
            if self.accepted:
                raise
            logger.warning("WebSocket %s refused: the channel layer is unreachable.", scope.get("path"))
            await send({"type": "websocket.close", "code": CLOSE_UNAVAILABLE})

    async def join(self, group: str) -> None:
        self.group = group
        await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        self.accepted = True

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
