"""Publishing an event's schedule, and the day itself: check-in, meeting status, moving a meeting.

Publishing writes the same rows as on-demand booking (`scheduling.services`): per placed meeting one
confirmed `scheduling.Meeting` (organiser: the requester's organisation participant, invitee: the
receiver's), a `MeetingAttendance` per organisation and a `MeetingEvent` history row. It follows
`scheduling.services.claims._claim`'s order: lock the calendars involved (the same advisory locks as a
booking, see `scheduling.services.lock_calendars`), re-check them, then write inside a savepoint,
where PostgreSQL's exclusion constraint (scheduling/0002) turns any overlap the lock did not see
into an IntegrityError.
Either way the whole publish fails with a 409 (`ConflictError`) naming the clash, and nothing is
written. A republish updates the linked meetings in place (new time: SEQUENCE + 1; dropped from the
agenda: cancelled), like a reschedule or a cancellation.

The package splits it where the work divides: `meeting_rows` (writing and announcing scheduling's
meeting rows, and the clash check; shared by the other two), `publish` (publishing the draft) and
`day` (check-in, meeting outcomes and moves on the day). Import from the package: this module is
its public API.
"""

from matchmaking.event_publishing.day import (
    check_in_representative,
    move_event_meeting,
    place_event_meeting,
    record_event_meeting_status,
)
from matchmaking.event_publishing.publish import (
    MAX_CLASHES_NAMED,
    PublishSummary,
    publish_schedule,
)

__all__ = [
    "MAX_CLASHES_NAMED",
    "PublishSummary",
    "check_in_representative",
    "move_event_meeting",
    "place_event_meeting",
    "publish_schedule",
    "record_event_meeting_status",
]
