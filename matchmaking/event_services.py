"""Writes of matchmaking events before the schedule: events and their sessions (slots are
materialised here), phases, registration, representatives' unavailability, meeting requests and
their answers, and the participants' feedback afterwards.

Every service is atomic, checks the actor's right and the event's phase, and calls `full_clean()`
before saving. Live events go out only after the commit (`common.realtime.notify`).
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from accounts.models import Organisation, User
from common.exceptions import ApplicationError, ConflictError
from common.realtime import notify
from common.slugs import unique_slug
from matchmaking import event_selectors as selectors
from matchmaking.enums import (
    ANSWER_PHASES,
    AVAILABILITY_PHASES,
    FEEDBACK_PHASES,
    PHASE_TRANSITIONS,
    PUBLISHED_PHASES,
    REGISTRATION_PHASES,
    REQUEST_PHASES,
    SESSION_EDIT_PHASES,
    EventMeetingStatus,
    EventPhase,
    RequestAnswer,
    RequestPriority,
    RequestStatus,
)
from matchmaking.event_realtime import broadcast_dashboard
from matchmaking.models import (
    Event,
    EventMeeting,
    EventMeetingFeedback,
    EventMeetingRequest,
    EventRegistration,
    EventRepresentative,
    EventSession,
    EventSlot,
)
from scheduling.availability import local_instant

EVENT_FIELDS = frozenset(
    {"name", "description", "venue", "online_url", "time_zone", "meeting_minutes", "tables"}
)
# Changing these moves every slot: only while sessions may still change.
SLOT_SHAPING_FIELDS = frozenset({"time_zone", "meeting_minutes"})
# Slot indexes are renumbered in two steps (out of the way, then into place) so the unique
# (event, index) constraint holds after every statement.
RENUMBER_OFFSET = 1_000_000


def check_phase(event: Event, allowed: Sequence[str], doing: str) -> None:
    """ApplicationError (400) naming the phases that allow `doing`, unless the event is in one."""
    if event.phase not in allowed:
        phases = ", ".join(EventPhase(p).label.lower() for p in allowed)
        raise ApplicationError(
            f"{doing} is possible while the event is {phases}; it is {event.get_phase_display().lower()}."
        )


def lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends: writes to one event take turns."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _people_of_organisation(organisation_id: int) -> list[Any]:
    return list(User.objects.filter(organisation_id=organisation_id, is_active=True).order_by("pk"))


# --- Events, sessions and slots -------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    actor: Any,
    name: str,
    time_zone: str,
    venue: str = "",
    online_url: str = "",
    description: str = "",
    meeting_minutes: int = 30,
    tables: int = 10,
    sessions: Iterable[dict[str, Any]] = (),
) -> Event:
    """A new event, open for registration, with its first sessions (slots materialised). Staff only."""
    selectors.check_staff(actor)
    event = Event(
        name=name,
        slug=unique_slug(Event, name),
        description=description,
        venue=venue,
        online_url=online_url,
        time_zone=time_zone,
        meeting_minutes=meeting_minutes,
        tables=tables,
        created_by=actor,
    )
    event.full_clean()
    event.save()
    for session in sessions:
        _add_session(event, **session)
    materialise_slots(event)
    return event


@transaction.atomic
def update_event(*, event: Event, actor: Any, **changes: Any) -> Event:
    """Change an event's details. Time zone and meeting length move every slot, so they change only
    while sessions may; tables never drop below a table the draft uses."""
    selectors.check_staff(actor)
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    event = lock_event(event)
    reshaped = {name for name in SLOT_SHAPING_FIELDS & set(changes) if changes[name] != getattr(event, name)}
    if reshaped:
        check_phase(event, SESSION_EDIT_PHASES, "Changing the time zone or meeting length")
        _check_nothing_placed(event)
    if "tables" in changes:
        if event.phase in PUBLISHED_PHASES and changes["tables"] != event.tables:
            raise ApplicationError("Tables cannot change once the agenda is published.")
        used = EventMeeting.objects.filter(event=event).aggregate(top=Max("table"))["top"] or 0
        if changes["tables"] is not None and changes["tables"] < used:
            raise ValidationError(
                {"tables": f"The draft schedule uses table {used}; unplace its meetings first."}
            )
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if reshaped:
        materialise_slots(event)
    return event


@transaction.atomic
def change_event_phase(*, event: Event, actor: Any, phase: str) -> Event:
    """Move the event to `phase` if the move is allowed (`enums.PHASE_TRANSITIONS`); publishing is
    the only way into "agenda published" (`event_publishing.publish_schedule`)."""
    selectors.check_staff(actor)
    event = lock_event(event)
    allowed = PHASE_TRANSITIONS[event.phase]
    if phase not in allowed:
        targets = ", ".join(EventPhase(p).label.lower() for p in allowed) or "nothing (it is final)"
        hint = " Publish the schedule to publish the agenda." if phase == EventPhase.AGENDA_PUBLISHED else ""
        raise ValidationError(
            {"phase": f"An event that is {event.get_phase_display().lower()} can move to: {targets}.{hint}"}
        )
    if phase == EventPhase.SCHEDULING and not event.slots.exists():
        raise ValidationError({"phase": "Add at least one session before scheduling."})
    event.phase = phase
    event.save(update_fields=["phase", "updated_at"])
    broadcast_dashboard(event.pk, "event.phase_changed", {"phase": phase, "label": event.get_phase_display()})
    return event


def _check_nothing_placed(event: Event) -> None:
    """Slots that meetings occupy must not move or vanish."""
    if (
        EventMeeting.objects.filter(event=event)
        .filter(Q(slot__isnull=False) | Q(published_slot__isnull=False))
        .exists()
    ):
        raise ApplicationError("Slots cannot change once meetings are placed; unplace them first.")


def _session_interval(
    event: Event, day: date, start_time: time, slot_count: int
) -> tuple[datetime, datetime]:
    start = local_instant(day, start_time, zoneinfo.ZoneInfo(event.time_zone))
    return start, start + timedelta(minutes=event.meeting_minutes * slot_count)


def _add_session(event: Event, *, day: date, name: str, start_time: time, slot_count: int) -> EventSession:
    session = EventSession(event=event, day=day, name=name, start_time=start_time, slot_count=slot_count)
    session.full_clean()
    start, end = _session_interval(event, day, start_time, slot_count)
    for other in EventSession.objects.filter(event=event, day__gte=day - timedelta(days=1)).exclude(
        pk=session.pk
    ):
        other_start, other_end = _session_interval(event, other.day, other.start_time, other.slot_count)
        if start < other_end and other_start < end:
            raise ValidationError({"start_time": f"It overlaps the session “{other}”."})
    session.save()
    return session


@transaction.atomic
def add_event_session(
    *, event: Event, actor: Any, day: date, name: str, start_time: time, slot_count: int
) -> EventSession:
    """A session of `slot_count` consecutive slots from `start_time` (event time zone) on `day`;
    sessions never overlap. The event's slots are renumbered in time order."""
    selectors.check_staff(actor)
    event = lock_event(event)
    check_phase(event, SESSION_EDIT_PHASES, "Changing sessions")
    _check_nothing_placed(event)
    session = _add_session(event, day=day, name=name, start_time=start_time, slot_count=slot_count)
    materialise_slots(event)
    return session


