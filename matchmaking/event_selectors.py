"""Reads of matchmaking events, with who-may-see-and-do-what in one place.

Roles: staff (Django `is_staff`) run events; a person speaks for a registration when they belong to
its organisation. Everyone may see events; registrations' requests and agendas are seen by their
organisation's people and staff; the draft schedule, runs and the dashboard by staff only.

The solver's view of an event (`scheduling_problem_for`): participants are registrations, slots
are `EventSlot.index`, tables are numbered from 0 (shown from 1). A registration cannot meet in a
slot when *every* one of its representatives is unavailable then (a representative is unavailable
when they marked the slot, or their own on-demand meeting overlaps it), or when the organisation's
own on-demand meeting overlaps it: one free representative is enough to hold the table.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404

from cities.enums import NeedStatus
from matchmaking import selectors as matching
from matchmaking.enums import (
    PUBLISHED_PHASES,
    EventMeetingStatus,
    MeetingOutcome,
    RequestStatus,
    RunStatus,
)
from matchmaking.models import (
    Event,
    EventMeeting,
    EventMeetingFeedback,
    EventMeetingRequest,
    EventRegistration,
    EventRepresentative,
    EventSession,
    EventSlot,
    ScheduleRun,
)
from scheduling.models import MeetingAttendance
from solutions.enums import SolutionStatus

# --- Who may do what ------------------------------------------------------------------------


def is_event_staff(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def speaks_for(user: Any, registration: EventRegistration) -> bool:
    """Whether `user` belongs to the registered organisation."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.organisation_id
        and user.organisation_id == registration.organisation_id
    )


def can_see_registration(user: Any, registration: EventRegistration) -> bool:
    return is_event_staff(user) or speaks_for(user, registration)


def check_staff(user: Any) -> None:
    if not is_event_staff(user):
        raise PermissionDenied("Only association staff run events.")


# --- Events, sessions, slots ----------------------------------------------------------------


def events_listed() -> QuerySet[Event]:
    """Every event with its first and last slot and its number of registrations, soonest first
    (events without sessions last). One query."""
    return Event.objects.annotate(
        starts_at=Min("slots__start"),
        ends_at=Max("slots__end"),
        registration_count=Count("registrations", distinct=True),
    ).order_by(F("starts_at").asc(nulls_last=True), "id")


def event_by_pk(pk: int) -> Event:
    event = Event.objects.filter(pk=pk).first()
    if event is None:
        raise Http404("No such event.")
    return event


def event_by_slug(slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404("No such event.")
    return event


def access_event(user: Any, pk: int) -> Event:
    """The event (everyone may see events); 404 if absent."""
    return event_by_pk(pk)


def access_event_for_staff(user: Any, pk: int) -> Event:
    """The event if `user` is staff: 404 if absent, 403 if not staff."""
    event = event_by_pk(pk)
    check_staff(user)
    return event


def sessions_of(event: Event) -> QuerySet[EventSession]:
    """The event's sessions in time order, each with `starts_at`/`ends_at` (its first and last
    slot). One query."""
    return (
        EventSession.objects.filter(event=event)
        .annotate(starts_at=Min("slots__start"), ends_at=Max("slots__end"))
        .order_by("day", "start_time", "id")
    )


def slots_of(event: Event) -> QuerySet[EventSlot]:
    return EventSlot.objects.filter(event=event).select_related("session").order_by("index")


def slot_at(event: Event, index: int) -> EventSlot:
    slot = EventSlot.objects.filter(event=event, index=index).select_related("session").first()
    if slot is None:
        raise Http404("No such slot.")
    return slot


# --- Registrations --------------------------------------------------------------------------


def registrations_of(event: Event) -> QuerySet[EventRegistration]:
    """Registrations with their organisation and representatives (and their people). Three queries."""
    return (
        EventRegistration.objects.filter(event=event)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=EventRepresentative.objects.select_related("user").order_by("user__username"),
            )
        )
        .order_by("organisation__name", "id")
    )


def registration_of(event: Event, organisation_id: int | None) -> EventRegistration | None:
    if not organisation_id:
        return None
    return (
        EventRegistration.objects.filter(event=event, organisation_id=organisation_id)
        .select_related("organisation", "event")
        .first()
    )


