"""The solver's view of an event, the draft schedule and its grid, scheduler runs, and each
registration's agenda.

The solver's view of an event (`scheduling_problem_for`): participants are registrations, slots
are `EventSlot.index`, tables are numbered from 0 (shown from 1). A registration cannot meet in a
slot when *every* one of its representatives is unavailable then (a representative is unavailable
when they marked the slot, or their own on-demand meeting overlaps it), or when the organisation's
own on-demand meeting overlaps it: one free representative is enough to hold the table.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from accounts.models import User
from events.enums import (
    ACTIVE_RUN_STATUSES,
    PUBLISHED_PHASES,
    EventMeetingStatus,
    RequestStatus,
    RunStatus,
)
from events.models import (
    Event,
    EventMeeting,
    EventRegistration,
    EventRepresentative,
    EventSession,
    EventSlot,
    ScheduleRun,
)
from events.selectors.access import check_staff, is_event_staff, speaks_for
from events.selectors.setup import slots_of
from scheduling.models import MeetingAttendance

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


def access_event_meeting_for_staff(user: User | AnonymousUser, pk: int) -> EventMeeting:
    meeting = _event_meetings().select_related("event").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such event meeting.")
    check_staff(user)
    return meeting


def access_event_meeting(user: User | AnonymousUser, pk: int) -> EventMeeting:
    """A placed meeting its two organisations' people (and staff) may see: 404/403."""
    meeting = _event_meetings().select_related("event").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such event meeting.")
    if not (
        is_event_staff(user) or speaks_for(user, meeting.requester) or speaks_for(user, meeting.receiver)
    ):
        raise PermissionDenied(gettext("Only the two organisations of a meeting (and staff) see it."))
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


def stranded_schedule_run_ids(*, queued_before: datetime) -> list[int]:
    """Runs still queued that were started before `queued_before`: their hand-over to a worker was
    lost (the broker was down at the time), or their task is still waiting behind others."""
    return list(
        ScheduleRun.objects.filter(status=RunStatus.QUEUED, started_at__lt=queued_before)
        .order_by("started_at", "pk")
        .values_list("pk", flat=True)
    )


def latest_run(event: Event) -> ScheduleRun | None:
    return runs_of(event).first()


def active_run(event: Event) -> ScheduleRun | None:
    """The event's run that is queued or running, if any (at most one: a database rule)."""
    return runs_of(event).filter(status__in=ACTIVE_RUN_STATUSES).first()


def access_run(user: User | AnonymousUser, event: Event, pk: int) -> ScheduleRun:
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


def table_signs(event: Event) -> list[tuple[int, list[EventMeeting]]]:
    """Per table (from 1), its meetings in time order. One query."""
    by_table: dict[int, list[EventMeeting]] = {table: [] for table in range(1, event.tables + 1)}
    for meeting in schedule_of(event).filter(slot__isnull=False).exclude(status=EventMeetingStatus.CANCELLED):
        by_table.setdefault(meeting.table or 0, []).append(meeting)
    return sorted(by_table.items())