@transaction.atomic
def remove_event_session(*, session: EventSession, actor: Any) -> None:
    """Drop a session with its slots (and the unavailability marked in them)."""
    selectors.check_staff(actor)
    event = lock_event(session.event)
    check_phase(event, SESSION_EDIT_PHASES, "Changing sessions")
    _check_nothing_placed(event)
    session.delete()
    materialise_slots(event)


def materialise_slots(event: Event) -> list[EventSlot]:
    """Make the event's slot rows match its sessions: consecutive slots of `meeting_minutes` from each
    session's start (wall-clock time in the event's zone, so a session on either side of a
    daylight-saving change starts at its local time), numbered from 0 in time order. Existing rows
    are kept (and with them the unavailability marked in them) where a session keeps that slot."""
    length = timedelta(minutes=event.meeting_minutes)
    by_session: dict[int, list[EventSlot]] = defaultdict(list)
    for slot in EventSlot.objects.filter(event=event).order_by("index"):
        by_session[slot.session_id].append(slot)
    existing = {
        (session_id, position): slot
        for session_id, slots in by_session.items()
        for position, slot in enumerate(slots)
    }
    EventSlot.objects.filter(event=event).update(index=F("index") + RENUMBER_OFFSET)
    wanted: list[EventSlot] = []
    index = 0
    sessions = EventSession.objects.filter(event=event).order_by("day", "start_time", "id")
    timed = sorted(
        ((_session_interval(event, s.day, s.start_time, s.slot_count)[0], s) for s in sessions),
        key=lambda pair: (pair[0], pair[1].pk),
    )
    for start, session in timed:
        for position in range(session.slot_count):
            slot = existing.pop((session.pk, position), None) or EventSlot(event=event, session=session)
            slot.index = index
            slot.start = start + position * length
            slot.end = slot.start + length
            wanted.append(slot)
            index += 1
    if existing:
        EventSlot.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    EventSlot.objects.bulk_update([s for s in wanted if s.pk], ["index", "start", "end"])
    EventSlot.objects.bulk_create([s for s in wanted if not s.pk])
    return wanted


