"""Publishing an event's schedule, and the day itself: check-in, meeting status, moving a meeting.

Publishing writes the same rows as on-demand booking (`scheduling.services`): per placed meeting one
confirmed `scheduling.Meeting` (organiser: the requester's organisation participant, invitee: the
receiver's), a `MeetingAttendance` per organisation and a `MeetingEvent` history row. It follows
`scheduling.services._claim`'s order: lock the calendars involved (the same advisory locks as a
booking, see `scheduling.services.lock_calendars`), re-check them, then write inside a savepoint,
where PostgreSQL's exclusion constraint (scheduling/0002) turns any overlap the lock did not see
into an IntegrityError.
Either way the whole publish fails with a 409 (`ConflictError`) naming the clash, and nothing is
written. A republish updates the linked meetings in place (new time: SEQUENCE + 1; dropped from the
agenda: cancelled), like a reschedule or a cancellation.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from common.exceptions import ApplicationError, ConflictError
from common.realtime import notify
from matchmaking import event_selectors as selectors
from matchmaking.enums import (
    DAY_PHASES,
    DRAFT_PHASES,
    DayStatus,
    EventMeetingStatus,
    EventPhase,
    RequestStatus,
)
from matchmaking.event_realtime import broadcast_dashboard
from matchmaking.event_scheduler import check_place, set_place, slot_label
from matchmaking.event_services import check_phase, lock_event
from matchmaking.models import Event, EventMeeting, EventRegistration, EventRepresentative, EventSlot
from scheduling.emails import email_people_after_commit
from scheduling.enums import MeetingAction, MeetingStatus
from scheduling.models import Meeting, MeetingAttendance, MeetingEvent, Participant
from scheduling.realtime import broadcast_availability, time_payload
from scheduling.services import (
    ensure_participant,
    lock_calendars,
    meeting_payload,
    record_meeting_outcome,
)

MAX_CLASHES_NAMED = 5


@dataclass
class PublishSummary:
    created: int = 0
    moved: int = 0
    cancelled: int = 0
    unchanged: int = 0
    unplaced: int = 0


@dataclass
class _Change:
    """One scheduling meeting written by a publish or a move, announced after the commit."""

    meeting: Meeting
    kind: str  # meeting.confirmed | meeting.updated | meeting.cancelled
    released: tuple[datetime, datetime] | None = None


# --- Writing scheduling's meeting rows ------------------------------------------------------


def _participants(registrations: Iterable[EventRegistration]) -> dict[int, Participant]:
    """The organisation participant of each registration (created if missing), by registration pk."""
    return {
        r.pk: ensure_participant(organisation=r.organisation)
        for r in {r.pk: r for r in registrations}.values()
    }


def _when(start: datetime, end: datetime, time_zone: str) -> str:
    zone = zoneinfo.ZoneInfo(time_zone)
    return f"{start.astimezone(zone):%a %d %b %H:%M}-{end.astimezone(zone):%H:%M} ({time_zone})"


def _clashes(
    event: Event,
    placed: list[EventMeeting],
    participants: dict[int, Participant],
    own_meeting_ids: set[int],
) -> list[str]:
    """What already holds the times `placed` need: active claims of the same participants that are
    not this event's own meetings. One query; call it under the participants' lock."""
    if not placed:
        return []
    span_start = min(m.slot.start for m in placed)
    span_end = max(m.slot.end for m in placed)
    by_participant: dict[int, list[MeetingAttendance]] = defaultdict(list)
    claims = (
        MeetingAttendance.objects.filter(
            participant_id__in={p.pk for p in participants.values()},
            active=True,
            start__lt=span_end,
            end__gt=span_start,
        )
        .exclude(meeting_id__in=own_meeting_ids)
        .select_related("meeting")
    )
    for claim in claims:
        by_participant[claim.participant_id].append(claim)
    return [
        _clash_message(event, meeting, registration, other, claim)
        for meeting in placed
        for registration, other in (
            (meeting.requester, meeting.receiver),
            (meeting.receiver, meeting.requester),
        )
        for claim in by_participant[participants[registration.pk].pk]
        if claim.start < meeting.slot.end and claim.end > meeting.slot.start
    ]


def _clash_message(
    event: Event, meeting: EventMeeting, registration: EventRegistration, other: EventRegistration, claim: Any
) -> str:
    return (
        f"{registration} already has the meeting “{claim.meeting.subject}” at "
        f"{_when(claim.start, claim.end, event.time_zone)}, which overlaps its event meeting with {other} "
        f"at {slot_label(meeting.slot, event.time_zone)} (table {meeting.table})."
    )


def _conflict(found: list[str]) -> ConflictError:
    more = len(found) - MAX_CLASHES_NAMED
    message = "Nothing was published: " + " ".join(found[:MAX_CLASHES_NAMED])
    if more > 0:
        message += f" And {more} more."
    return ConflictError(message, extra={"clashes": found})


def _subject(event: Event, meeting: EventMeeting) -> str:
    return f"{event.name}: {meeting.requester} / {meeting.receiver}"[:200]


def _claim_times(meeting: Meeting, participants: Iterable[Participant]) -> None:
    for participant in participants:
        MeetingAttendance.objects.update_or_create(
            meeting=meeting,
            participant=participant,
            defaults={"start": meeting.start, "end": meeting.end, "active": True},
        )


def _history(meeting: Meeting, actor: Any, action: str, note: str) -> MeetingEvent:
    return MeetingEvent(
        meeting=meeting,
        actor=actor,
        action=action,
        status=meeting.status,
        start=meeting.start,
        end=meeting.end,
        sequence=meeting.sequence,
        note=note,
    )


def _create_meeting(
    event: Event, placement: EventMeeting, participants: dict[int, Participant], actor: Any
) -> Meeting:
    request = placement.request
    meeting = Meeting(
        organiser=participants[placement.requester_id],
        invitee=participants[placement.receiver_id],
        requested_by=request.requested_by,
        accepted_by=request.answered_by,
        subject=_subject(event, placement),
        message=request.message,
        start=placement.slot.start,
        end=placement.slot.end,
        status=MeetingStatus.CONFIRMED,
        video_link=event.online_url,
    )
    meeting.full_clean(exclude=["organiser", "invitee", "requested_by", "accepted_by"])
    meeting.save()
    _claim_times(meeting, (meeting.organiser, meeting.invitee))
    return meeting


def _move_meeting(meeting: Meeting, slot: EventSlot) -> tuple[datetime, datetime] | None:
    """Give a published meeting the slot's time (claims follow); returns the old time."""
    old = (meeting.start, meeting.end) if meeting.start and meeting.end else None
    meeting.start, meeting.end = slot.start, slot.end
    meeting.status, meeting.awaiting_side = MeetingStatus.CONFIRMED, ""
    meeting.sequence += 1
    meeting.full_clean(exclude=["organiser", "invitee", "requested_by", "accepted_by"])
    meeting.save()
    _claim_times(meeting, (meeting.organiser, meeting.invitee))
    return old


