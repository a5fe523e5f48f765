"""Writing scheduling's meeting rows for an event, shared by publishing and by moves on the day:
the organisation participants of registrations, the clash check against their other meetings
(call it under `scheduling.services.lock_calendars`), creating or moving a confirmed
`scheduling.Meeting` with its attendances and history row, and announcing each change after the
commit (live, by e-mail with the `.ics`, and to booking pages)."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accounts.models import User
from common.realtime import notify
from events.models import Event, EventMeeting, EventRegistration, EventSlot
from events.services.scheduler import slot_label
from scheduling.emails import email_people_after_commit
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting, MeetingAttendance, MeetingEvent, Participant
from scheduling.realtime import broadcast_availability, time_payload
from scheduling.services import ensure_participant, meeting_payload


@dataclass
class _Change:
    """One scheduling meeting written by a publish or a move, announced after the commit."""

    meeting: Meeting
    kind: str  # meeting.confirmed | meeting.updated | meeting.cancelled
    released: tuple[datetime, datetime] | None = None


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
