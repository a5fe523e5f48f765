"""Every write of scheduling: availability, the meeting workflow, calendar feeds.

Booking safety (Zulip's validate-lock-write): a service that gives a meeting a time checks the
offer, then locks the calendars of every participant involved for the hours it touches
(`lock_calendars`: advisory locks in key order, so two bookings never deadlock and bookings of
other hours do not queue), re-checks them with one overlap query, then writes one
`MeetingAttendance` per participant and commits. On PostgreSQL an exclusion constraint backs the
check up; whichever stops a request, the caller gets a `ConflictError` (409) carrying the invitee's
current free slots, read after the rollback. Events and e-mails go out only after the commit, off
the request thread (`common.realtime`).

Split by subdomain: `availability` (participants, their settings, weekly rules and exceptions),
`claims` (the calendar locks, the overlap check and the attendance rows a meeting's time holds),
`meetings` (the meeting workflow, new times proposed included), `expiry` (requests nobody
answered), `history` (the history rows), `placements` (meetings an event places) and `feeds`
(private calendar feeds). Callers import
from the concrete module.
"""
