"""REST API of matchmaking events: one view per workflow operation, small serializers, every list
paginated. Reads go through `events.selectors`, writes through `events.services`; staff-only
operations fetch through a staff check first, so others get 403 before any input is validated.

Split by subdomain: `setup` (events, phases, registration), `requests` (requests and whom to ask),
`schedule` (scheduler runs, the draft and its edits, publishing, agendas), `day` (check-in, day
statuses, feedback); `common` holds what they share. `events/urls.py` routes to them.
"""
