"""Meetings placed on both sides' behalf, as a matchmaking event's agenda places them: created
confirmed, moved, or taken off the agenda in bulk. Each change claims or releases the attendees'
time through `claims` (the same rows and booking-page updates as an on-demand booking) and writes
one history row each through `history`.

Callers lock the calendars involved (`claims.lock_calendars`) and check them
(`scheduling.selectors.active_claims_during`) before calling; PostgreSQL's exclusion constraint
backs the check up with an IntegrityError. A fixed number of queries, however many meetings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from scheduling.enums import MeetingAction, MeetingStatus
from scheduling.models import Meeting, Participant
from scheduling.services.claims import claim_times, release_meeting_times
from scheduling.services.history import history_entry, record_history

# Rows the caller names are at hand; the database enforces uniqueness and constraints.
_UNCHECKED = ["organiser", "invitee", "requested_by", "accepted_by"]


@dataclass(frozen=True)
class NewPlacedMeeting:
    """A confirmed meeting to create: its two sides, who asked and answered, its time, and everyone
    whose calendar it takes (both sides included)."""

    organiser: Participant
    invitee: Participant
    requested_by: User
    accepted_by: User | None
    subject: str
    message: str
    start: datetime
    end: datetime
    video_link: str
    attendees: Sequence[Participant]
    note: str


@dataclass(frozen=True)
class PlacedMeetingMove:
    """A placed meeting's new time (or its return to the agenda), and who attends it now."""

    meeting: Meeting
    start: datetime
    end: datetime
    attendees: Sequence[Participant]
    note: str
    subject: str = ""  # a new subject (an event's meeting names its table there), or "" to keep it


def _validated(meeting: Meeting) -> Meeting:
    meeting.full_clean(exclude=_UNCHECKED, validate_unique=False, validate_constraints=False)
    return meeting


def create_placed_meetings(*, placed: Sequence[NewPlacedMeeting], actor: User) -> list[Meeting]:
    """Create confirmed meetings holding their attendees' time, each with an "accepted" history row.
    Three statements for all of them."""
    meetings = [
        _validated(
            Meeting(
                organiser=p.organiser,
                invitee=p.invitee,
                requested_by=p.requested_by,
                accepted_by=p.accepted_by,
                subject=p.subject,
                message=p.message,
                start=p.start,
                end=p.end,
                status=MeetingStatus.CONFIRMED,
                video_link=p.video_link,
            )
        )
        for p in placed
    ]
    if not meetings:
        return []
    Meeting.objects.bulk_create(meetings)
    claim_times([(meeting, p.attendees) for meeting, p in zip(meetings, placed, strict=True)])
    record_history(
        history_entry(meeting, actor=actor, action=MeetingAction.ACCEPTED, note=p.note)
        for meeting, p in zip(meetings, placed, strict=True)
    )
    return meetings


def move_placed_meetings(*, moves: Sequence[PlacedMeetingMove], actor: User) -> None:
    """Give placed meetings new times (confirmed again, SEQUENCE + 1, so calendars update the same
    entry): their old time is freed for everyone first, so meetings may swap, then the new one is
    claimed for who attends now. Five statements for all of them."""
    if not moves:
        return
    release_meeting_times(move.meeting for move in moves)
    now = timezone.now()
    for move in moves:
        meeting = move.meeting
        meeting.start, meeting.end = move.start, move.end
        meeting.subject = move.subject or meeting.subject
        meeting.status, meeting.awaiting_side = MeetingStatus.CONFIRMED, ""
        meeting.sequence += 1
        meeting.updated_at = now
        _validated(meeting)
    meetings = [move.meeting for move in moves]
    Meeting.objects.bulk_update(
        meetings, ["start", "end", "status", "awaiting_side", "sequence", "updated_at", "subject"]
    )
    claim_times([(move.meeting, move.attendees) for move in moves])
    record_history(
        history_entry(move.meeting, actor=actor, action=MeetingAction.DETAILS_CHANGED, note=move.note)
        for move in moves
    )


def cancel_placed_meetings(*, cancellations: Sequence[tuple[Meeting, str]], actor: User) -> None:
    """Take placed meetings off the agenda: cancelled (SEQUENCE + 1), their time freed, a history row
    each with its note. Four statements for all of them."""
    if not cancellations:
        return
    release_meeting_times(meeting for meeting, _ in cancellations)
    now = timezone.now()
    for meeting, _ in cancellations:
        meeting.status, meeting.sequence, meeting.updated_at = (
            MeetingStatus.CANCELLED,
            meeting.sequence + 1,
            now,
        )
    Meeting.objects.bulk_update(
        [meeting for meeting, _ in cancellations], ["status", "sequence", "updated_at"]
    )
    record_history(
        history_entry(meeting, actor=actor, action=MeetingAction.CANCELLED, note=note)
        for meeting, note in cancellations
    )