def own_registration(user: Any, event: Event) -> EventRegistration | None:
    """The registration of `user`'s organisation at `event`, if any."""
    if user is None or not user.is_authenticated:
        return None
    return registration_of(event, user.organisation_id)


def access_registration(user: Any, event: Event, pk: int) -> EventRegistration:
    """A registration of `event` its organisation's people and staff may act on: 404/403."""
    registration = (
        EventRegistration.objects.filter(event=event, pk=pk).select_related("organisation", "event").first()
    )
    if registration is None:
        raise Http404("No such registration.")
    if not can_see_registration(user, registration):
        raise PermissionDenied("Only the organisation's people and staff see this registration.")
    return registration


def viewer_registration(user: Any, event: Event, registration_id: int | None = None) -> EventRegistration:
    """The registration a page or API call is about: staff may name any (`registration_id`), others
    get their own organisation's. 404 when there is none."""
    if registration_id is not None:
        return access_registration(user, event, registration_id)
    registration = own_registration(user, event)
    if registration is None:
        raise Http404("Your organisation is not registered for this event.")
    return registration


def representatives_of(registration: EventRegistration) -> QuerySet[EventRepresentative]:
    return (
        EventRepresentative.objects.filter(registration=registration)
        .select_related("user")
        .prefetch_related("unavailable_slots")
        .order_by("user__username", "id")
    )


def access_representative(user: Any, event: Event, pk: int) -> EventRepresentative:
    """A representative `user` may edit: themself, their organisation's admins, staff (404/403)."""
    representative = (
        EventRepresentative.objects.filter(pk=pk, registration__event=event)
        .select_related("user", "registration__organisation", "registration__event")
        .first()
    )
    if representative is None:
        raise Http404("No such representative.")
    if not can_manage_representative(user, representative):
        raise PermissionDenied("Only the person, their organisation's admins and staff change this.")
    return representative


def can_manage_representative(user: Any, representative: EventRepresentative) -> bool:
    if is_event_staff(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    if representative.user_id == user.pk:
        return True
    return bool(user.is_organisation_admin and speaks_for(user, representative.registration))


# --- Meeting requests -----------------------------------------------------------------------


def _requests() -> QuerySet[EventMeetingRequest]:
    return EventMeetingRequest.objects.select_related(
        "requester__organisation", "receiver__organisation", "requested_by", "session_wish"
    )


def requests_received(registration: EventRegistration) -> QuerySet[EventMeetingRequest]:
    """Requests to `registration`, waiting ones first, then by priority. One query."""
    return _requests().filter(receiver=registration).order_by("-priority", "created_at", "id")


def requests_sent(registration: EventRegistration) -> QuerySet[EventMeetingRequest]:
    return _requests().filter(requester=registration).order_by("created_at", "id")


def requests_of(registration: EventRegistration) -> QuerySet[EventMeetingRequest]:
    """Every request `registration` sent or received, newest first. One query per page."""
    return (
        _requests()
        .filter(Q(requester=registration) | Q(receiver=registration))
        .order_by("-created_at", "-id")
    )


def status_shown_to(user: Any, request: EventMeetingRequest) -> str:
    """The status as `user` may see it: the requester's side sees "no thanks" as "declined"."""
    if (
        request.status == RequestStatus.NO_THANKS
        and not is_event_staff(user)
        and speaks_for(user, request.requester)
    ):
        return RequestStatus.DECLINED
    return request.status


def access_request_for_answer(user: Any, pk: int) -> EventMeetingRequest:
    """A request `user` may answer (its receiver's people): 404 if absent, 403 otherwise."""
    request = _requests().select_related("event").filter(pk=pk).first()
    if request is None:
        raise Http404("No such meeting request.")
    if not speaks_for(user, request.receiver):
        raise PermissionDenied("Only the organisation that was asked answers a request.")
    return request


def paired_registrations(registration: EventRegistration) -> set[int]:
    """Registrations `registration` already has a request with, in either direction. One query."""
    pairs = EventMeetingRequest.objects.filter(
        Q(requester=registration) | Q(receiver=registration)
    ).values_list("requester_id", "receiver_id")
    return {other for pair in pairs for other in pair if other != registration.pk}


# --- Whom to ask: recommendations of the matching engine, limited to registered organisations


@dataclass
class Suggestion:
    """A registered organisation worth asking, with the need/solution pairs that say why."""

    registration: EventRegistration
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)