# --- Registration and availability ----------------------------------------------------------


@transaction.atomic
def register_organisation(
    *,
    event: Event,
    actor: Any,
    organisation: Organisation | None = None,
    representatives: Sequence[Any] | None = None,
) -> EventRegistration:
    """Register the actor's organisation (staff: any organisation) with its representatives, by
    default the actor. Only people of the organisation represent it; members name themselves,
    organisation admins and staff anyone of it. 409 if it is registered already."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("Log in to register.")
    organisation = organisation or actor.organisation
    if organisation is None:
        raise ValidationError({"organisation": "You do not belong to a member organisation yet."})
    is_staff = selectors.is_event_staff(actor)
    if not is_staff and organisation.pk != actor.organisation_id:
        raise PermissionDenied("You can register only your own organisation.")
    event = lock_event(event)
    check_phase(event, REGISTRATION_PHASES, "Registration")
    people = list(representatives) if representatives else []
    if not people:
        if actor.organisation_id != organisation.pk:
            raise ValidationError({"representatives": "Name at least one person of the organisation."})
        people = [actor]
    _check_representatives(actor, organisation, people)
    if EventRegistration.objects.filter(event=event, organisation=organisation).exists():
        raise ConflictError(f"{organisation} is already registered for {event}.")
    registration = EventRegistration(event=event, organisation=organisation, registered_by=actor)
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # a second registration raced this one
        raise ConflictError(f"{organisation} is already registered for {event}.") from exc
    EventRepresentative.objects.bulk_create(
        EventRepresentative(registration=registration, user=person)
        for person in {p.pk: p for p in people}.values()
    )
    return registration


def _check_representatives(actor: Any, organisation: Organisation, people: Sequence[Any]) -> None:
    strangers = [str(p) for p in people if p.organisation_id != organisation.pk]
    if strangers:
        raise ValidationError({"representatives": f"Not people of {organisation}: {', '.join(strangers)}."})
    may_name_others = selectors.is_event_staff(actor) or (
        actor.is_organisation_admin and actor.organisation_id == organisation.pk
    )
    if not may_name_others and any(p.pk != actor.pk for p in people):
        raise ValidationError(
            {"representatives": "Only your organisation's admins name other people; add yourself."}
        )


@transaction.atomic
def add_representative(*, registration: EventRegistration, actor: Any, user: Any) -> EventRepresentative:
    """Someone else of the organisation attends too (themself, or named by an admin or staff)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("Log in first.")
    if not (selectors.is_event_staff(actor) or selectors.speaks_for(actor, registration)):
        raise PermissionDenied("Only the organisation's people and staff change its registration.")
    event = lock_event(registration.event)
    if event.phase == EventPhase.CLOSED:
        raise ApplicationError("The event is closed.")
    _check_representatives(actor, registration.organisation, [user])
    representative, _ = EventRepresentative.objects.get_or_create(registration=registration, user=user)
    return representative


@transaction.atomic
def set_unavailable_slots(
    *, representative: EventRepresentative, actor: Any, slots: Iterable[EventSlot]
) -> EventRepresentative:
    """The slots `representative` cannot attend (replacing the previous choice)."""
    if not selectors.can_manage_representative(actor, representative):
        raise PermissionDenied("Only the person, their organisation's admins and staff change this.")
    event = lock_event(representative.registration.event)
    check_phase(event, AVAILABILITY_PHASES, "Changing availability")
    chosen = list(slots)
    if any(slot.event_id != event.pk for slot in chosen):
        raise ValidationError({"slots": "Choose slots of this event."})
    representative.unavailable_slots.set(chosen)
    return representative


# --- Meeting requests -----------------------------------------------------------------------


