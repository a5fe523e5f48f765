"""The two guards every event write starts with: `lock_event` (writes to one event take turns on
its row lock) and `check_phase` (a 400 naming the phases that allow the write). The scheduler and
publishing services use them too."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.exceptions import ApplicationError
from events.enums import EventPhase
from events.models import Event


def check_phase(event: Event, allowed: Sequence[str], doing: str) -> None:
    """ApplicationError (400) naming the phases that allow `doing`, unless the event is in one."""
    if event.phase not in allowed:
        # Labels as they are, quoted, in a translated list ("a, b or c"), and `doing` before a colon:
        # no lower-cased label or noun phrase has to agree with the sentence around it.
        quote = pgettext("quoted phase name", "“%(phase)s”")
        quoted = [quote % {"phase": EventPhase(p).label} for p in allowed]
        phases = get_text_list(quoted, _("or"))
        raise ApplicationError(
            _("%(doing)s: possible only while the event's phase is %(phases)s. Its phase now is “%(phase)s”.")
            % {"doing": doing, "phases": phases, "phase": event.get_phase_display()}
        )


def lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends: writes to one event take turns."""
    return Event.objects.select_for_update().get(pk=event.pk)
