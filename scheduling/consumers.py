"""Live booking pages: relays a participant's "slots.taken" / "slots.released" / "slots.changed"
events to everyone viewing its free slots. Read-only; logged-in people only (free slots are too)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.http import Http404

from common.consumers import CLOSE_NOT_AUTHENTICATED, GroupRelayConsumer
from scheduling.realtime import availability_group
from scheduling.selectors import participant_by_key

# 4404 mirrors HTTP 404 in the application-defined close-code range (4000-4999).
CLOSE_NOT_FOUND = 4404


def _participant_exists(key: str) -> bool:
    try:
        participant_by_key(key)
    except Http404:
        return False
    return True


class AvailabilityConsumer(GroupRelayConsumer):
    """Joins the group of the participant in the URL (/ws/availability/<participant_key>/)."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        key = self.scope["url_route"]["kwargs"]["participant_key"]
        if not await database_sync_to_async(_participant_exists)(key):
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.join(availability_group(key))
