"""Live events of an event's staff dashboard: check-ins and meeting changes, sent after the commit
that made them to the channel-layer group every open dashboard of the event joined
(`matchmaking.consumers.EventDashboardConsumer`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from common.realtime import send_to_group


def dashboard_group(event_id: int) -> str:
    """The channel-layer group of everyone watching one event's dashboard."""
    return f"event-{event_id}-dashboard"


def broadcast_dashboard(event_id: int, event_type: str, payload: dict[str, Any]) -> None:
    """Send `event_type` to the event's open dashboards once the surrounding transaction commits."""
    group = dashboard_group(event_id)
    message = {"event": event_id, **payload}
    transaction.on_commit(lambda: send_to_group(group, event_type, message))
