"""Reads of matchmaking events, with who-may-see-and-do-what in one place.

Roles: staff (Django `is_staff`) run events; a person speaks for a registration when they belong to
its organisation. Everyone may see events; registrations' requests and agendas are seen by their
organisation's people and staff; the draft schedule, runs and the dashboard by staff only.

Split by subdomain; import from the concrete module: `access` (who may do what), `setup` (events,
sessions, slots, registrations, representatives), `requests` (meeting requests and whom to ask),
`schedule` (the solver's view of an event, the draft, runs, agendas), `day` (check-in, dashboard,
feedback, the event report).
"""
