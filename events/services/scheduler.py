"""The scheduler of an event: runs of the solver (`scheduling.solver`, pure CP-SAT) over the accepted
requests, and staff's hand edits of the draft (pin, move, unplace).

A run has two short transactions around the solve, so its "running" state is visible (and a
second run refused) while the solver works: `start_schedule_run` records it, `execute_schedule_run`
builds the problem, solves it with the time limit (`settings.EVENT_SCHEDULER_TIME_LIMIT_S`, 30 s by
default) and writes the placements as the new draft. Pinned meetings are handed to the solver as
fixed (slot and table) and are never moved by a run. Pages and the API run both steps in the
request (`run_scheduler`), so staff wait at most the time limit shown on the button.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from common.exceptions import ConflictError
from events.enums import DRAFT_PHASES, RunStatus
from events.models import Event, EventMeeting, EventSeat, EventSlot, ScheduleRun
from events.realtime import broadcast_dashboard
from events.selectors.access import check_staff
from events.selectors.schedule import (
    event_meetings_to_schedule,
    running_run,
    session_ranges,
    unavailable_slots_by_registration,
)
from events.selectors.setup import slots_of
from events.services.guards import check_phase, lock_event
from scheduling.solver.problem import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    PARTIAL,
    MeetingRequest,
    Placement,
    SchedulingProblem,
    SchedulingResult,
)
from scheduling.solver.solving import solve

logger = logging.getLogger(__name__)

MAX_TIME_LIMIT_S = 600.0
# A run still "running" this long after its time limit died with its process: it no longer blocks.
STALE_AFTER = timedelta(minutes=2)
# Results whose placements become the draft: all but UNKNOWN, which places nothing.
USABLE = (OPTIMAL, FEASIBLE, PARTIAL, INFEASIBLE)
# No accepted requests: an empty schedule is trivially optimal, and the solver is not bothered.
NOTHING_TO_SOLVE = SchedulingResult(
    status=OPTIMAL,
    placements=(),
    unplaced=(),
    total_breaks=0,
    break_spread=0,
    breaks_by_participant={},
    problems=(),
    seconds=0.0,
)


def default_time_limit() -> float:
    return float(settings.EVENT_SCHEDULER_TIME_LIMIT_S)


# --- The problem handed to the solver -------------------------------------------------------


@dataclass
class BuiltProblem:
    problem: SchedulingProblem
    meetings: dict[Hashable, EventMeeting]  # by the solver's meeting id: the meeting's pk
    slots: list[EventSlot]  # by index
    hint: tuple[Placement, ...]


def slot_label(slot: EventSlot, time_zone: str, *, with_day: bool = True) -> str:
    start = slot.start.astimezone(zoneinfo.ZoneInfo(time_zone))
    return f"{start:%a %d %b %H:%M}" if with_day else f"{start:%H:%M}"


def build_problem(event: Event) -> BuiltProblem:
    """The event as plain data for `solve`: registrations are participants, slot indexes are
    slots, tables count from 0; names and local times make the solver's explanations readable."""
    slots = list(slots_of(event))
    ranges = session_ranges(event)
    several_days = len({session.day for session, _, _ in ranges}) > 1
    position = {session.pk: n for n, (session, _, _) in enumerate(ranges)}
    meetings = list(event_meetings_to_schedule(event))
    # The solver names participants by any hashable id: here, registration ids.
    names: dict[Hashable, str] = {}
    requests = []
    for meeting in meetings:
        names[meeting.requester_id] = str(meeting.requester)
        names[meeting.receiver_id] = str(meeting.receiver)
        pinned_slot = meeting.slot if meeting.pinned else None
        wish = meeting.request.session_wish_id
        requests.append(
            MeetingRequest(
                id=meeting.pk,
                first=meeting.requester_id,
                second=meeting.receiver_id,
                # Staff placed a pinned meeting by hand: their choice overrides the session wish.
                session=None if pinned_slot is not None or wish is None else position.get(wish),
                pinned_slot=pinned_slot.index if pinned_slot is not None else None,
                pinned_table=meeting.table - 1 if pinned_slot is not None and meeting.table else None,
                label=f"{meeting.requester} / {meeting.receiver}",
            )
        )
    problem = SchedulingProblem(
        slots=len(slots),
        tables=event.tables,
        sessions=tuple((start, stop) for _, start, stop in ranges),
        meetings=tuple(requests),
        unavailable=dict(unavailable_slots_by_registration(event).items()),  # keyed as names are
        participant_names=names,
        slot_labels=tuple(slot_label(slot, event.time_zone, with_day=several_days) for slot in slots),
        session_names=tuple(
            f"{session.name} ({session.day:%a %d %b})" if several_days else session.name.lower()
            for session, _, _ in ranges
        ),
        # The night between two days is no idle gap: a break never spans it.
        day_starts=tuple(
            start
            for (session, start, _), (previous, _, _) in zip(ranges[1:], ranges, strict=False)
            if session.day != previous.day
        ),
    )
    hint = tuple(
        Placement(m.pk, m.slot.index, m.table - 1)
        for m in meetings
        if m.slot is not None and m.table is not None and not m.pinned
    )
    return BuiltProblem(problem=problem, meetings={m.pk: m for m in meetings}, slots=slots, hint=hint)


