"""Every write of scheduling: availability, the meeting workflow, calendar feeds.

Booking safety (Zulip's validate-lock-write): a service that gives a meeting a time checks the
offer, then locks the calendars of every participant involved for the hours it touches
(`lock_calendars`: advisory locks in key order, so two bookings never deadlock and bookings of
other hours do not queue), re-checks them with one overlap query, then writes one
`MeetingAttendance` per participant and commits. On PostgreSQL an exclusion constraint backs the
check up; whichever stops a request, the caller gets a `ConflictError` (409) carrying the invitee's
current free slots, read after the rollback. Events and e-mails go out only after the commit, off
the request thread (`common.realtime`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from common.exceptions import ApplicationError, ConflictError
from common.realtime import notify
from scheduling import selectors
from scheduling.emails import email_people_after_commit
from scheduling.enums import AWAITING_STATUSES, OPEN_STATUSES, MeetingAction, MeetingStatus, Side
from scheduling.models import (
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    AvailabilityException,
    AvailabilityRule,
    CalendarFeed,
    Meeting,
    MeetingAttendance,
    MeetingEvent,
    MeetingProposal,
    Participant,
)
from scheduling.realtime import broadcast_availability, time_payload

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

PARTICIPANT_SETTINGS_FIELDS = frozenset({"time_zone", "meeting_lengths", "buffer_minutes"})
RULE_FIELDS = frozenset({"weekday", "start_time", "end_time", "time_zone"})
EXCEPTION_FIELDS = frozenset({"start_date", "end_date", "start_time", "end_time", "time_zone", "reason"})
MAX_PROPOSALS = 5


# --- Participants and availability ----------------------------------------------------------


def ensure_participant(*, organisation: Any = None, user: Any = None) -> Participant:
    """The participant row of `organisation` or `user`, created with default settings if missing."""
    if organisation is not None:
        participant, _ = Participant.objects.get_or_create(organisation=organisation)
    else:
        participant, _ = Participant.objects.get_or_create(user=user, defaults={"time_zone": user.time_zone})
    return participant


def _saved(participant: Participant) -> Participant:
    if participant.pk is not None:
        return participant
    return ensure_participant(organisation=participant.organisation, user=participant.user)


def _check_manage(actor: Any, participant: Participant) -> None:
    if not selectors.can_manage_participant(actor, participant):
        raise PermissionDenied(
            "Only the person, their organisation's admins or staff edit this availability."
        )


def _check_fields(changes: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})


def _availability_changed(participant: Participant) -> None:
    broadcast_availability(participant.key, "slots.changed", {})


@transaction.atomic
def update_participant_settings(*, participant: Participant, actor: Any, **changes: Any) -> Participant:
    """Change a participant's time zone, offered meeting lengths or buffer."""
    _check_manage(actor, participant)
    _check_fields(changes, PARTICIPANT_SETTINGS_FIELDS)
    locked = Participant.objects.select_for_update().get(pk=_saved(participant).pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    _availability_changed(locked)
    return locked


@transaction.atomic
def create_availability_rule(*, participant: Participant, actor: Any, **fields: Any) -> AvailabilityRule:
    """A weekly window; its time zone defaults to the participant's."""
    _check_manage(actor, participant)
    _check_fields(fields, RULE_FIELDS)
    participant = _saved(participant)
    fields["time_zone"] = fields.get("time_zone") or participant.time_zone
    rule = AvailabilityRule(participant=participant, **fields)
    rule.full_clean()
    rule.save()
    _availability_changed(participant)
    return rule


@transaction.atomic
def update_availability_rule(*, rule: AvailabilityRule, actor: Any, **changes: Any) -> AvailabilityRule:
    _check_manage(actor, rule.participant)
    _check_fields(changes, RULE_FIELDS)
    for name, value in changes.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    _availability_changed(rule.participant)
    return rule


@transaction.atomic
def delete_availability_rule(*, rule: AvailabilityRule, actor: Any) -> None:
    """Withdraw a weekly window. Meetings already booked in it stay."""
    _check_manage(actor, rule.participant)
    rule.delete()
    _availability_changed(rule.participant)


@transaction.atomic
def create_availability_exception(
    *, participant: Participant, actor: Any, **fields: Any
) -> AvailabilityException:
    """A holiday (whole days) or busy block (times on each day); time zone defaults to the participant's."""
    _check_manage(actor, participant)
    _check_fields(fields, EXCEPTION_FIELDS)
    participant = _saved(participant)
    fields["time_zone"] = fields.get("time_zone") or participant.time_zone
    exception = AvailabilityException(participant=participant, **fields)
    exception.full_clean()
    exception.save()
    _availability_changed(participant)
    return exception


@transaction.atomic
def update_availability_exception(
    *, exception: AvailabilityException, actor: Any, **changes: Any
) -> AvailabilityException:
    _check_manage(actor, exception.participant)
    _check_fields(changes, EXCEPTION_FIELDS)
    for name, value in changes.items():
        setattr(exception, name, value)
    exception.full_clean()
    exception.save()
    _availability_changed(exception.participant)
    return exception


@transaction.atomic
def delete_availability_exception(*, exception: AvailabilityException, actor: Any) -> None:
    _check_manage(actor, exception.participant)
    exception.delete()
    _availability_changed(exception.participant)


# --- Meetings: helpers ----------------------------------------------------------------------

TAKEN_MESSAGE = "That time was taken meanwhile. Here are the free slots now."
# Claims are serialised per participant and per hour of time they touch (see `lock_calendars`).
LOCK_BUCKET_SECONDS = 3600


def _time_zone_of(user: Any) -> str:
    return getattr(user, "time_zone", "") or "UTC"


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def _check_length(length: int) -> None:
    if not MIN_MEETING_MINUTES <= length <= MAX_MEETING_MINUTES:
        raise ValidationError(
            {"length": f"A meeting lasts between {MIN_MEETING_MINUTES} and {MAX_MEETING_MINUTES} minutes."}
        )


def _check_future(start: datetime, field: str = "start") -> None:
    if start <= timezone.now():
        raise ValidationError({field: "That time has already passed."})


def _record(meeting: Meeting, *, actor: Any, action: str, note: str = "") -> MeetingEvent:
    return MeetingEvent.objects.create(
        meeting=meeting,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        status=meeting.status,
        start=meeting.start,
        end=meeting.end,
        sequence=meeting.sequence,
        note=note,
    )


def _lock_meeting(meeting: Meeting) -> Meeting:
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "organiser__organisation",
            "organiser__user",
            "invitee__organisation",
            "invitee__user",
            "requested_by",
            "accepted_by",
        )
        .get(pk=meeting.pk)
    )
    return locked


