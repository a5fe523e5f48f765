"""The day itself: staff check representatives in (from the desk's list or by scanning the check-in
code on a person's agenda), record meetings as held or no-show (their
scheduling meetings follow), and move a published meeting to another slot and table under the
same calendar lock as a booking. Open dashboards update at once."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.exceptions import ApplicationError, ConflictError
from events.enums import DAY_PHASES, DayStatus, EventMeetingStatus, EventPhase
from events.models import Event, EventMeeting, EventRepresentative, EventSlot
from events.realtime import broadcast_dashboard
from events.selectors.access import check_staff
from events.selectors.day import dashboard_counts, representative_for_check_in_token
from events.services.guards import check_phase, lock_event
from events.services.meeting_rows import (
    MeetingChange,
    announce_changes,
    check_event_calendars,
    event_calendars,
    lock_event_calendars,
    meeting_subject,
    new_placed_meeting,
)
from events.services.scheduler import check_place, place_draft_meeting, set_place
from scheduling.services.meetings import record_meeting_outcome
from scheduling.services.placements import PlacedMeetingMove, create_placed_meetings, move_placed_meetings


@transaction.atomic
def check_in_representative(
    *, representative: EventRepresentative, actor: User, checked_in: bool = True
) -> EventRepresentative:
    """Staff mark a representative as arrived (or undo it); open dashboards update at once."""
    check_staff(actor)
    event = lock_event(representative.registration.event)
    check_phase(event, DAY_PHASES, _("Check-in"))
    representative = (
        EventRepresentative.objects.select_for_update(of=("self",))
        .select_related("user", "registration__organisation")
        .get(pk=representative.pk)
    )
    if checked_in and representative.checked_in_at is None:
        representative.checked_in_at, representative.checked_in_by = timezone.now(), actor
    elif not checked_in:
        representative.checked_in_at, representative.checked_in_by = None, None
    representative.save(update_fields=["checked_in_at", "checked_in_by"])
    broadcast_dashboard(
        event.pk,
        "event.checked_in",
        {
            "representative": representative.pk,
            "name": str(representative.user),
            "organisation": str(representative.registration.organisation),
            "checked_in": representative.checked_in_at is not None,
            "checked_in_at": representative.checked_in_at.isoformat()
            if representative.checked_in_at
            else None,
            "counts": dashboard_counts(event),
        },
    )
    return representative


@dataclass(frozen=True)
class CodeCheckIn:
    """Who a scanned code checked in, and whether they had been checked in already."""

    representative: EventRepresentative
    already_checked_in: bool


@transaction.atomic
def check_in_with_code(*, event: Event, token: str, actor: User) -> CodeCheckIn:
    """Staff check in the person whose check-in code (from their agenda) was scanned. A code that is
    forged, of another event or of someone no longer registered is an ApplicationError; scanning
    someone already checked in changes nothing and says so. Staff only, on the event's days."""
    check_staff(actor)
    representative = representative_for_check_in_token(event, token)
    # The event lock orders check-ins of one event (as in check_in_representative), so two staff
    # scanning the same person at once see one check-in and one "already".
    event = lock_event(event)
    check_phase(event, DAY_PHASES, _("Check-in"))
    already = EventRepresentative.objects.filter(pk=representative.pk, checked_in_at__isnull=False).exists()
    if already:
        representative.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    else:
        representative = check_in_representative(representative=representative, actor=actor)
    return CodeCheckIn(representative=representative, already_checked_in=already)


def _meeting_changed(event: Event, meeting: EventMeeting) -> None:
    # Values, not words: every open dashboard writes the status and the time in its own reader's
    # language (event_dashboard.js), not in the language of the staff member who made the change.
    broadcast_dashboard(
        event.pk,
        "event.meeting_changed",
        {
            "meeting": meeting.pk,
            "status": meeting.status,
            "slot": meeting.slot.index if meeting.slot else None,
            "starts_at": meeting.slot.start.isoformat() if meeting.slot else None,
            "table": meeting.table,
            "counts": dashboard_counts(event),
        },
    )


