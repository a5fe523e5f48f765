"""Reads of matchmaking events, with who-may-see-and-do-what in one place.

Roles: staff (Django `is_staff`) run events; a person speaks for a registration when they belong to
its organisation. Everyone may see events; registrations' requests and agendas are seen by their
organisation's people and staff; the draft schedule, runs and the dashboard by staff only.

The solver's view of an event, and when a registration cannot meet, are described in `schedule`.
Split by subdomain: `access` (who may do what), `events` (events, sessions, slots, registrations),
`meeting_requests` (requests and whom to ask), `schedule` (the solver's view, the draft, runs,
agendas), `day_and_after` (check-in, dashboard, feedback, report). Callers import this package
(`from matchmaking import event_selectors as selectors`); every public name is re-exported here.
"""

from matchmaking.event_selectors.access import (
    can_see_registration,
    check_staff,
    is_event_staff,
    speaks_for,
)
from matchmaking.event_selectors.day_and_after import (
    Bar,
    check_in_list,
    dashboard_counts,
    event_report,
    feedback_by_meeting,
)
from matchmaking.event_selectors.events import (
    access_event,
    access_event_for_staff,
    access_registration,
    access_representative,
    can_manage_representative,
    event_by_pk,
    event_by_slug,
    events_listed,
    own_registration,
    registration_of,
    registrations_of,
    representatives_of,
    sessions_of,
    slot_at,
    slots_of,
    viewer_registration,
)
from matchmaking.event_selectors.meeting_requests import (
    Suggestion,
    access_request_for_answer,
    paired_registrations,
    requests_of,
    requests_received,
    requests_sent,
    status_shown_to,
    whom_to_ask,
)
from matchmaking.event_selectors.schedule import (
    GridRow,
    access_event_meeting,
    access_event_meeting_for_staff,
    access_run,
    agenda_of,
    draft_grid,
    event_meetings_to_schedule,
    latest_run,
    other_side,
    running_run,
    runs_of,
    schedule_of,
    session_ranges,
    table_signs,
    unavailable_slots_by_registration,
)

__all__ = [
    "Bar",
    "GridRow",
    "Suggestion",
    "access_event",
    "access_event_for_staff",
    "access_event_meeting",
    "access_event_meeting_for_staff",
    "access_registration",
    "access_representative",
    "access_request_for_answer",
    "access_run",
    "agenda_of",
    "can_manage_representative",
    "can_see_registration",
    "check_in_list",
    "check_staff",
    "dashboard_counts",
    "draft_grid",
    "event_by_pk",
    "event_by_slug",
    "event_meetings_to_schedule",
    "event_report",
    "events_listed",
    "feedback_by_meeting",
    "is_event_staff",
    "latest_run",
    "other_side",
    "own_registration",
    "paired_registrations",
    "registration_of",
    "registrations_of",
    "representatives_of",
    "requests_of",
    "requests_received",
    "requests_sent",
    "running_run",
    "runs_of",
    "schedule_of",
    "session_ranges",
    "sessions_of",
    "slot_at",
    "slots_of",
    "speaks_for",
    "status_shown_to",
    "table_signs",
    "unavailable_slots_by_registration",
    "viewer_registration",
    "whom_to_ask",
]