def _side(actor: Any, meeting: Meeting) -> Side:
    side = selectors.side_of(actor, meeting)
    if side is None:
        raise PermissionDenied("Only the two parties to a meeting can change it.")
    return side


def _other(side: str) -> Side:
    return Side.INVITEE if side == Side.ORGANISER else Side.ORGANISER


def _own_participants(actor: Any) -> list[Participant]:
    """The participant rows that already exist for `actor` and for their organisation. One query."""
    mine = Q(user_id=actor.pk)
    if actor.organisation_id:
        mine |= Q(organisation_id=actor.organisation_id)
    return list(Participant.objects.filter(mine).select_related("organisation"))


def _people_participants(people: list[Any], known: Iterable[Participant]) -> list[Participant]:
    """The participant rows of `people`, created if missing. No query for those in `known`, one for
    the others."""
    found = {p.user_id: p for p in known if p.user_id is not None}
    missing = [person.pk for person in people if person.pk not in found]
    if missing:
        found.update({p.user_id: p for p in Participant.objects.filter(user_id__in=missing)})
    rows = []
    for person in people:
        participant = found.get(person.pk) or ensure_participant(user=person)
        participant.user = person  # the person is at hand: no query when the row is named later
        rows.append(participant)
    return rows


def _claimants(meeting: Meeting, known: Iterable[Participant] = ()) -> list[Participant]:
    """Everyone whose calendar the meeting takes: both sides and the people attending for them.
    One query at most."""
    people = []
    if meeting.organiser.is_organisation:
        people.append(meeting.requested_by)
    if meeting.invitee.is_organisation and meeting.accepted_by_id is not None:
        people.append(meeting.accepted_by)
    claimants = [meeting.organiser, meeting.invitee, *_people_participants(people, known)]
    return list({p.pk: p for p in claimants}.values())