@transaction.atomic
def record_event_meeting_status(*, meeting: EventMeeting, actor: User, status: str) -> EventMeeting:
    """Staff record a meeting as held or as a no-show once it has started; its scheduling meeting
    follows (`scheduling.services.record_meeting_outcome`, which tells both sides)."""
    check_staff(actor)
    if status not in DayStatus.values:
        raise ApplicationError(_("Choose one of: %(values)s.") % {"values": ", ".join(DayStatus.values)})
    event = lock_event(meeting.event)
    check_phase(event, (EventPhase.RUNNING, EventPhase.CLOSED), _("Recording meeting outcomes"))
    meeting = (
        EventMeeting.objects.select_for_update(of=("self",))
        .select_related("slot", "meeting")
        .get(pk=meeting.pk)
    )
    if meeting.slot is None or meeting.meeting is None:
        raise ApplicationError(_("This meeting is not on the published agenda."))
    if meeting.status not in (EventMeetingStatus.SCHEDULED, EventMeetingStatus.MOVED):
        raise ConflictError(
            _("This meeting is already recorded: its status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    record_meeting_outcome(meeting=meeting.meeting, actor=actor, outcome=status)
    meeting.status = status
    meeting.save(update_fields=["status"])
    _meeting_changed(event, meeting)
    return meeting


@transaction.atomic
def move_event_meeting(*, meeting: EventMeeting, actor: User, slot: EventSlot, table: int) -> EventMeeting:
    """Staff move a published meeting to another free slot and table on the day (validated like the
    draft); its scheduling meeting gets the new time under the same lock as a booking (409 if taken),
    both sides are told live and by e-mail, and open dashboards update."""
    check_staff(actor)
    event = lock_event(meeting.event)
    check_phase(event, DAY_PHASES, _("Moving meetings on the day"))
    meeting = (
        EventMeeting.objects.select_for_update(of=("self",))
        .select_related(
            "slot",
            "request__requested_by",
            "request__answered_by",
            "requester__organisation",
            "receiver__organisation",
            "meeting__organiser__organisation",
            "meeting__invitee__organisation",
        )
        .get(pk=meeting.pk)
    )
    if meeting.status in (EventMeetingStatus.HELD, EventMeetingStatus.NO_SHOW, EventMeetingStatus.CANCELLED):
        raise ConflictError(
            _("This meeting cannot move: its status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    check_place(event, meeting, slot, table)
    calendars = event_calendars((meeting.requester, meeting.receiver))
    target = EventMeeting(
        pk=meeting.pk,
        slot=slot,
        table=table,
        requester=meeting.requester,
        receiver=meeting.receiver,
        request=meeting.request,
    )
    lock_event_calendars([target], calendars)
    own = {meeting.meeting_id} if meeting.meeting_id else set()
    found, attendees = check_event_calendars(event, [target], calendars, own)
    if found:
        raise ConflictError(" ".join(found), extra={"clashes": found})
    try:
        with transaction.atomic():
            set_place(meeting, slot, table, pinned=meeting.pinned)
            if meeting.meeting is None:
                placed = new_placed_meeting(event, target, calendars, attendees[meeting.pk])
                meeting.meeting = create_placed_meetings(placed=[placed], actor=actor)[0]
                change = MeetingChange(meeting.meeting, "meeting.confirmed")
            else:
                note = _("Moved by %(event)s to table %(table)s.") % {"event": event, "table": table}
                move = PlacedMeetingMove(
                    meeting.meeting,
                    slot.start,
                    slot.end,
                    attendees[meeting.pk],
                    note,
                    subject=meeting_subject(event, target),
                )
                move_placed_meetings(moves=[move], actor=actor)
                change = MeetingChange(meeting.meeting, "meeting.updated")
            meeting.status = EventMeetingStatus.MOVED
            meeting.published_slot, meeting.published_table = slot, table
            meeting.save(update_fields=["status", "meeting", "published_slot", "published_table"])
    except IntegrityError as exc:
        raise ConflictError(_("That time or table was taken meanwhile; reload and try again.")) from exc
    announce_changes([change])
    _meeting_changed(event, meeting)
    return meeting


def place_event_meeting(*, meeting: EventMeeting, actor: User, slot: EventSlot, table: int) -> EventMeeting:
    """Staff put a meeting at `slot` and `table`, whatever the phase: a pinned draft placement until
    the agenda is out, a move of the published meeting (calendars, notifications) from then on. Each
    service locks the event and checks its phase again."""
    if meeting.event.phase in DAY_PHASES:
        return move_event_meeting(meeting=meeting, actor=actor, slot=slot, table=table)
    return place_draft_meeting(meeting=meeting, actor=actor, slot=slot, table=table)
