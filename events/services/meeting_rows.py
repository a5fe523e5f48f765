"""An event's meetings in everyone's calendars, shared by publishing and by moves on the day: who
attends each placed meeting (both organisations, and those of their representatives who are there),
the locks and clash check before writing, the `scheduling` meetings written through scheduling's
public services (`scheduling.services.placements`), and announcing each change after the commit
(live and by e-mail with the `.ics`; booking pages hear from `scheduling.services.claims`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from accounts.models import User
from common.dates import local_time_span
from common.languages import per_reader
from events.models import Event, EventMeeting, EventRegistration, EventRepresentative
from events.services.scheduler import slot_label
from notifications.selectors import email_choices_for
from notifications.services import Notice, deliver_notifications
from outbox.services.queueing import KeyedEmail, enqueue_many
from scheduling.emails import meeting_emails
from scheduling.models import Meeting, MeetingAttendance, Participant
from scheduling.notices import meeting_link, meeting_title
from scheduling.selectors import active_claims_during
from scheduling.services.claims import (
    lock_calendars,
    participants_for_organisations,
    participants_for_people,
)
from scheduling.services.meetings import meeting_payload
from scheduling.services.placements import NewPlacedMeeting


@dataclass
class MeetingChange:
    """One scheduling meeting written by a publish or a move, announced after the commit."""

    meeting: Meeting
    kind: str  # meeting.confirmed | meeting.updated | meeting.cancelled


@dataclass
class Representative:
    """A registration's representative as the calendars see them: their participant row and the
    slots (ids) they said they cannot attend."""

    participant: Participant
    unavailable_slot_ids: set[int] = field(default_factory=set)


@dataclass
class EventCalendars:
    """Everything whose calendar an event's meetings take: each registration's organisation
    participant and its representatives, by registration id."""

    organisations: dict[int, Participant]
    representatives: dict[int, list[Representative]]

    def everyone(self, placement: EventMeeting) -> list[Participant]:
        """Both organisations and every representative of either side: what to lock."""
        sides = (placement.requester_id, placement.receiver_id)
        return [self.organisations[s] for s in sides] + [
            r.participant for s in sides for r in self.representatives.get(s, [])
        ]


def event_calendars(registrations: Iterable[EventRegistration]) -> EventCalendars:
    """The calendars of these registrations: participant rows are created where missing. A fixed
    number of queries (four, and up to two inserts)."""
    by_pk = {r.pk: r for r in registrations}
    organisation_rows = participants_for_organisations([r.organisation for r in by_pk.values()])
    organisations = {pk: organisation_rows[r.organisation_id] for pk, r in by_pk.items()}
    representatives = list(
        EventRepresentative.objects.filter(registration_id__in=by_pk).select_related("user").order_by("pk")
    )
    through = EventRepresentative.unavailable_slots.through
    unavailable: dict[int, set[int]] = defaultdict(set)
    for rep_id, slot_id in through.objects.filter(eventrepresentative__registration_id__in=by_pk).values_list(
        "eventrepresentative_id", "eventslot_id"
    ):
        unavailable[rep_id].add(slot_id)
    people = participants_for_people([r.user for r in representatives])
    by_registration: dict[int, list[Representative]] = defaultdict(list)
    for rep, participant in zip(representatives, people, strict=True):
        by_registration[rep.registration_id].append(Representative(participant, unavailable[rep.pk]))
    return EventCalendars(organisations, dict(by_registration))


def lock_event_calendars(placed: Sequence[EventMeeting], calendars: EventCalendars) -> None:
    """Serialise these placements' claims with every booking that could clash with them."""
    lock_calendars((calendars.everyone(m), m.placed_slot.start, m.placed_slot.end) for m in placed)


def _when(start: datetime, end: datetime, time_zone: str) -> str:
    return local_time_span(start, end, time_zone, short=True)