class _Taken(Exception):  # noqa: N818 -- an internal signal, turned into a ConflictError (409)
    """A claim lost to another one. Raised inside the service's transaction and answered by
    `_answer_conflicts` after the rollback, so the free slots are computed without holding locks."""

    def __init__(self, message: str, *, meeting: Meeting, actor: Any, start: datetime, length: int) -> None:
        super().__init__(message)
        self.message = message
        self.meeting = meeting
        self.actor = actor
        self.start = start
        self.length = length

    def conflict(self) -> ConflictError:
        time_zone = _time_zone_of(self.actor)
        slots = selectors.free_slots_near(
            participant=self.meeting.invitee,
            around=self.start,
            viewer_time_zone=time_zone,
            length=self.length,
            exclude_meeting=self.meeting,
        )
        return ConflictError(
            self.message,
            extra={
                "free_slots": [{"start": s.start.isoformat(), "end": s.end.isoformat()} for s in slots],
                "time_zone": time_zone,
            },
        )


def _answer_conflicts(service: Callable[P, R]) -> Callable[P, R]:
    """Wraps an atomic service that claims time: a time taken meanwhile becomes a ConflictError (409)
    carrying the invitee's free slots now, read after the service's transaction rolled back."""

    @functools.wraps(service)
    def answered(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except _Taken as taken:
            raise taken.conflict() from taken

    return answered


def _check_offered(meeting: Meeting, *, start: datetime, length: int) -> None:
    """400 unless a meeting of `length` at `start` is one of the invitee's offered slots (weekly rules
    and exceptions; whether it is still free is checked under the lock). Two queries."""
    invitee = meeting.invitee
    if length not in invitee.meeting_lengths:
        raise ValidationError({"length": f"{invitee} offers meetings of {invitee.meeting_lengths} minutes."})
    offered = selectors.free_slots_for(
        participant=invitee,
        start=start,
        end=start + timedelta(seconds=1),
        viewer_time_zone="UTC",
        length=length,
        ignore_busy=True,
    )
    if not offered:
        raise ValidationError({"start": f"{invitee} does not offer a meeting at that time."})


def _calendar_lock_keys(claimants: Iterable[Participant], *, start: datetime, end: datetime) -> list[int]:
    """One advisory-lock key per claimant and per hour that [start - buffer, end + buffer) touches."""
    keys = set()
    for participant in claimants:
        margin = timedelta(minutes=participant.buffer_minutes)
        first = math.floor((start - margin).timestamp() / LOCK_BUCKET_SECONDS)
        last = math.ceil((end + margin).timestamp() / LOCK_BUCKET_SECONDS) - 1
        for bucket in range(first, last + 1):
            name = f"scheduling.calendar:{participant.pk}:{bucket}".encode()
            keys.add(int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "big", signed=True))
    return sorted(keys)


