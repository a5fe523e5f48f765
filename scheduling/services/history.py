"""A meeting's history: one `MeetingEvent` row per change (nothing is ever deleted), written here
for on-demand meetings and for meetings an event places alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from scheduling.models import Meeting, MeetingEvent


def history_entry(
    meeting: Meeting,
    *,
    actor: User | AnonymousUser | None,
    action: str,
    note: str = "",
    proposed: Sequence[tuple[datetime, datetime]] = (),
) -> MeetingEvent:
    """The (unsaved) history row of `action` on `meeting` as it stands now: its status, time and
    sequence after the change, and the times it `proposed` for the other side to pick, if any."""
    return MeetingEvent(
        meeting=meeting,
        actor=actor if isinstance(actor, User) and actor.is_authenticated else None,
        action=action,
        status=meeting.status,
        start=meeting.start,
        end=meeting.end,
        sequence=meeting.sequence,
        note=note,
        proposed=[
            {"start": start.astimezone(UTC).isoformat(), "end": end.astimezone(UTC).isoformat()}
            for start, end in proposed
        ],
    )


def record_history(entries: Iterable[MeetingEvent]) -> list[MeetingEvent]:
    """Save history rows built by `history_entry`: one insert, however many."""
    return MeetingEvent.objects.bulk_create(list(entries))
