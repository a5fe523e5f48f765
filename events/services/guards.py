"""The two guards every event write starts with: `lock_event` (writes to one event take turns on
its row lock) and `check_phase` (a 400 naming the phases that allow the write). The scheduler and
publishing services use them too."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from events.enums import EventPhase
from events.models import Event


def check_phase(event: Event, allowed: Sequence[str], doing: str) -> None:
    """ApplicationError (400) naming the phases that allow `doing`, unless the event is in one."""
    if event.phase not in allowed:
        phases = ", ".join(EventPhase(p).label.lower() for p in allowed)
        raise ApplicationError(
            _("%(doing)s is possible while the event is %(phases)s; it is %(phase)s.")
            % {"doing": doing, "phases": phases, "phase": event.get_phase_display().lower()}
        )


def lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends: writes to one event take turns."""
    return Event.objects.select_for_update().get(pk=event.pk)
