"""Publishing the draft as everyone's agenda: `publish_schedule` locks the event, its placements
and the calendars involved, fails the whole publish with a 409 naming the clashes, then writes
(cancel, move, create) in one savepoint and announces the changes after the commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from common.exceptions import ApplicationError, ConflictError
from common.realtime import notify
from events.enums import DRAFT_PHASES, EventMeetingStatus, EventPhase, RequestStatus
from events.models import Event, EventMeeting
from events.realtime import broadcast_dashboard
from events.selectors.access import check_staff
from events.selectors.schedule import running_run
from events.services.guards import check_phase, lock_event
from events.services.meeting_rows import (
    _announce,
    _Change,
    _clashes,
    _create_meeting,
    _history,
    _move_meeting,
    _participants,
)
from scheduling.enums import MeetingAction, MeetingStatus
from scheduling.models import MeetingAttendance, MeetingEvent, Participant
from scheduling.services import lock_calendars

MAX_CLASHES_NAMED = 5


@dataclass
class PublishSummary:
    created: int = 0
    moved: int = 0
    cancelled: int = 0
    unchanged: int = 0
    unplaced: int = 0


def _conflict(found: list[str]) -> ConflictError:
    more = len(found) - MAX_CLASHES_NAMED
    message = "Nothing was published: " + " ".join(found[:MAX_CLASHES_NAMED])
    if more > 0:
        message += f" And {more} more."
    return ConflictError(message, extra={"clashes": found})


@transaction.atomic
def publish_schedule(*, event: Event, actor: Any) -> PublishSummary:
    """Publish the draft as everyone's agenda (staff; event in "scheduling"). All or nothing: a clash
    with any participant's other meetings fails the whole publish with a 409 naming it."""
    check_staff(actor)
    event = lock_event(event)
    check_phase(event, DRAFT_PHASES, "Publishing")
    if running_run(event) is not None:
        raise ConflictError("A scheduler run is running; publish when it is done.")
    placements = list(
        EventMeeting.objects.filter(event=event, request__status=RequestStatus.ACCEPTED)
        .exclude(status=EventMeetingStatus.CANCELLED)
        .select_related(
            "slot",
            "request__requested_by",
            "request__answered_by",
            "requester__organisation",
            "receiver__organisation",
            "meeting__organiser__organisation",
            "meeting__invitee__organisation",
        )
        .select_for_update(of=("self",))
        .order_by("slot__index", "table", "id")
    )
    placed = [m for m in placements if m.slot is not None]
    to_cancel = [
        m
        for m in placements
        if m.slot is None and m.meeting is not None and m.meeting.status == MeetingStatus.CONFIRMED
    ]
    if not placed and not to_cancel:
        raise ApplicationError("The draft is empty: run the scheduler (or place meetings) before publishing.")
    participants = _participants(r for m in placed + to_cancel for r in (m.requester, m.receiver))
    lock_calendars(
        ((participants[m.requester_id], participants[m.receiver_id]), m.slot.start, m.slot.end)
        for m in placed
    )
    own = {m.meeting_id for m in placements if m.meeting_id is not None}
    found = _clashes(event, placed, participants, own)
    if found:
        raise _conflict(found)
    summary = PublishSummary(unplaced=sum(1 for m in placements if m.slot is None))
    try:
        with transaction.atomic():
            changes = _write_agenda(
                event=event,
                actor=actor,
                placements=placements,
                to_cancel=to_cancel,
                participants=participants,
                summary=summary,
            )
    except IntegrityError as exc:  # the exclusion constraint: a writer the lock did not see
        raise ConflictError(
            "Nothing was published: one of these times was taken by another meeting meanwhile. Try again."
        ) from exc
    event.phase, event.published_at = EventPhase.AGENDA_PUBLISHED, timezone.now()
    event.save(update_fields=["phase", "published_at", "updated_at"])
    _announce(changes)
    _announce_agenda(event)
    broadcast_dashboard(event.pk, "event.published", {"created": summary.created, "moved": summary.moved})
    return summary


def _write_agenda(
    *,
    event: Event,
    actor: Any,
    placements: list[EventMeeting],
    to_cancel: list[EventMeeting],
    participants: dict[int, Participant],
    summary: PublishSummary,
) -> list[_Change]:
    """The writes of a publish (in the caller's savepoint): cancel, move, create; returns the changes."""
    changes: list[_Change] = []
    history: list[MeetingEvent] = []
    placed = [m for m in placements if m.slot is not None]
    # A meeting moves when its time differs, or when an earlier publish took it off the agenda
    # (cancelled, time kept) and this draft puts it back, even in the same slot.
    moving = [
        m
        for m in placed
        if m.meeting is not None
        and (
            (m.meeting.start, m.meeting.end) != (m.slot.start, m.slot.end)
            or m.meeting.status != MeetingStatus.CONFIRMED
        )
    ]
    moving_ids = {m.pk for m in moving}
    # Free the old times first, so meetings of this event may swap slots.
    MeetingAttendance.objects.filter(
        meeting_id__in=[m.meeting_id for m in moving + to_cancel], active=True
    ).update(active=False)
    for placement in to_cancel:
        meeting = placement.meeting
        released = (meeting.start, meeting.end)
        meeting.status, meeting.sequence = MeetingStatus.CANCELLED, meeting.sequence + 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
        history.append(_history(meeting, actor, MeetingAction.CANCELLED, f"Taken off the {event} agenda."))
        changes.append(_Change(meeting, "meeting.cancelled", released))
        placement.published_slot, placement.published_table = None, None
        summary.cancelled += 1
    for placement in placed:
        meeting = placement.meeting
        if meeting is None:
            meeting = placement.meeting = _create_meeting(event, placement, participants, actor)
            note = f"Scheduled by {event}: table {placement.table}."
            history.append(_history(meeting, actor, MeetingAction.ACCEPTED, note))
            changes.append(_Change(meeting, "meeting.confirmed"))
            summary.created += 1
        elif placement.pk in moving_ids:
            restored = meeting.status != MeetingStatus.CONFIRMED
            old_time = _move_meeting(meeting, placement.slot)
            released = None if restored else old_time  # a cancelled meeting's time was freed back then
            note = f"{'Back on' if restored else 'Moved by'} {event}: table {placement.table}."
            history.append(_history(meeting, actor, MeetingAction.DETAILS_CHANGED, note))
            changes.append(_Change(meeting, "meeting.confirmed" if restored else "meeting.updated", released))
            summary.moved += 1
        else:
            summary.unchanged += 1
        placement.published_slot, placement.published_table = placement.slot, placement.table
    MeetingEvent.objects.bulk_create(history)
    EventMeeting.objects.bulk_update(placements, ["meeting", "published_slot", "published_table"])
    return changes


def _announce_agenda(event: Event) -> None:
    people = User.objects.filter(event_roles__registration__event=event, is_active=True).distinct()
    for person in people:
        notify(person, "event.agenda_published", {"event": event.pk, "name": event.name, "slug": event.slug})