def whom_to_ask(*, registration: EventRegistration, user: Any, limit: int = 10) -> list[Suggestion]:
    """Registered organisations the matching engine recommends to `registration`, best first.

    A city's open needs are matched to registered providers' solutions; a provider's published
    solutions to registered cities' needs. Organisations already asked (or that asked, in either
    direction) are left out. Each suggestion carries its best reasons (terms, shared sectors).
    """
    others = {
        r.organisation_id: r
        for r in EventRegistration.objects.filter(event_id=registration.event_id)
        .exclude(pk=registration.pk)
        .exclude(pk__in=paired_registrations(registration))
        .select_related("organisation")
    }
    if not others:
        return []
    found: dict[int, Suggestion] = {}

    def add(org_id: int, score: float, reason: dict[str, Any]) -> None:
        other = others.get(org_id)
        if other is None:
            return
        suggestion = found.setdefault(org_id, Suggestion(registration=other, score=0.0))
        suggestion.score = max(suggestion.score, score)
        suggestion.reasons.append(reason)

    organisation = registration.organisation
    wide = max(50, limit * 5)
    for need in organisation.needs.filter(status__in=[NeedStatus.OPEN, NeedStatus.MATCHED]).order_by(
        "-created_at"
    )[:10]:
        for rec in matching.recommended_solutions_for_need(need=need, user=user, limit=wide):
            add(rec.item.provider_id, rec.score, _reason(rec, need=need, solution=rec.item))
    for solution in organisation.solutions.filter(status=SolutionStatus.PUBLISHED).order_by("-created_at")[
        :10
    ]:
        for rec in matching.matching_needs_for_solution(solution=solution, user=user, limit=wide):
            add(rec.item.city_id, rec.score, _reason(rec, need=rec.item, solution=solution))
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.registration.organisation.name))
    for suggestion in ranked:
        suggestion.reasons.sort(key=lambda r: -r["score"])
        del suggestion.reasons[3:]
    return ranked[:limit]


def _reason(rec: Any, *, need: Any, solution: Any) -> dict[str, Any]:
    return {
        "need": need.title,
        "solution": solution.title,
        "score": round(rec.score, 4),
        "terms": [t.term for t in rec.terms[:5]],
        "shared_sectors": list(rec.shared_sectors),
    }


# --- The solver's view of an event ----------------------------------------------------------


def _overlapping(slots: list[EventSlot], starts: list[datetime], start: datetime, end: datetime) -> list[int]:
    """Indexes of the slots (sorted by start) that overlap [start, end)."""
    first = max(0, bisect.bisect_left(starts, start) - 1)
    return [s.index for s in slots[first:] if s.start < end and s.end > start]


def unavailable_slots_by_registration(event: Event) -> dict[int, frozenset[int]]:
    """Slot indexes each registration cannot meet in (see the module docstring for the rule).

    Meetings this event itself published do not count against it (a re-run after publishing
    must not see its own agenda as busy). Four queries.
    """
    slots = list(EventSlot.objects.filter(event=event).order_by("start", "index"))
    if not slots:
        return {}
    starts = [s.start for s in slots]
    span_start, span_end = slots[0].start, max(s.end for s in slots)
    representatives = list(
        EventRepresentative.objects.filter(registration__event=event).values_list(
            "pk", "registration_id", "registration__organisation_id", "user_id"
        )
    )
    through = EventRepresentative.unavailable_slots.through
    marked: dict[int, set[int]] = defaultdict(set)
    for rep_id, index in through.objects.filter(eventrepresentative__registration__event=event).values_list(
        "eventrepresentative_id", "eventslot__index"
    ):
        marked[rep_id].add(index)
    org_ids = {org for _, _, org, _ in representatives}
    user_ids = {user for _, _, _, user in representatives}
    own_meetings = EventMeeting.objects.filter(event=event, meeting__isnull=False).values("meeting_id")
    busy_org: dict[int, set[int]] = defaultdict(set)
    busy_user: dict[int, set[int]] = defaultdict(set)
    claims = (
        MeetingAttendance.objects.filter(active=True, start__lt=span_end, end__gt=span_start)
        .filter(Q(participant__organisation_id__in=org_ids) | Q(participant__user_id__in=user_ids))
        .exclude(meeting_id__in=own_meetings)
        .values_list("participant__organisation_id", "participant__user_id", "start", "end")
    )
    for org_id, user_id, start, end in claims:
        target = busy_org[org_id] if org_id else busy_user[user_id]
        target.update(_overlapping(slots, starts, start, end))
    per_registration: dict[int, list[set[int]]] = defaultdict(list)
    org_of: dict[int, int] = {}
    for rep_id, registration_id, org_id, user_id in representatives:
        per_registration[registration_id].append(marked[rep_id] | busy_user[user_id])
        org_of[registration_id] = org_id
    result = {}
    for registration_id, sets in per_registration.items():
        everyone_away = set.intersection(*sets) if sets else set()
        result[registration_id] = frozenset(everyone_away | busy_org[org_of[registration_id]])
    return result