def _announce(changes: list[_Change]) -> None:
    """After the commit: both organisations' people hear of each change (live and by e-mail with the
    `.ics`), and booking pages drop or regain the times."""
    org_ids = {p.organisation_id for c in changes for p in (c.meeting.organiser, c.meeting.invitee)}
    people: dict[int, list[Any]] = defaultdict(list)
    for person in User.objects.filter(organisation_id__in=org_ids, is_active=True).order_by("pk"):
        people[person.organisation_id].append(person)
    for change in changes:
        meeting = change.meeting
        recipients = people[meeting.organiser.organisation_id] + people[meeting.invitee.organisation_id]
        payload = meeting_payload(meeting)
        for person in recipients:
            notify(person, change.kind, payload)
        email_people_after_commit(meeting, change.kind, recipients)
        for participant in (meeting.organiser, meeting.invitee):
            if change.released is not None:
                broadcast_availability(participant.key, "slots.released", time_payload(*change.released))
            if change.kind != "meeting.cancelled":
                broadcast_availability(
                    participant.key,
                    "slots.taken",
                    time_payload(meeting.start, meeting.end, buffer_minutes=participant.buffer_minutes),
                )


# --- Publishing -----------------------------------------------------------------------------


@transaction.atomic
def publish_schedule(*, event: Event, actor: Any) -> PublishSummary:
    """Publish the draft as everyone's agenda (staff; event in "scheduling"). All or nothing: a clash
    with any participant's other meetings fails the whole publish with a 409 naming it."""
    selectors.check_staff(actor)
    event = lock_event(event)
    check_phase(event, DRAFT_PHASES, "Publishing")
    if selectors.running_run(event) is not None:
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
    moving = [
        m
        for m in placed
        if m.meeting is not None and (m.meeting.start, m.meeting.end) != (m.slot.start, m.slot.end)
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
            released = _move_meeting(meeting, placement.slot)
            note = f"Moved by {event} to table {placement.table}."
            history.append(_history(meeting, actor, MeetingAction.DETAILS_CHANGED, note))
            changes.append(_Change(meeting, "meeting.updated", released))
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


# --- The day --------------------------------------------------------------------------------


@transaction.atomic
def check_in_representative(
    *, representative: EventRepresentative, actor: Any, checked_in: bool = True
) -> EventRepresentative:
    """Staff mark a representative as arrived (or undo it); open dashboards update at once."""
    selectors.check_staff(actor)
    event = lock_event(representative.registration.event)
    check_phase(event, DAY_PHASES, "Check-in")
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
            "counts": selectors.dashboard_counts(event),
        },
    )
    return representative


