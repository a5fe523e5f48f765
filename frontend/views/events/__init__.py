"""Matchmaking events: the list and an event's page, registration and availability, meeting requests
with "whom to ask", the staff schedule (run, preview, fix by hand, publish), agendas (page, print,
.ics), table signs and the CSV export, the live dashboard of the day, feedback and the staff report.

Reads go through `matchmaking.event_selectors`, writes through the event services (run with
`frontend.service_calls.call_service`), exactly as the API does. Forms live in `frontend.forms.events`.

One module per subdomain: `browsing` (list, event page, staff set-up), `registration` (registering,
representatives, availability), `meeting_requests`, `schedule` (staff: runs, draft grid, publishing),
`agendas` (agendas, print, .ics, table signs, CSV), `day` (dashboard, check-in, feedback, report),
with the event lookups they share in `lookups`. This package re-exports every view, which is what
`frontend/urls.py` names.
"""

from frontend.views.events.agendas import (
    event_agenda,
    event_agenda_ics,
    event_agenda_print,
    event_schedule_csv,
    event_table_signs,
)
from frontend.views.events.browsing import (
    event_detail,
    event_edit,
    event_list,
    event_new,
    event_phase,
    event_sessions,
)
from frontend.views.events.day import event_dashboard, event_feedback, event_report
from frontend.views.events.meeting_requests import event_request_answer, event_requests
from frontend.views.events.registration import event_add_representative, event_availability, event_register
from frontend.views.events.schedule import event_run, event_schedule

__all__ = [
    "event_add_representative",
    "event_agenda",
    "event_agenda_ics",
    "event_agenda_print",
    "event_availability",
    "event_dashboard",
    "event_detail",
    "event_edit",
    "event_feedback",
    "event_list",
    "event_new",
    "event_phase",
    "event_register",
    "event_report",
    "event_request_answer",
    "event_requests",
    "event_run",
    "event_schedule",
    "event_schedule_csv",
    "event_sessions",
    "event_table_signs",
]
