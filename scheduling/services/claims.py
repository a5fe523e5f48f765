"""Calendar claims: how a meeting holds time in its participants' calendars.

Zulip's validate-lock-write: check the offer, lock the calendars involved (`lock_calendars`), re-check
them with one overlap query, write one `MeetingAttendance` per participant. A claim lost to another one
raises `TimeTaken`, which `answer_conflicts` turns into a `ConflictError` (409) carrying the invitee's
free slots, read after the rollback. `release_meeting_times` gives the time back.

This is the one place that writes `MeetingAttendance` rows: on-demand booking
(`scheduling.services.meetings`) and meetings placed by an event (`scheduling.services.placements`)
both claim through `claim_times` and release through `release_meeting_times`.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from accounts.models import Organisation, User
from common.exceptions import ConflictError
from scheduling import selectors
from scheduling.models import MAX_MEETING_MINUTES, Meeting, MeetingAttendance, Participant
from scheduling.realtime import broadcast_availability, time_payload
from scheduling.services.availability import ensure_participant

P = ParamSpec("P")
R = TypeVar("R")

TAKEN_MESSAGE = gettext_noop("That time was taken meanwhile. Here are the free slots now.")
# Claims are serialised per participant and per hour of time they touch (see `lock_calendars`).
LOCK_BUCKET_SECONDS = 3600


def _time_zone_of(user: User) -> str:
    return user.time_zone or "UTC"


def meeting_time(meeting: Meeting) -> tuple[datetime, datetime]:
    """The start and end of a meeting that has a time; a ValueError for one that has none (only
    a meeting with a time can claim it)."""
    if meeting.start is None or meeting.end is None:
        raise ValueError("Give the meeting a time before claiming it.")
    return meeting.start, meeting.end


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from `start` to `end`."""
    return int((end - start).total_seconds() // 60)


def _by_user(participants: Iterable[Participant]) -> dict[int, Participant]:
    """Participant rows of people, by user id (rows of organisations have none and are left out)."""
    return {p.user_id: p for p in participants if p.user_id is not None}


def _by_organisation(participants: Iterable[Participant]) -> dict[int, Participant]:
    """Participant rows of organisations, by organisation id (rows of people are left out)."""
    return {p.organisation_id: p for p in participants if p.organisation_id is not None}


def participants_for_people(people: Sequence[User], known: Iterable[Participant] = ()) -> list[Participant]:
    """The participant rows of `people` (in order), created with default settings if missing. No
    query for those in `known`; one for the others, and an insert and a read-back if some have none
    yet (rows a concurrent writer created meanwhile are read back, not duplicated)."""
    found = {p.user_id: p for p in known if p.user_id is not None}
    wanted = [person.pk for person in people if person.pk not in found]
    if wanted:
        found.update(_by_user(Participant.objects.filter(user_id__in=wanted)))
    missing = list({person.pk: person for person in people if person.pk not in found}.values())
    if len(missing) == 1:  # the usual booking: the same query as `ensure_participant`
        found[missing[0].pk] = ensure_participant(user=missing[0])
    elif missing:
        Participant.objects.bulk_create(
            [Participant(user=person, time_zone=person.time_zone or "UTC") for person in missing],
            ignore_conflicts=True,
        )
        found.update(_by_user(Participant.objects.filter(user_id__in=[person.pk for person in missing])))
    rows = []
    for person in people:
        participant = found[person.pk]
        participant.user = person  # the person is at hand: no query when the row is named later
        rows.append(participant)
    return rows


def participants_for_organisations(organisations: Sequence[Organisation]) -> dict[int, Participant]:
    """The participant row of each organisation, by organisation id, created with default settings
    if missing. One query, and an insert and a read-back if some have none yet (rows a concurrent
    writer created meanwhile are read back, not duplicated)."""
    found = _by_organisation(Participant.objects.filter(organisation__in=organisations))
    missing = list({o.pk: o for o in organisations if o.pk not in found}.values())
    if missing:
        Participant.objects.bulk_create([Participant(organisation=o) for o in missing], ignore_conflicts=True)
        found.update(_by_organisation(Participant.objects.filter(organisation__in=missing)))
    for organisation in organisations:
        found[organisation.pk].organisation = organisation
    return found


def _claimants(meeting: Meeting, known: Iterable[Participant] = ()) -> list[Participant]:
    """Everyone whose calendar the meeting takes: both sides and the people attending for them.
    One query at most."""
    people: list[User] = []
    if meeting.organiser.is_organisation:
        people.append(meeting.requested_by)
    if meeting.invitee.is_organisation and meeting.accepted_by is not None:
        people.append(meeting.accepted_by)
    claimants = [meeting.organiser, meeting.invitee, *participants_for_people(people, known)]
    return list({p.pk: p for p in claimants}.values())


class TimeTaken(Exception):  # noqa: N818 -- a signal, turned into a ConflictError (409)
    """A claim lost to another one. Raised inside the service's transaction and answered by
    `answer_conflicts` after the rollback, so the free slots are computed without holding locks."""

    def __init__(self, message: str, *, meeting: Meeting, actor: User, start: datetime, length: int) -> None:
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


def answer_conflicts(service: Callable[P, R]) -> Callable[P, R]:
    """Wraps an atomic service that claims time: a time taken meanwhile becomes a ConflictError (409)
    carrying the invitee's free slots now, read after the service's transaction rolled back."""

    @functools.wraps(service)
    def answered(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except TimeTaken as taken:
            raise taken.conflict() from taken

    return answered


def _check_offered(meeting: Meeting, *, start: datetime, length: int) -> None:
    """400 unless a meeting of `length` at `start` is one of the invitee's offered slots (weekly rules
    and exceptions; whether it is still free is checked under the lock). Two queries."""
    invitee = meeting.invitee
    if length not in invitee.meeting_lengths:
        raise ValidationError(
            {
                "length": gettext("%(invitee)s offers meetings of %(meeting_lengths)s minutes.")
                % {"invitee": invitee, "meeting_lengths": invitee.meeting_lengths}
            }
        )
    offered = selectors.free_slots_for(
        participant=invitee,
        start=start,
        end=start + timedelta(seconds=1),
        viewer_time_zone="UTC",
        length=length,
        ignore_busy=True,
    )
    if not offered:
        raise ValidationError(
            {"start": gettext("%(invitee)s does not offer a meeting at that time.") % {"invitee": invitee}}
        )


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


def claim_meeting_time(
    meeting: Meeting,
    *,
    actor: User,
    from_availability: bool,
    known: Iterable[Participant] = (),
    new_meeting: bool = False,
) -> list[Participant]:
    """Make `meeting`'s participants hold its time; returns them. Raises `TimeTaken` if any is taken.

    `from_availability`: the organiser side picked the time, so it must be one of the invitee's
    offered slots (buffers and exceptions included); the invitee side may pick any time it is free.
    What needs no lock comes first (the offer, the participants); the locked part is three
    statements (lock, overlap check, write) followed by the commit, so callers record and announce
    before they claim. `known`: participant rows already at hand; `new_meeting`: it holds no time yet.
    """
    start, end = meeting_time(meeting)
    length = minutes_between(start, end)
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
            message = gettext(TAKEN_MESSAGE)
        else:
            busiest = next(p for p in claimants if p.pk == busy[0])
            message = f"{busiest} already has a meeting at that time. Here are the free slots now."
        raise TimeTaken(message, meeting=meeting, actor=actor, start=start, length=length)
    try:
        claim_times([(meeting, claimants)])
    except IntegrityError as exc:  # the exclusion constraint: a writer that took no lock
        raise TimeTaken(
            gettext(TAKEN_MESSAGE), meeting=meeting, actor=actor, start=start, length=length
        ) from exc
    return claimants


def claim_times(claims: Sequence[tuple[Meeting, Sequence[Participant]]]) -> None:
    """Make each meeting's participants hold its time (an active `MeetingAttendance` each, written or
    re-activated), and tell their booking pages after the commit. One statement for all; callers
    lock and check first (`lock_calendars`), the exclusion constraint backs them up."""
    times = [meeting_time(meeting) for meeting, _ in claims]
    rows = [
        MeetingAttendance(meeting=meeting, participant=participant, start=start, end=end)
        for (meeting, participants), (start, end) in zip(claims, times, strict=True)
        for participant in participants
    ]
    if not rows:
        return
    MeetingAttendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["meeting", "participant"],
        update_fields=["start", "end", "active"],
    )
    for (_, participants), (start, end) in zip(claims, times, strict=True):
        for participant in participants:
            broadcast_availability(
                participant.key,
                "slots.taken",
                time_payload(start, end, buffer_minutes=participant.buffer_minutes),
            )


def release_meeting_times(meetings: Iterable[Meeting]) -> None:
    """Free these meetings' time in every participant's calendar (the rows stay, inactive) and tell
    their booking pages after the commit. Two queries, however many meetings."""
    ids = [meeting.pk for meeting in meetings]
    if not ids:
        return
    active = MeetingAttendance.objects.filter(meeting_id__in=ids, active=True)
    claims = list(active.select_related("participant"))
    active.update(active=False)
    for claim in claims:
        broadcast_availability(claim.participant.key, "slots.released", time_payload(claim.start, claim.end))
