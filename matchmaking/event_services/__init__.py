"""Writes of matchmaking events before the schedule: events and their sessions (slots are
materialised here), phases, registration, representatives' unavailability, meeting requests and
their answers, and the participants' feedback afterwards.

Every service is atomic, checks the actor's right and the event's phase, and calls `full_clean()`
before saving. Live events go out only after the commit (`common.realtime.notify`).

The package splits them by subdomain: `guards` (the event lock and the phase check every write
starts with), `events` (events, sessions, slots and phases), `registration` (registration,
representatives and their unavailability), `meeting_requests` (requests and their answers) and
`feedback` (after the event). Import from the package: this module is its public API.
"""

from matchmaking.event_services.events import (
    EVENT_FIELDS,
    RENUMBER_OFFSET,
    SLOT_SHAPING_FIELDS,
    add_event_session,
    change_event_phase,
    create_event,
    materialise_slots,
    remove_event_session,
    update_event,
)
from matchmaking.event_services.feedback import submit_meeting_feedback
from matchmaking.event_services.guards import check_phase, lock_event
from matchmaking.event_services.meeting_requests import (
    ANSWER_STATUS,
    answer_event_meeting_request,
    request_event_meeting,
)
from matchmaking.event_services.registration import (
    add_representative,
    register_organisation,
    set_unavailable_slots,
)

__all__ = [
    "ANSWER_STATUS",
    "EVENT_FIELDS",
    "RENUMBER_OFFSET",
    "SLOT_SHAPING_FIELDS",
    "add_event_session",
    "add_representative",
    "answer_event_meeting_request",
    "change_event_phase",
    "check_phase",
    "create_event",
    "lock_event",
    "materialise_slots",
    "register_organisation",
    "remove_event_session",
    "request_event_meeting",
    "set_unavailable_slots",
    "submit_meeting_feedback",
    "update_event",
]