def _meeting_changed(event: Event, meeting: EventMeeting) -> None:
    broadcast_dashboard(
        event.pk,
        "event.meeting_changed",
        {
            "meeting": meeting.pk,
            "status": meeting.status,
            "status_label": meeting.get_status_display(),
            "slot": meeting.slot.index if meeting.slot else None,
            "when": slot_label(meeting.slot, event.time_zone) if meeting.slot else None,
            "table": meeting.table,
            "counts": selectors.dashboard_counts(event),
        },
    )


@transaction.atomic
def record_event_meeting_status(*, meeting: EventMeeting, actor: Any, status: str) -> EventMeeting:
    """Staff record a meeting as held or as a no-show once it has started; its scheduling meeting
    follows (`scheduling.services.record_meeting_outcome`, which tells both sides)."""
    selectors.check_staff(actor)
    if status not in DayStatus.values:
        raise ApplicationError(f"Choose one of: {', '.join(DayStatus.values)}.")
    event = lock_event(meeting.event)
    check_phase(event, (EventPhase.RUNNING, EventPhase.CLOSED), "Recording meeting outcomes")
    meeting = (
        EventMeeting.objects.select_for_update(of=("self",))
        .select_related("slot", "meeting")
        .get(pk=meeting.pk)
    )
    if meeting.slot is None or meeting.meeting is None:
        raise ApplicationError("This meeting is not on the published agenda.")
    if meeting.status not in (EventMeetingStatus.SCHEDULED, EventMeetingStatus.MOVED):
        raise ConflictError(f"This meeting is already recorded as {meeting.get_status_display().lower()}.")
    record_meeting_outcome(meeting=meeting.meeting, actor=actor, outcome=status)
    meeting.status = status
    meeting.save(update_fields=["status"])
    _meeting_changed(event, meeting)
    return meeting


@transaction.atomic
def move_event_meeting(*, meeting: EventMeeting, actor: Any, slot: EventSlot, table: int) -> EventMeeting:
    """Staff move a published meeting to another free slot and table on the day (validated like the
    draft); its scheduling meeting gets the new time under the same lock as a booking (409 if taken),
    both sides are told live and by e-mail, and open dashboards update."""
    selectors.check_staff(actor)
    event = lock_event(meeting.event)
    check_phase(event, DAY_PHASES, "Moving meetings on the day")
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
        raise ConflictError(f"This meeting is {meeting.get_status_display().lower()}; it cannot move.")
    check_place(event, meeting, slot, table)
    participants = _participants((meeting.requester, meeting.receiver))
    lock_calendars([(participants.values(), slot.start, slot.end)])
    target = EventMeeting(
        pk=meeting.pk, slot=slot, table=table, requester=meeting.requester, receiver=meeting.receiver
    )
    found = _clashes(event, [target], participants, {meeting.meeting_id} if meeting.meeting_id else set())
    if found:
        raise ConflictError(" ".join(found), extra={"clashes": found})
    try:
        with transaction.atomic():
            set_place(meeting, slot, table, pinned=meeting.pinned)
            if meeting.meeting is None:
                meeting.meeting = _create_meeting(event, meeting, participants, actor)
                change = _Change(meeting.meeting, "meeting.confirmed")
                action, note = MeetingAction.ACCEPTED, f"Scheduled by {event}: table {table}."
            else:
                MeetingAttendance.objects.filter(meeting=meeting.meeting, active=True).update(active=False)
                released = _move_meeting(meeting.meeting, slot)
                change = _Change(meeting.meeting, "meeting.updated", released)
                action, note = MeetingAction.DETAILS_CHANGED, f"Moved by {event} to table {table}."
            _history(meeting.meeting, actor, action, note).save()
            meeting.status = EventMeetingStatus.MOVED
            meeting.published_slot, meeting.published_table = slot, table
            meeting.save(update_fields=["status", "meeting", "published_slot", "published_table"])
    except IntegrityError as exc:
        raise ConflictError("That time or table was taken meanwhile; reload and try again.") from exc
    _announce([change])
    _meeting_changed(event, meeting)
    return meeting