# --- Runs -----------------------------------------------------------------------------------


@transaction.atomic
def start_schedule_run(*, event: Event, actor: User, time_limit_s: float | None = None) -> ScheduleRun:
    """Record a run as running (staff, event in "scheduling"); 409 while another run of the event is
    running. Commit before solving so others see the state."""
    check_staff(actor)
    event = lock_event(event)
    check_phase(event, DRAFT_PHASES, "Running the scheduler")
    limit = default_time_limit() if time_limit_s is None else float(time_limit_s)
    if not 0 < limit <= MAX_TIME_LIMIT_S:
        raise ValidationError(
            {"time_limit_s": f"Give a time limit between 0 and {MAX_TIME_LIMIT_S:g} seconds."}
        )
    running = running_run(event)
    if running is not None:
        if running.started_at + timedelta(seconds=running.time_limit_s) + STALE_AFTER > timezone.now():
            raise ConflictError(
                f"A scheduler run started at {running.started_at:%H:%M:%S} UTC is still running; "
                "wait for it to finish."
            )
        running.status, running.finished_at = RunStatus.FAILED, timezone.now()
        running.problems = [*running.problems, "The run was abandoned (its process stopped)."]
        running.save(update_fields=["status", "finished_at", "problems"])
    run = ScheduleRun.objects.create(event=event, started_by=actor, time_limit_s=limit)
    broadcast_dashboard(event.pk, "event.run_started", {"run": run.pk, "time_limit_s": limit})
    return run


def execute_schedule_run(*, run: ScheduleRun) -> ScheduleRun:
    """Solve and store a started run: outside any transaction while the solver works, then one
    transaction writes the figures and (unless nothing usable came back) the new draft."""
    try:
        built = build_problem(run.event)
        result = (
            solve(built.problem, time_limit_s=run.time_limit_s, hint=built.hint)
            if built.meetings
            else NOTHING_TO_SOLVE
        )
    except Exception as exc:  # a solver or data bug must not leave the run "running" forever
        logger.exception("Scheduler run %s failed.", run.pk)
        return _finish_failed(run, f"The scheduler failed: {exc}")
    return _apply_result(run, built, result)


def run_scheduler(*, event: Event, actor: User, time_limit_s: float | None = None) -> ScheduleRun:
    """Start a run and wait for it (at most its time limit, plus building and writing). Call it
    outside a transaction, so others see the run as running meanwhile."""
    run = start_schedule_run(event=event, actor=actor, time_limit_s=time_limit_s)
    return execute_schedule_run(run=run)


@transaction.atomic
def _finish_failed(run: ScheduleRun, message: str) -> ScheduleRun:
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    run.status, run.finished_at = RunStatus.FAILED, timezone.now()
    run.problems = [message]
    run.save()
    broadcast_dashboard(run.event_id, "event.run_finished", {"run": run.pk, "status": run.status})
    return run


@transaction.atomic
def _apply_result(run: ScheduleRun, built: BuiltProblem, result: SchedulingResult) -> ScheduleRun:
    event = lock_event(run.event)
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.RUNNING:
        return run
    problems = list(result.problems)
    if not built.meetings:
        problems.append("There are no accepted meeting requests to schedule yet.")
    applied = result.status in USABLE
    if applied:
        try:
            with transaction.atomic():
                _write_draft(built, result.placements)
        except IntegrityError:
            applied = False
            problems.append(
                "The draft changed while the scheduler ran (a meeting was moved or pinned); run it again."
            )
    run.status, run.solver_status, run.applied = RunStatus.DONE, result.status, applied
    run.finished_at, run.seconds = timezone.now(), round(result.seconds, 3)
    run.requested = len(built.meetings)
    run.pinned = sum(1 for m in built.problem.meetings if m.pinned_slot is not None)
    run.placed = len(result.placements)
    run.total_breaks, run.break_spread = result.total_breaks, result.break_spread
    run.problems = problems
    run.save()
    broadcast_dashboard(
        event.pk,
        "event.run_finished",
        {"run": run.pk, "status": run.status, "placed": run.placed, "requested": run.requested},
    )
    return run