def check_event_calendars(
    event: Event, placed: Sequence[EventMeeting], calendars: EventCalendars, own_meeting_ids: set[int]
) -> tuple[list[str], dict[int, list[Participant]]]:
    """Under the lock: what already holds the organisations' times (clash messages), and who attends
    each placement (its two organisations, and the representatives not marked away in its slot nor
    busy with another meeting then), by placement id. One query."""
    if not placed:
        return [], {}
    claims = active_claims_during(
        participant_ids={p.pk for m in placed for p in calendars.everyone(m)},
        start=min(m.placed_slot.start for m in placed),
        end=max(m.placed_slot.end for m in placed),
        excluding_meeting_ids=own_meeting_ids,
    )
    by_participant: dict[int, list[MeetingAttendance]] = defaultdict(list)
    for claim in claims:
        by_participant[claim.participant_id].append(claim)

    def during(participant: Participant, meeting: EventMeeting) -> list[MeetingAttendance]:
        slot = meeting.placed_slot
        return [c for c in by_participant[participant.pk] if c.start < slot.end and c.end > slot.start]

    clashes = [
        _clash_message(event, meeting, registration, other, claim)
        for meeting in placed
        for registration, other in (
            (meeting.requester, meeting.receiver),
            (meeting.receiver, meeting.requester),
        )
        for claim in during(calendars.organisations[registration.pk], meeting)
    ]
    attendees = {
        meeting.pk: [
            calendars.organisations[meeting.requester_id],
            calendars.organisations[meeting.receiver_id],
        ]
        + [
            rep.participant
            for side in (meeting.requester_id, meeting.receiver_id)
            for rep in calendars.representatives.get(side, [])
            if meeting.slot_id not in rep.unavailable_slot_ids and not during(rep.participant, meeting)
        ]
        for meeting in placed
    }
    return clashes, attendees


def _clash_message(
    event: Event,
    meeting: EventMeeting,
    registration: EventRegistration,
    other: EventRegistration,
    claim: MeetingAttendance,
) -> str:
    return _(
        "%(registration)s already has the meeting “%(subject)s” at %(when)s, which overlaps its event "
        "meeting with %(other)s at %(slot)s (table %(table)s)."
    ) % {
        "registration": registration,
        "subject": claim.meeting.subject,
        "when": _when(claim.start, claim.end, event.time_zone),
        "other": other,
        "slot": slot_label(meeting.placed_slot, event.time_zone),
        "table": meeting.table,
    }


def meeting_subject(event: Event, placement: EventMeeting) -> str:
    """The subject of a placement's meeting: the event, both sides and the table (so every e-mail
    and calendar entry, and a move's, names the table), at most 200 characters."""
    table = f", table {placement.table}"
    return f"{event.name}: {placement.requester} / {placement.receiver}"[: 200 - len(table)] + table


def new_placed_meeting(
    event: Event, placement: EventMeeting, calendars: EventCalendars, attendees: Sequence[Participant]
) -> NewPlacedMeeting:
    """The scheduling meeting a placement becomes when it is first published or moved on the day."""
    request = placement.request
    return NewPlacedMeeting(
        organiser=calendars.organisations[placement.requester_id],
        invitee=calendars.organisations[placement.receiver_id],
        requested_by=request.requested_by,
        accepted_by=request.answered_by,
        subject=meeting_subject(event, placement),
        message=request.message,
        start=placement.placed_slot.start,
        end=placement.placed_slot.end,
        video_link=event.online_url,
        attendees=attendees,
        note=_("Scheduled by %(event)s: table %(table)s.") % {"event": event, "table": placement.table},
    )


def announce_changes(changes: list[MeetingChange]) -> None:
    """Both organisations' people hear of each change: a notification each (live after the commit),
    and an e-mail with the `.ics` if they want it. Four queries however many changes (who they are,
    their e-mail preferences, one INSERT of the notifications, one of the outbox)."""
    org_ids = {
        p.organisation_id
        for c in changes
        for p in (c.meeting.organiser, c.meeting.invitee)
        if p.organisation_id is not None
    }
    # By organisation id; a side that is a person (no organisation) has nobody here.
    people: dict[int | None, list[User]] = defaultdict(list)
    for person in User.objects.filter(organisation_id__in=org_ids, is_active=True).order_by("pk"):
        people[person.organisation_id].append(person)
    choices = email_choices_for(person_ids=[p.pk for group in people.values() for p in group])
    notices: list[Notice] = []
    emails: list[KeyedEmail] = []
    for change in changes:
        meeting = change.meeting
        recipients = people[meeting.organiser.organisation_id] + people[meeting.invitee.organisation_id]
        payload = meeting_payload(meeting)
        title, link = per_reader(meeting_title, meeting, change.kind), meeting_link(meeting)
        notices += [
            Notice(recipient=person, kind=change.kind, title=title, link=link, payload=payload)
            for person in recipients
        ]
        emails += meeting_emails(meeting, change.kind, recipients, choices=choices)
    deliver_notifications(notices=notices)
    enqueue_many(emails)
