"""Per-user live events over Channels.

`notify(user, type, payload)` queues an event that is sent only after the surrounding
transaction commits (Zulip's rule: never announce what might be rolled back). If the
channel layer is unreachable the write still stands; the event is logged and dropped,
and pages show fresh data on reload.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    """The channel-layer group every connection of one user joins."""
    return f"notifications.user.{user_id}"


def send_to_group(group: str, event_type: str, payload: dict[str, Any]) -> bool:
    """Send one event to a group now. Returns False (and logs) if the layer is down."""
    layer = get_channel_layer()
    if layer is None:
        return False
    message = {"type": "relay.event", "event": event_type, "payload": payload}
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # the layer's errors vary by backend (ConnectionError, OSError, redis errors)
        logger.exception("Could not deliver %s to %s; the change itself is saved.", event_type, group)
        return False
    return True


def notify(user: Any, event_type: str, payload: dict[str, Any]) -> None:
    """Deliver `event_type` with `payload` to every open connection of `user`, after commit."""
    group = user_group(user.pk)
    transaction.on_commit(lambda: send_to_group(group, event_type, payload))
