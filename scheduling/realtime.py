"""Live events of booking pages: everyone viewing a participant's availability hears when its slots
are taken or released, after the commit that changed them (`common.realtime` sends them and
survives the channel layer being down)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from common.realtime import send_to_group


def availability_group(participant_key: str) -> str:
    """The channel-layer group of everyone viewing one participant's free slots."""
    return f"availability.{participant_key}"


def broadcast_availability(participant_key: str, event_type: str, payload: dict[str, Any]) -> None:
    """Send `event_type` to the viewers of `participant_key`'s slots once the transaction commits."""
    group = availability_group(participant_key)
    message = {"participant": participant_key, **payload}
    # sent_at (epoch seconds, when the commit was announced) lets clients and bench/booking.py
    # measure delivery time.
    transaction.on_commit(lambda: send_to_group(group, event_type, {**message, "sent_at": time.time()}))


def time_payload(start: datetime, end: datetime, *, buffer_minutes: int = 0) -> dict[str, Any]:
    """A span of time as events carry it: UTC, ISO 8601."""
    return {
        "start": start.astimezone(UTC).isoformat(),
        "end": end.astimezone(UTC).isoformat(),
        "buffer_minutes": buffer_minutes,
    }
