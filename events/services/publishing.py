"""Publishing the draft as everyone's agenda: `publish_schedule` locks the event, its placements
and the calendars involved, fails the whole publish with a 409 naming the clashes, then writes
(cancel, move, create) in one savepoint and announces the changes after the commit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.exceptions import ApplicationError, ConflictError
from common.languages import per_reader
from events.enums import DRAFT_PHASES, EventMeetingStatus, EventPhase, RequestStatus
from events.models import Event, EventMeeting
from events.realtime import broadcast_dashboard
from events.selectors.access import check_staff
from events.selectors.schedule import active_run
from events.services.guards import check_phase, lock_event
from events.services.meeting_rows import (
    EventCalendars,
    MeetingChange,
    announce_changes,
    check_event_calendars,
    event_calendars,
    lock_event_calendars,
    meeting_subject,
    new_placed_meeting,
)
from notifications.services import notify_people
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting, Participant
from scheduling.services.placements import (
    PlacedMeetingMove,
    cancel_placed_meetings,
    create_placed_meetings,
    move_placed_meetings,
)

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
    message = _("Nothing was published: %(clashes)s") % {"clashes": " ".join(found[:MAX_CLASHES_NAMED])}
    if more > 0:
        message += " " + _("And %(count)s more.") % {"count": more}
    return ConflictError(message, extra={"clashes": found})


@transaction.atomic
def publish_schedule(*, event: Event, actor: User) -> PublishSummary:
    """Publish the draft as everyone's agenda (staff; event in "scheduling"). All or nothing: a clash
    with any participant's other meetings fails the whole publish with a 409 naming it. Each meeting
    also claims the time of the representatives who attend it. A fixed number of queries, however
    many meetings (tests/events/test_publishing.py counts them)."""
    check_staff(actor)
    event = lock_event(event)
    check_phase(event, DRAFT_PHASES, _("Publishing"))
    if active_run(event) is not None:
        raise ConflictError(_("A scheduler run is queued or running; publish when it is done."))
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
    # Unplaced meetings whose published meeting is still on the agenda, with that meeting.
    to_cancel = [
        (m, m.meeting)
        for m in placements
        if m.slot is None and m.meeting is not None and m.meeting.status == MeetingStatus.CONFIRMED
    ]
    if not placed and not to_cancel:
        raise ApplicationError(
            _("The draft is empty: run the scheduler (or place meetings) before publishing.")
        )
    calendars = event_calendars(
        r for m in placed + [m for m, _ in to_cancel] for r in (m.requester, m.receiver)
    )
    lock_event_calendars(placed, calendars)
    own = {m.meeting_id for m in placements if m.meeting_id is not None}
    found, attendees = check_event_calendars(event, placed, calendars, own)
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
                calendars=calendars,
                attendees=attendees,
                summary=summary,
            )
    except IntegrityError as exc:  # the exclusion constraint: a writer the lock did not see
        raise ConflictError(
            _("Nothing was published: one of these times was taken by another meeting meanwhile. Try again.")
        ) from exc
    event.phase, event.published_at = EventPhase.AGENDA_PUBLISHED, timezone.now()
    event.save(update_fields=["phase", "published_at", "updated_at"])
    announce_changes(changes)
    _announce_agenda(event)
    broadcast_dashboard(event.pk, "event.published", {"created": summary.created, "moved": summary.moved})
    return summary


def _write_agenda(
    *,
    event: Event,
    actor: User,
    placements: list[EventMeeting],
    to_cancel: list[tuple[EventMeeting, Meeting]],
    calendars: EventCalendars,
    attendees: dict[int, list[Participant]],
    summary: PublishSummary,
) -> list[MeetingChange]:
    """The writes of a publish (in the caller's savepoint), through scheduling's placement services:
    take meetings off the agenda, move, create (in that order, so meetings of this event may swap
    slots); returns the changes. A fixed number of statements, however many meetings."""
    changes: list[MeetingChange] = []
    placed = [m for m in placements if m.slot is not None]
    cancel_placed_meetings(
        cancellations=[
            (cancelled, _("Taken off the %(event)s agenda.") % {"event": event})
            for __, cancelled in to_cancel
        ],
        actor=actor,
    )
    for placement, cancelled in to_cancel:
        changes.append(MeetingChange(cancelled, "meeting.cancelled"))
        placement.published_slot, placement.published_table = None, None
    summary.cancelled = len(to_cancel)
    # A meeting moves when its time or table differs, or when an earlier publish took it off the
    # agenda (cancelled, time kept) and this draft puts it back, even in the same slot.
    moves: list[PlacedMeetingMove] = []
    new: list[EventMeeting] = []
    for placement in placed:
        meeting, slot = placement.meeting, placement.placed_slot
        if meeting is None:
            new.append(placement)
        elif (
            (meeting.start, meeting.end) != (slot.start, slot.end)
            or meeting.status != MeetingStatus.CONFIRMED
            or placement.published_table not in (None, placement.table)
        ):
            restored = meeting.status != MeetingStatus.CONFIRMED
            where = {"event": event, "table": placement.table}
            note = (
                _("Back on the agenda of %(event)s: table %(table)s.") % where
                if restored
                else _("Moved by %(event)s to table %(table)s.") % where
            )
            subject = meeting_subject(event, placement)
            moves.append(
                PlacedMeetingMove(
                    meeting, slot.start, slot.end, attendees[placement.pk], note, subject=subject
                )
            )
            changes.append(MeetingChange(meeting, "meeting.confirmed" if restored else "meeting.updated"))
        else:
            summary.unchanged += 1
    move_placed_meetings(moves=moves, actor=actor)
    summary.moved = len(moves)
    created = create_placed_meetings(
        placed=[new_placed_meeting(event, p, calendars, attendees[p.pk]) for p in new], actor=actor
    )
    for placement, meeting in zip(new, created, strict=True):
        placement.meeting = meeting
        changes.append(MeetingChange(meeting, "meeting.confirmed"))
    summary.created = len(created)
    for placement in placed:
        placement.published_slot, placement.published_table = placement.slot, placement.table
    EventMeeting.objects.bulk_update(placements, ["meeting", "published_slot", "published_table"])
    return changes


def agenda_published_title(event_name: str) -> str:
    return _("The agenda of %(name)s is published") % {"name": event_name}


def _announce_agenda(event: Event) -> None:
    notify_people(
        recipients=User.objects.filter(event_roles__registration__event=event, is_active=True).distinct(),
        kind="event.agenda_published",
        title=per_reader(agenda_published_title, event.name),  # each reader's language
        link=reverse("frontend:event-agenda", args=[event.slug]),
        payload={"event": event.pk, "name": event.name, "slug": event.slug},
    )