def lock_calendars(claims: Iterable[tuple[Iterable[Participant], datetime, datetime]]) -> None:
    """Serialise these claims (participants, start, end) with every other claim they could clash
    with, until the transaction ends. A booking holds one claim; publishing an event's agenda many.

    Transaction-scoped PostgreSQL advisory locks, one per participant and per hour of
    [start - buffer, end + buffer): two claims that clash share a participant P, and one's own time
    lies within the other's time widened by P's buffer, so both lock the hour holding a common
    instant and the later one's check (a new statement, READ COMMITTED) sees the earlier one's
    committed row. Claims on other hours or other calendars run in parallel instead of queueing
    behind one participant row. A hash collision only serialises two unrelated claims. The locks
    are taken in key order in one statement, so claims never deadlock. The exclusion constraint
    stays the backstop for any writer that took no lock. SQLite (development) runs one writer at a
    time and has no such locks.
    """
    if connection.vendor != "postgresql":
        return
    keys = sorted(
        {
            key
            for participants, start, end in claims
            for key in _calendar_lock_keys(participants, start=start, end=end)
        }
    )
    if not keys:
        return
    with connection.cursor() as cursor:
        # Target-list expressions are evaluated left to right: the locks are taken in key order.
        cursor.execute("SELECT " + ", ".join(["pg_advisory_xact_lock(%s)"] * len(keys)), keys)


def _clashing(
    meeting: Meeting,
    claimants: list[Participant],
    *,
    start: datetime,
    end: datetime,
    buffered: Participant | None,
) -> list[int]:
    """The claimants (ids, sorted) with another active claim that [start, end) overlaps, or for
    `buffered` comes closer to than its buffer. One query, a range on the (participant, active,
    start) index: no claim lasts longer than a meeting, so none starting earlier can reach the time."""
    margin = timedelta(minutes=buffered.buffer_minutes if buffered is not None else 0)
    reach = Q(participant_id__in=[p.pk for p in claimants], start__lt=end, end__gt=start)
    if buffered is not None and margin:
        reach |= Q(participant_id=buffered.pk, start__lt=end + margin, end__gt=start - margin)
    return list(
        MeetingAttendance.objects.filter(
            reach, active=True, start__gt=start - margin - timedelta(minutes=MAX_MEETING_MINUTES)
        )
        .exclude(meeting_id=meeting.pk)
        .order_by("participant_id")
        .distinct()
        .values_list("participant_id", flat=True)
    )


def _claim(
    meeting: Meeting,
    *,
    actor: Any,
    from_availability: bool,
    known: Iterable[Participant] = (),
    new_meeting: bool = False,
) -> list[Participant]:
    """Make `meeting`'s participants hold its time; returns them. Raises `_Taken` if any is taken.

    `from_availability`: the organiser side picked the time, so it must be one of the invitee's
    offered slots (buffers and exceptions included); the invitee side may pick any time it is free.
    What needs no lock comes first (the offer, the participants); the locked part is three
    statements (lock, overlap check, write) followed by the commit, so callers record and announce
    before they claim. `known`: participant rows already at hand; `new_meeting`: it holds no time yet.
    """
    start, end = meeting.start, meeting.end
    if start is None or end is None:
        raise ValueError("Give the meeting a time before claiming it.")
    length = _minutes(start, end)
    if from_availability:
        _check_offered(meeting, start=start, length=length)
    claimants = _claimants(meeting, known)
    ids = [p.pk for p in claimants]
    if not new_meeting:  # whoever no longer attends gives the time back (freeing needs no lock)
        meeting.attendances.filter(active=True).exclude(participant_id__in=ids).update(active=False)
    lock_calendars([(claimants, start, end)])
    invitee = meeting.invitee
    busy = _clashing(
        meeting, claimants, start=start, end=end, buffered=invitee if from_availability else None
    )
    if busy:
        if from_availability and invitee.pk in busy:
            message = TAKEN_MESSAGE
        else:
            busiest = next(p for p in claimants if p.pk == busy[0])
            message = f"{busiest} already has a meeting at that time. Here are the free slots now."
        raise _Taken(message, meeting=meeting, actor=actor, start=start, length=length)
    try:
        MeetingAttendance.objects.bulk_create(
            [
                MeetingAttendance(meeting=meeting, participant=p, start=start, end=end, active=True)
                for p in claimants
            ],
            update_conflicts=True,
            unique_fields=["meeting", "participant"],
            update_fields=["start", "end", "active"],
        )
    except IntegrityError as exc:  # the exclusion constraint: a writer that took no lock
        raise _Taken(TAKEN_MESSAGE, meeting=meeting, actor=actor, start=start, length=length) from exc
    for participant in claimants:
        broadcast_availability(
            participant.key,
            "slots.taken",
            time_payload(start, end, buffer_minutes=participant.buffer_minutes),
        )
    return claimants


