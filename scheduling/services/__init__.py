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
`meetings` (the meeting workflow) and `feeds` (private calendar feeds). Callers import the services
from here.
"""

from scheduling.services.availability import (
    EXCEPTION_FIELDS,
    PARTICIPANT_SETTINGS_FIELDS,
    RULE_FIELDS,
    create_availability_exception,
    create_availability_rule,
    delete_availability_exception,
    delete_availability_rule,
    ensure_participant,
    update_availability_exception,
    update_availability_rule,
    update_participant_settings,
)
from scheduling.services.claims import LOCK_BUCKET_SECONDS, TAKEN_MESSAGE, lock_calendars
from scheduling.services.feeds import revoke_calendar_feed, rotate_calendar_feed
from scheduling.services.meetings import (
    MAX_PROPOSALS,
    accept_meeting,
    cancel_meeting,
    decline_meeting,
    meeting_payload,
    propose_new_time,
    record_meeting_outcome,
    request_meeting,
    set_video_link,
)

__all__ = [
    "EXCEPTION_FIELDS",
    "LOCK_BUCKET_SECONDS",
    "MAX_PROPOSALS",
    "PARTICIPANT_SETTINGS_FIELDS",
    "RULE_FIELDS",
    "TAKEN_MESSAGE",
    "accept_meeting",
    "cancel_meeting",
    "create_availability_exception",
    "create_availability_rule",
    "decline_meeting",
    "delete_availability_exception",
    "delete_availability_rule",
    "ensure_participant",
    "lock_calendars",
    "meeting_payload",
    "propose_new_time",
    "record_meeting_outcome",
    "request_meeting",
    "revoke_calendar_feed",
    "rotate_calendar_feed",
    "set_video_link",
    "update_availability_exception",
    "update_availability_rule",
    "update_participant_settings",
]