@transaction.atomic
def request_event_meeting(
    *,
    event: Event,
    actor: Any,
    receiver: EventRegistration,
    message: str = "",
    priority: int = RequestPriority.NORMAL,
    session_wish: EventSession | None = None,
) -> EventMeetingRequest:
    """The actor's organisation asks `receiver` for a meeting at `event`. One request per pair:
    409 when either side already asked the other."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("Log in to ask for a meeting.")
    requester = selectors.own_registration(actor, event)
    if requester is None:
        raise ApplicationError("Register your organisation for this event first.")
    event = lock_event(event)
    check_phase(event, REQUEST_PHASES, "Asking for meetings")
    if receiver.event_id != event.pk:
        raise ValidationError({"receiver": "Choose an organisation registered for this event."})
    if receiver.pk == requester.pk:
        raise ValidationError({"receiver": "You cannot ask your own organisation for a meeting."})
    if session_wish is not None and session_wish.event_id != event.pk:
        raise ValidationError({"session_wish": "Choose a session of this event."})
    existing = EventMeetingRequest.objects.filter(
        Q(requester=requester, receiver=receiver) | Q(requester=receiver, receiver=requester)
    ).first()
    if existing is not None:
        if existing.requester_id == requester.pk:
            raise ConflictError(f"You already asked {receiver} for a meeting.")
        raise ConflictError(f"{receiver} already asked you for a meeting; answer their request instead.")
    request = EventMeetingRequest(
        event=event,
        requester=requester,
        receiver=receiver,
        requested_by=actor,
        message=message,
        priority=priority,
        session_wish=session_wish,
    )
    request.full_clean(exclude=["requester", "receiver", "event", "requested_by"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:  # the same pair, asked at the same moment
        raise ConflictError(f"You already asked {receiver} for a meeting.") from exc
    payload = {"event": event.pk, "request": request.pk, "from": str(requester)}
    for person in _people_of_organisation(receiver.organisation_id):
        notify(person, "event.request_received", payload)
    return request


ANSWER_STATUS = {
    RequestAnswer.ACCEPT: RequestStatus.ACCEPTED,
    RequestAnswer.DECLINE: RequestStatus.DECLINED,
    RequestAnswer.NO_THANKS: RequestStatus.NO_THANKS,
}


@transaction.atomic
def answer_event_meeting_request(
    *, request: EventMeetingRequest, actor: Any, answer: str
) -> EventMeetingRequest:
    """The receiver accepts (the meeting joins the next scheduler run), declines, or says "no thanks"
    (final). A declined request may still be accepted later; accepted and no-thanks are final."""
    if answer not in ANSWER_STATUS:
        raise ValidationError({"answer": f"Answer one of: {', '.join(RequestAnswer.values)}."})
    if not selectors.speaks_for(actor, request.receiver):
        raise PermissionDenied("Only the organisation that was asked answers a request.")
    event = lock_event(request.event)
    check_phase(event, ANSWER_PHASES, "Answering requests")
    request = EventMeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (RequestStatus.PENDING, RequestStatus.DECLINED):
        raise ConflictError(f"This request was answered already ({request.get_status_display().lower()}).")
    request.status = ANSWER_STATUS[RequestAnswer(answer)]
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save(update_fields=["status", "answered_by", "answered_at", "updated_at"])
    if request.status == RequestStatus.ACCEPTED:
        EventMeeting.objects.get_or_create(
            request=request,
            defaults={
                "event": event,
                "requester_id": request.requester_id,
                "receiver_id": request.receiver_id,
            },
        )
    shown = RequestStatus.DECLINED if request.status == RequestStatus.NO_THANKS else request.status
    payload = {"event": event.pk, "request": request.pk, "status": shown, "by": str(request.receiver)}
    for person in _people_of_organisation(request.requester.organisation_id):
        notify(person, "event.request_answered", payload)
    return request


# --- After the event ------------------------------------------------------------------------


@transaction.atomic
def submit_meeting_feedback(
    *, meeting: EventMeeting, actor: Any, rating: int, outcome: str, comment: str = ""
) -> EventMeetingFeedback:
    """One side's rating (1-5) and outcome of a meeting that took place (a second answer replaces it)."""
    if selectors.speaks_for(actor, meeting.requester):
        registration = meeting.requester
    elif selectors.speaks_for(actor, meeting.receiver):
        registration = meeting.receiver
    else:
        raise PermissionDenied("Only the two organisations of a meeting rate it.")
    check_phase(meeting.event, FEEDBACK_PHASES, "Rating meetings")
    if meeting.slot is None or meeting.status == EventMeetingStatus.CANCELLED:
        raise ApplicationError("This meeting was not on the agenda.")
    if meeting.slot.start > timezone.now():
        raise ApplicationError("You can rate a meeting once it has started.")
    feedback = EventMeetingFeedback.objects.filter(meeting=meeting, registration=registration).first()
    feedback = feedback or EventMeetingFeedback(meeting=meeting, registration=registration)
    feedback.rating, feedback.outcome, feedback.comment = rating, outcome, comment
    feedback.submitted_by = actor
    feedback.full_clean(exclude=["meeting", "registration", "submitted_by"])
    feedback.save()
    return feedback