def _release(meeting: Meeting) -> None:
    """Free the meeting's time in every participant's calendar (the rows stay, inactive)."""
    claims = list(meeting.attendances.filter(active=True).select_related("participant"))
    meeting.attendances.filter(active=True).update(active=False)
    for claim in claims:
        broadcast_availability(claim.participant.key, "slots.released", time_payload(claim.start, claim.end))


def meeting_payload(meeting: Meeting) -> dict[str, Any]:
    """What a live event says about a meeting (the client fetches the rest)."""
    return {
        "id": meeting.pk,
        "subject": meeting.subject,
        "status": meeting.status,
        "awaiting_side": meeting.awaiting_side,
        "start": meeting.start.astimezone(UTC).isoformat() if meeting.start else None,
        "end": meeting.end.astimezone(UTC).isoformat() if meeting.end else None,
        "sequence": meeting.sequence,
        "organiser": meeting.organiser.key,
        "invitee": meeting.invitee.key,
    }


def _announce(meeting: Meeting, event_type: str) -> None:
    """Tell the people of both sides, after commit and off the request thread: a live event, and an
    e-mail with the `.ics`. One query at most (who they are)."""
    recipients = selectors.people_to_tell(meeting)
    payload = meeting_payload(meeting)
    for person in recipients:
        notify(person, event_type, payload)
    email_people_after_commit(meeting, event_type, recipients)


