"""Writes of matchmaking events. Every service is atomic, checks the actor's right and the event's
phase (`guards`), and calls `full_clean()` before saving; live events go out only after the commit.

Split by subdomain; import from the concrete module: `guards` (the event lock and the phase check
every write starts with), `setup` (events, sessions, slots and phases), `registration`
(registration, representatives and their unavailability), `requests` (meeting requests and their
answers), `scheduler` (scheduler runs, draft edits, pins), `publishing` (publishing the draft),
`day` (check-in, meeting outcomes and moves on the day), `meeting_rows` (the scheduling meetings
publishing and moves create through `scheduling.services.claims`), `feedback` (after the event).
"""