def session_ranges(event: Event) -> list[tuple[EventSession, int, int]]:
    """Each session with its half-open range of slot indexes, in time order. One query."""
    sessions = (
        EventSession.objects.filter(event=event)
        .annotate(first=Min("slots__index"), last=Max("slots__index"))
        .order_by("day", "start_time", "id")
    )
    return [(s, s.first, s.last + 1) for s in sessions if s.first is not None]


def event_meetings_to_schedule(event: Event) -> QuerySet[EventMeeting]:
    """The accepted requests' placements the scheduler works on. One query."""
    return (
        EventMeeting.objects.filter(event=event, request__status=RequestStatus.ACCEPTED)
        .exclude(status=EventMeetingStatus.CANCELLED)
        .select_related("slot", "request", "requester__organisation", "receiver__organisation")
        .order_by("-request__priority", "request__created_at", "id")
    )


# --- The draft, runs and the agenda ---------------------------------------------------------


def _event_meetings() -> QuerySet[EventMeeting]:
    return EventMeeting.objects.select_related(
        "slot__session",
        "request__session_wish",
        "requester__organisation",
        "receiver__organisation",
        "meeting",
    )


def schedule_of(event: Event) -> QuerySet[EventMeeting]:
    """Every placement of the event (placed first, by slot and table; then the unplaced). One query."""
    return (
        _event_meetings()
        .filter(event=event)
        .exclude(request__status__in=[RequestStatus.DECLINED, RequestStatus.NO_THANKS])
        .order_by("slot__index", "table", "id")
    )


def access_event_meeting_for_staff(user: Any, pk: int) -> EventMeeting:
    meeting = _event_meetings().select_related("event").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such event meeting.")
    check_staff(user)
    return meeting


def access_event_meeting(user: Any, pk: int) -> EventMeeting:
    """A placed meeting its two organisations' people (and staff) may see: 404/403."""
    meeting = _event_meetings().select_related("event").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such event meeting.")
    if not (
        is_event_staff(user) or speaks_for(user, meeting.requester) or speaks_for(user, meeting.receiver)
    ):
        raise PermissionDenied("Only the two organisations of a meeting (and staff) see it.")
    return meeting


@dataclass
class GridRow:
    slot: EventSlot
    cells: list[EventMeeting | None]


def draft_grid(event: Event, meetings: Iterable[EventMeeting]) -> list[GridRow]:
    """Slots x tables, each cell the meeting placed there (or None). Reads slots (one query)."""
    placed = {(m.slot_id, m.table): m for m in meetings if m.slot_id is not None}
    return [
        GridRow(slot=slot, cells=[placed.get((slot.pk, table)) for table in range(1, event.tables + 1)])
        for slot in slots_of(event)
    ]


def runs_of(event: Event) -> QuerySet[ScheduleRun]:
    return ScheduleRun.objects.filter(event=event).order_by("-started_at", "-id")


def latest_run(event: Event) -> ScheduleRun | None:
    return runs_of(event).first()


def running_run(event: Event) -> ScheduleRun | None:
    return runs_of(event).filter(status=RunStatus.RUNNING).first()


def access_run(user: Any, event: Event, pk: int) -> ScheduleRun:
    run = ScheduleRun.objects.filter(event=event, pk=pk).first()
    if run is None:
        raise Http404("No such run.")
    check_staff(user)
    return run