def _write_draft(built: BuiltProblem, placements: tuple[Placement, ...]) -> None:
    """Replace the places of the run's unpinned meetings by the solver's (pinned ones stay)."""
    movable = [m for m in built.meetings.values() if not m.pinned]
    ids = [m.pk for m in movable]
    EventSeat.objects.filter(meeting_id__in=ids).delete()
    EventMeeting.objects.filter(pk__in=ids).update(slot=None, table=None)
    slot_by_index = {slot.index: slot for slot in built.slots}
    for meeting in movable:
        meeting.slot, meeting.table = None, None
    placed = []
    for placement in placements:
        meeting = built.meetings[placement.meeting_id]
        if meeting.pinned:
            continue
        meeting.slot, meeting.table = slot_by_index[placement.slot], placement.table + 1
        placed.append(meeting)
    EventMeeting.objects.bulk_update(placed, ["slot", "table"])
    EventSeat.objects.bulk_create(
        EventSeat(meeting=m, registration_id=registration_id, slot=m.slot)
        for m in placed
        for registration_id in (m.requester_id, m.receiver_id)
    )


# --- Hand edits of the draft ----------------------------------------------------------------


def check_place(event: Event, meeting: EventMeeting, slot: EventSlot, table: int) -> None:
    """ValidationError unless `meeting` may sit at `table` in `slot`: a slot of the event, an
    existing table that is free then, both organisations free then and able to attend."""
    if slot.event_id != event.pk:
        raise ValidationError({"slot": "Choose a slot of this event."})
    if not 1 <= table <= event.tables:
        raise ValidationError({"table": f"Choose a table from 1 to {event.tables}."})
    when = slot_label(slot, event.time_zone)
    taken = (
        EventMeeting.objects.filter(event=event, slot=slot, table=table)
        .exclude(pk=meeting.pk)
        .select_related("requester__organisation", "receiver__organisation")
        .first()
    )
    if taken is not None:
        raise ValidationError({"table": f"Table {table} is taken at {when} by {taken}."})
    busy = (
        EventSeat.objects.filter(slot=slot, registration_id__in=[meeting.requester_id, meeting.receiver_id])
        .exclude(meeting=meeting)
        .select_related("registration__organisation")
        .first()
    )
    if busy is not None:
        raise ValidationError({"slot": f"{busy.registration} already has a meeting at {when}."})
    unavailable = unavailable_slots_by_registration(event)
    away = [
        str(registration)
        for registration in (meeting.requester, meeting.receiver)
        if slot.index in unavailable.get(registration.pk, frozenset())
    ]
    if away:
        raise ValidationError({"slot": f"{' and '.join(away)} cannot attend at {when}."})


def set_place(meeting: EventMeeting, slot: EventSlot | None, table: int | None, *, pinned: bool) -> None:
    """Write a meeting's place and its two seats (none when unplaced)."""
    EventSeat.objects.filter(meeting=meeting).delete()
    meeting.slot, meeting.table, meeting.pinned = slot, table, pinned and slot is not None
    meeting.save(update_fields=["slot", "table", "pinned"])
    if slot is not None:
        EventSeat.objects.bulk_create(
            EventSeat(meeting=meeting, registration_id=registration_id, slot=slot)
            for registration_id in (meeting.requester_id, meeting.receiver_id)
        )


def _lock_meeting(meeting: EventMeeting) -> EventMeeting:
    return (
        EventMeeting.objects.select_for_update(of=("self",))
        .select_related("event", "slot", "requester__organisation", "receiver__organisation", "meeting")
        .get(pk=meeting.pk)
    )


def _check_draft_edit(actor: User, meeting: EventMeeting) -> tuple[Event, EventMeeting]:
    check_staff(actor)
    event = lock_event(meeting.event)
    check_phase(event, DRAFT_PHASES, "Editing the draft")
    if running_run(event) is not None:
        raise ConflictError("A scheduler run is running; edit the draft when it is done.")
    return event, _lock_meeting(meeting)


@transaction.atomic
def place_draft_meeting(*, meeting: EventMeeting, actor: User, slot: EventSlot, table: int) -> EventMeeting:
    """Staff put a meeting of the draft at `table` in `slot` by hand; it is pinned there, so later
    runs keep it. Validated like the solver's placements (`check_place`)."""
    event, meeting = _check_draft_edit(actor, meeting)
    check_place(event, meeting, slot, table)
    try:
        with transaction.atomic():
            set_place(meeting, slot, table, pinned=True)
    except IntegrityError as exc:  # someone took the place meanwhile
        raise ConflictError("That place was taken meanwhile; reload the schedule.") from exc
    return meeting


@transaction.atomic
def pin_draft_meeting(*, meeting: EventMeeting, actor: User, pinned: bool = True) -> EventMeeting:
    """Keep a placed meeting where it is on later runs (or let runs move it again)."""
    _, meeting = _check_draft_edit(actor, meeting)
    if pinned and meeting.slot is None:
        raise ValidationError({"pinned": "Place the meeting before pinning it."})
    meeting.pinned = pinned
    meeting.save(update_fields=["pinned"])
    return meeting


@transaction.atomic
def unplace_draft_meeting(*, meeting: EventMeeting, actor: User) -> EventMeeting:
    """Take a meeting out of the draft (the next run may place it again)."""
    _, meeting = _check_draft_edit(actor, meeting)
    set_place(meeting, None, None, pinned=False)
    return meeting
