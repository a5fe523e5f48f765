"""Matchmaking events: the list and an event's page, registration, profile and availability, the
attendee list, meeting requests with "whom to ask" (and every request, for staff), the staff
schedule (run, preview, fix by hand, publish), agendas (page, print, .ics), table signs and the CSV
export, the live dashboard of the day, feedback and the staff report.

Reads go through `events.selectors`, writes through the event services (run with
`frontend.service_calls.call_service`), exactly as the API does. Forms live in `frontend.forms.events`.

One module per subdomain: `browsing` (list, event page, staff set-up), `registration` (registering,
profile, representatives, availability), `attendees` (who attends, asking them), `meeting_requests`,
`schedule` (staff: runs, draft grid, publishing), `agendas` (agendas, print, .ics, table signs, CSV),
`day` (dashboard, check-in, feedback, report), with the event lookups they share in `lookups`.
`frontend/urls.py` imports each view from its module.
"""