def agenda_of(registration: EventRegistration) -> QuerySet[EventMeeting]:
    """The placed meetings of `registration` in time order, once the agenda is published (staff
    preview drafts on the schedule page). One query."""
    if registration.event.phase not in PUBLISHED_PHASES:
        return EventMeeting.objects.none()
    return (
        _event_meetings()
        .filter(Q(requester=registration) | Q(receiver=registration), slot__isnull=False)
        .exclude(status=EventMeetingStatus.CANCELLED)
        .order_by("slot__index", "table")
    )


def other_side(meeting: EventMeeting, registration: EventRegistration) -> EventRegistration:
    return meeting.receiver if meeting.requester_id == registration.pk else meeting.requester


def feedback_by_meeting(registration: EventRegistration) -> dict[int, EventMeetingFeedback]:
    return {f.meeting_id: f for f in EventMeetingFeedback.objects.filter(registration=registration)}


def table_signs(event: Event) -> list[tuple[int, list[EventMeeting]]]:
    """Per table (from 1), its meetings in time order. One query."""
    by_table: dict[int, list[EventMeeting]] = {table: [] for table in range(1, event.tables + 1)}
    for meeting in schedule_of(event).filter(slot__isnull=False).exclude(status=EventMeetingStatus.CANCELLED):
        by_table.setdefault(meeting.table or 0, []).append(meeting)
    return sorted(by_table.items())


# --- The day and after ----------------------------------------------------------------------


def check_in_list(event: Event) -> QuerySet[EventRepresentative]:
    """Every representative with their organisation, for the check-in desk. One query."""
    return (
        EventRepresentative.objects.filter(registration__event=event)
        .select_related("user", "registration__organisation")
        .order_by("registration__organisation__name", "user__username", "id")
    )


def dashboard_counts(event: Event) -> dict[str, int]:
    """Live figures: representatives checked in, organisations present, meetings by status. Two queries."""
    reps = EventRepresentative.objects.filter(registration__event=event).aggregate(
        total=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        organisations_present=Count("registration", filter=Q(checked_in_at__isnull=False), distinct=True),
    )
    statuses = Counter(
        dict(
            EventMeeting.objects.filter(event=event, slot__isnull=False)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    return {
        "representatives": reps["total"],
        "checked_in": reps["checked_in"],
        "organisations_present": reps["organisations_present"],
        "meetings": sum(statuses.values()) - statuses[EventMeetingStatus.CANCELLED],
        **{f"meetings_{status}": statuses[status] for status in EventMeetingStatus.values},
    }


@dataclass
class Bar:
    label: str
    count: int
    percent: int


def _bars(counts: dict[str, int], labels: dict[str, str]) -> list[Bar]:
    top = max(counts.values(), default=0) or 1
    return [
        Bar(label=labels[key], count=counts.get(key, 0), percent=round(100 * counts.get(key, 0) / top))
        for key in labels
    ]


def event_report(event: Event) -> dict[str, Any]:
    """Staff figures after the event: meetings by status, ratings 1-5, outcomes, as bars. Three queries."""
    statuses = dict(
        EventMeeting.objects.filter(event=event, slot__isnull=False)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    feedback = EventMeetingFeedback.objects.filter(meeting__event=event)
    ratings = dict(feedback.values_list("rating").annotate(n=Count("pk")).values_list("rating", "n"))
    outcomes = dict(feedback.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    total_ratings = sum(ratings.values())
    average = sum(r * n for r, n in ratings.items()) / total_ratings if total_ratings else None
    return {
        "status_bars": _bars(statuses, dict(EventMeetingStatus.choices)),
        "rating_bars": _bars(
            {str(k): v for k, v in ratings.items()}, {str(n): f"{n} ★" for n in range(1, 6)}
        ),
        "outcome_bars": _bars(outcomes, dict(MeetingOutcome.choices)),
        "held": statuses.get(EventMeetingStatus.HELD, 0),
        "no_shows": statuses.get(EventMeetingStatus.NO_SHOW, 0),
        "placed": sum(statuses.values()),
        "ratings": total_ratings,
        "average_rating": round(average, 2) if average is not None else None,
    }
