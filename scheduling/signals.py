"""What the meeting workflow tells the rest of the product about meetings.

A signal rather than a call because `cities` depends on `scheduling` (a city may share its Activator
results on accepting a meeting, `cities.models.ActivatorResultShare`): `scheduling` announces that a
meeting was called off and does not know who listens (`cities.receivers` ends the shares made on it).
Sent inside the service's transaction, so what a receiver writes commits or rolls back with the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

from scheduling.models import Meeting

# Sent with: meeting_ids (a list of Meeting ids that were cancelled, declined or expired), reason (a
# sentence for the record, e.g. "The meeting was cancelled.").
meetings_called_off = Signal()


def announce_meetings_called_off(*, meeting_ids: Iterable[int], reason: str) -> None:
    """Send `meetings_called_off` for these meetings (nothing when there are none)."""
    ids = sorted(set(meeting_ids))
    if ids:
        meetings_called_off.send(sender=Meeting, meeting_ids=ids, reason=reason)