def _save(meeting: Meeting) -> None:
    # The uid is a fresh uuid4 and the time is set as start + a checked length (or cleared), so the
    # unique and check constraints (enforced by the database) would cost four queries to re-prove.
    meeting.full_clean(
        exclude=["organiser", "invitee", "requested_by", "accepted_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    meeting.save()


# --- Meetings: the workflow -----------------------------------------------------------------


@_answer_conflicts
@transaction.atomic
def request_meeting(
    *,
    actor: Any,
    invitee: Participant,
    subject: str,
    length: int,
    message: str = "",
    start: datetime | None = None,
    proposals: list[datetime] | None = None,
    video_link: str = "",
    as_organisation: bool = True,
) -> Meeting:
    """Ask `invitee` for a meeting: either at `start`, one of its free slots (held at once, 409 if
    taken meanwhile), or at one of up to five proposed times (held when the invitee accepts one).
    The asker's organisation is the organiser side unless `as_organisation` is false.
    Booking a free slot takes about ten queries, three of them under the calendar locks."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("Log in to ask for a meeting.")
    if selectors.acts_for(actor, invitee):
        raise ValidationError({"invitee": "You cannot ask yourself or your own organisation for a meeting."})
    proposals = sorted(set(proposals or []))
    if (start is None) == (not proposals):
        raise ValidationError({"start": "Choose one free slot, or propose times instead (not both)."})
    if len(proposals) > MAX_PROPOSALS:
        raise ValidationError({"proposals": f"Propose at most {MAX_PROPOSALS} times."})
    _check_length(length)
    for proposed in [start] if start else proposals:
        _check_future(proposed, "start" if start else "proposals")
    invitee = _saved(invitee)
    own = _own_participants(actor)
    if as_organisation and actor.organisation_id:
        organiser = next((p for p in own if p.organisation_id), None) or ensure_participant(
            organisation=actor.organisation
        )
    else:
        organiser = next((p for p in own if p.user_id), None) or ensure_participant(user=actor)
    meeting = Meeting(
        organiser=organiser,
        invitee=invitee,
        requested_by=actor,
        subject=subject,
        message=message,
        video_link=video_link,
        status=MeetingStatus.REQUESTED,
        awaiting_side=Side.INVITEE,
    )
    if start is not None:
        meeting.start, meeting.end = start, start + timedelta(minutes=length)
    _save(meeting)
    if start is None:
        MeetingProposal.objects.bulk_create(
            MeetingProposal(meeting=meeting, start=p, end=p + timedelta(minutes=length)) for p in proposals
        )
    _record(meeting, actor=actor, action=MeetingAction.REQUESTED, note=message)
    _announce(meeting, "meeting.requested")
    if start is not None:
        _claim(meeting, actor=actor, from_availability=True, known=own, new_meeting=True)
    return meeting


@_answer_conflicts
@transaction.atomic
def accept_meeting(
    *, meeting: Meeting, actor: Any, proposal_start: datetime | None = None, video_link: str | None = None
) -> Meeting:
    """The awaited side says yes: the meeting is confirmed at its time (or at the proposal chosen),
    after the participants' calendars are locked and re-checked (409 if taken meanwhile)."""
    meeting = _lock_meeting(meeting)
    side = _side(actor, meeting)
    if meeting.status not in AWAITING_STATUSES:
        raise ConflictError(f"This meeting is {meeting.get_status_display().lower()}; it cannot be accepted.")
    if side != meeting.awaiting_side:
        raise ApplicationError("The other side has to answer this request.")
    if meeting.start is None:
        proposal = meeting.proposals.filter(start=proposal_start).first() if proposal_start else None
        if proposal is None:
            raise ValidationError({"proposal_start": "Choose one of the proposed times."})
        meeting.start, meeting.end = proposal.start, proposal.end
    elif proposal_start is not None and proposal_start != meeting.start:
        raise ValidationError({"proposal_start": "This request is for one time only; accept it as it is."})
    _check_future(meeting.start, "proposal_start")
    if side == Side.INVITEE and meeting.invitee.is_organisation:
        meeting.accepted_by = actor
    if video_link is not None:
        meeting.video_link = video_link
    meeting.status, meeting.awaiting_side = MeetingStatus.CONFIRMED, ""
    meeting.sequence += 1
    _save(meeting)
    _record(meeting, actor=actor, action=MeetingAction.ACCEPTED)
    _announce(meeting, "meeting.confirmed")
    _claim(meeting, actor=actor, from_availability=False)
    return meeting


@transaction.atomic
def decline_meeting(*, meeting: Meeting, actor: Any, note: str = "") -> Meeting:
    """The awaited side says no; the time held for the request is freed."""
    meeting = _lock_meeting(meeting)
    side = _side(actor, meeting)
    if meeting.status not in AWAITING_STATUSES:
        raise ConflictError(f"This meeting is {meeting.get_status_display().lower()}; it cannot be declined.")
    if side != meeting.awaiting_side:
        raise ApplicationError("The other side has to answer this request; you can cancel it instead.")
    meeting.status, meeting.awaiting_side = MeetingStatus.DECLINED, ""
    meeting.sequence += 1
    _save(meeting)
    _release(meeting)
    _record(meeting, actor=actor, action=MeetingAction.DECLINED, note=note)
    _announce(meeting, "meeting.declined")
    return meeting


@_answer_conflicts
@transaction.atomic
def propose_new_time(
    *, meeting: Meeting, actor: Any, start: datetime, length: int | None = None, note: str = ""
) -> Meeting:
    """Either side moves an open meeting to `start` (held at once, 409 if taken); the other side
    then accepts, declines or proposes again. A confirmed meeting becomes `rescheduled`, keeping its
    UID with a higher SEQUENCE, so calendars update the same entry."""
    meeting = _lock_meeting(meeting)
    side = _side(actor, meeting)
    if meeting.status not in OPEN_STATUSES:
        raise ConflictError(f"This meeting is {meeting.get_status_display().lower()}; it cannot be moved.")
    if length is None:
        current = meeting.start and meeting.end and _minutes(meeting.start, meeting.end)
        first = meeting.proposals.first()
        length = current or (
            _minutes(first.start, first.end) if first else min(meeting.invitee.meeting_lengths)
        )
    _check_length(length)
    _check_future(start)
    was_confirmed = meeting.status in (MeetingStatus.CONFIRMED, MeetingStatus.RESCHEDULED)
    old = (meeting.start, meeting.end)
    meeting.start, meeting.end = start, start + timedelta(minutes=length)
    meeting.status = MeetingStatus.RESCHEDULED if was_confirmed else MeetingStatus.REQUESTED
    meeting.awaiting_side = _other(side)
    if side == Side.INVITEE and meeting.invitee.is_organisation:
        meeting.accepted_by = actor
    meeting.sequence += 1
    _save(meeting)
    _record(meeting, actor=actor, action=MeetingAction.PROPOSED_TIME, note=note)
    _announce(meeting, "meeting.rescheduled")
    claimants = _claim(meeting, actor=actor, from_availability=side == Side.ORGANISER)
    if old[0] is not None and old[1] is not None and old != (meeting.start, meeting.end):
        for participant in claimants:
            broadcast_availability(participant.key, "slots.released", time_payload(old[0], old[1]))
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: Any, note: str = "") -> Meeting:
    """Either side calls an open meeting off; its time is freed and calendars get a cancellation."""
    meeting = _lock_meeting(meeting)
    _side(actor, meeting)
    if meeting.status not in OPEN_STATUSES:
        raise ConflictError(
            f"This meeting is {meeting.get_status_display().lower()}; it cannot be cancelled."
        )
    meeting.status, meeting.awaiting_side = MeetingStatus.CANCELLED, ""
    meeting.sequence += 1
    _save(meeting)
    _release(meeting)
    _record(meeting, actor=actor, action=MeetingAction.CANCELLED, note=note)
    _announce(meeting, "meeting.cancelled")
    return meeting


@transaction.atomic
def record_meeting_outcome(*, meeting: Meeting, actor: Any, outcome: str, note: str = "") -> Meeting:
    """Once a confirmed meeting has started, either side (or staff) records it as held or as a no-show."""
    if outcome not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise ValidationError({"outcome": "Choose held or no_show."})
    meeting = _lock_meeting(meeting)
    if not getattr(actor, "is_staff", False):
        _side(actor, meeting)
    if meeting.status != MeetingStatus.CONFIRMED:
        raise ConflictError(f"This meeting is {meeting.get_status_display().lower()}, not confirmed.")
    if meeting.start is None or meeting.start > timezone.now():
        raise ApplicationError("A meeting's outcome can be recorded once it has started.")
    meeting.status = outcome
    _save(meeting)
    _record(
        meeting,
        actor=actor,
        action=MeetingAction.HELD if outcome == MeetingStatus.HELD else MeetingAction.NO_SHOW,
        note=note,
    )
    _announce(meeting, f"meeting.{outcome}")
    return meeting


@transaction.atomic
def set_video_link(*, meeting: Meeting, actor: Any, video_link: str) -> Meeting:
    """Either side sets the video-call link of an open meeting (calendars get the update)."""
    meeting = _lock_meeting(meeting)
    _side(actor, meeting)
    if meeting.status not in OPEN_STATUSES:
        raise ConflictError(f"This meeting is {meeting.get_status_display().lower()}; it cannot change.")
    meeting.video_link = video_link
    meeting.sequence += 1
    _save(meeting)
    _record(meeting, actor=actor, action=MeetingAction.DETAILS_CHANGED, note=f"Video link: {video_link}")
    _announce(meeting, "meeting.updated")
    return meeting


# --- Calendar feeds -------------------------------------------------------------------------


@transaction.atomic
def rotate_calendar_feed(*, user: Any) -> CalendarFeed:
    """A new secret feed token for `user`; the previous URL stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: Any) -> None:
    """No feed for `user` any more (a later rotate makes a new one)."""
    CalendarFeed.objects.filter(user=user).delete()
