"""WebSocket of an event's live staff dashboard (`/ws/events/<id>/dashboard/`): staff only; relays
what the event services broadcast after their commits (`event.checked_in`, `event.meeting_changed`,
`event.published`, `event.phase_changed`, and a scheduler run's `event.run_queued`, `event.run_started`,
`event.run_progress` (about once a second while it solves), `event.run_cancelling`,
`event.run_finished`). Read-only."""

from __future__ import annotations

from channels.db import database_sync_to_async

from common.consumers import CLOSE_NOT_AUTHENTICATED, GroupRelayConsumer
from events.models import Event
from events.realtime import dashboard_group

# 4403 and 4404 mirror HTTP 403 and 404 in the application-defined close-code range (4000-4999).
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


def _event_exists(pk: int) -> bool:
    return Event.objects.filter(pk=pk).exists()


class EventDashboardConsumer(GroupRelayConsumer):
    """Joins the dashboard group of the event in the URL, for staff."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        if not user.is_staff:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        pk = int(self.scope["url_route"]["kwargs"]["event_id"])
        if not await database_sync_to_async(_event_exists)(pk):
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.join(dashboard_group(pk))
