"""The scheduler of an event: runs of the solver (`scheduling.solver`, pure CP-SAT) over the accepted
requests, and staff's hand edits of the draft (pin, move, unplace).

A run goes queued -> running -> done (or failed, or cancelled), each step its own short
transaction, so its state is visible (and a second run of the event refused) while the solver
works: `start_schedule_run` records it as queued, `execute_schedule_run` marks it running, builds
the problem, solves it with the time limit (`settings.EVENT_SCHEDULER_TIME_LIMIT_S`, 30 s by
default) and writes the placements as the new draft. Pinned meetings are handed to the solver as
fixed (slot and table) and are never moved by a run. Pages and the API only queue a run
(`events.services.scheduler_queue.queue_schedule_run`): a Celery worker executes it
(`events.tasks.run_schedule`) and streams its progress to the event's dashboards; staff may cancel
it; the beat sweep fails a run whose worker died (`fail_stale_schedule_runs`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from accounts.models import User
from common.dates import local_moment, local_short_day, local_time
from common.exceptions import ConflictError
from common.realtime import send_to_group
from events.enums import DRAFT_PHASES, RunStatus
from events.models import Event, EventMeeting, EventSeat, EventSlot, ScheduleRun
from events.realtime import broadcast_dashboard, dashboard_group
from events.selectors.access import check_staff
from events.selectors.schedule import (
    active_run,
    event_meetings_to_schedule,
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
from scheduling.solver.progress import SearchMonitor
from scheduling.solver.solving import solve

logger = logging.getLogger(__name__)

MAX_TIME_LIMIT_S = 600.0
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
    """ "Tue, Dec 8, 10:00" (or "10:00" without the day) in the event's time zone, in the active
    language's words ("12월 8일 (화) 10:00")."""
    if with_day:
        return local_moment(slot.start, time_zone=time_zone, short=True)
    return local_time(slot.start, time_zone=time_zone)


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
            f"{session.name} ({local_short_day(session.day)})" if several_days else session.name.lower()
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
    """Record a run as queued (staff, event in "scheduling"); 409 while another run of the event is
    queued or running (a run whose worker died is failed first, so it does not block). Nothing is
    solved here: `execute_schedule_run` does that, in a worker (`queue_schedule_run`) or in the caller
    (`run_scheduler`)."""
    check_staff(actor)
    event = lock_event(event)
    check_phase(event, DRAFT_PHASES, _("Running the scheduler"))
    limit = default_time_limit() if time_limit_s is None else float(time_limit_s)
    if not 0 < limit <= MAX_TIME_LIMIT_S:
        message = _("Give a time limit between 0 and %(max)g seconds.") % {"max": MAX_TIME_LIMIT_S}
        raise ValidationError({"time_limit_s": message})
    fail_stale_schedule_runs(event=event)
    if active_run(event) is not None:
        raise ConflictError(
            _("A scheduler run of this event is already queued or running; wait for it or cancel it.")
        )
    run = ScheduleRun.objects.create(event=event, started_by=actor, time_limit_s=limit)
    broadcast_dashboard(event.pk, "event.run_queued", {"run": run.pk, "time_limit_s": limit})
    return run


def execute_schedule_run(*, run: ScheduleRun) -> ScheduleRun:
    """Solve a queued run and store its result: the one code path of every run, in a worker
    (`events.tasks.run_schedule`) or in the caller (`run_scheduler`). Marks it running, solves outside
    any transaction while a heartbeat thread writes the progress and watches for staff's cancel, then
    one transaction writes the figures and (unless nothing usable came back) the new draft. A run
    that is not queued any more (cancelled meanwhile, or this task delivered twice) is left alone."""
    claimed = _claim_run(run)
    if claimed is None:
        return ScheduleRun.objects.get(pk=run.pk)
    run = claimed
    monitor = SearchMonitor()
    heartbeat = RunHeartbeat(run, monitor)
    try:
        built = build_problem(run.event)
        heartbeat.start()
        result = (
            solve(built.problem, time_limit_s=run.time_limit_s, hint=built.hint, monitor=monitor)
            if built.meetings
            else NOTHING_TO_SOLVE
        )
    except Exception as exc:  # a solver or data bug must not leave the run "running" forever
        logger.exception("Scheduler run %s failed.", run.pk)
        heartbeat.stop()
        return _finish_failed(run, _("The scheduler failed: %(error)s") % {"error": exc})
    # Before taking the run's lock below: the heartbeat thread writes the same row.
    heartbeat.stop()
    return _apply_result(run, built, result, cancelled=monitor.stopped)


def run_scheduler(*, event: Event, actor: User, time_limit_s: float | None = None) -> ScheduleRun:
    """Start a run and solve it in the caller (at most its time limit, plus building and writing):
    for tests, the shell and benchmarks; pages and the API queue it (`queue_schedule_run`). Call it
    outside a transaction, so others see the run as running meanwhile."""
    run = start_schedule_run(event=event, actor=actor, time_limit_s=time_limit_s)
    return execute_schedule_run(run=run)


@transaction.atomic
def cancel_schedule_run(*, run: ScheduleRun, actor: User) -> ScheduleRun:
    """Staff stop a run: a queued one ends cancelled at once; a running one is flagged, and its worker
    stops the search within a heartbeat (`EVENT_SCHEDULER_HEARTBEAT_S`) and ends it cancelled without
    touching the draft. A run that has ended is a 409."""
    check_staff(actor)
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.QUEUED:
        return _end(run, RunStatus.CANCELLED, [_("Cancelled before it started.")])
    if run.status != RunStatus.RUNNING:
        raise ConflictError(_("This scheduler run has already ended."))
    run.cancel_requested = True
    run.save(update_fields=["cancel_requested"])
    broadcast_dashboard(run.event_id, "event.run_cancelling", {"run": run.pk})
    return run


@transaction.atomic
def fail_stale_schedule_runs(*, event: Event | None = None) -> int:
    """Mark failed every running run (of `event`, or of all events) whose worker gave no sign of life
    for `EVENT_SCHEDULER_STALE_AFTER_S`: it was killed, or its machine stopped. How many. Run by the
    beat sweep (`events.tasks.sweep_schedule_runs`) and before a new run starts."""
    threshold = timezone.now() - timedelta(seconds=settings.EVENT_SCHEDULER_STALE_AFTER_S)
    stale = ScheduleRun.objects.select_for_update(skip_locked=True).filter(
        status=RunStatus.RUNNING, heartbeat_at__lt=threshold
    )
    if event is not None:
        stale = stale.filter(event=event)
    runs = list(stale)
    for run in runs:
        logger.warning("Scheduler run %s lost its worker; marking it failed.", run.pk)
        _end(
            run,
            RunStatus.FAILED,
            [*run.problems, _("The run was abandoned: its worker stopped giving signs of life.")],
        )
    return len(runs)


class RunHeartbeat:
    """The thread beside a run's solver: every `EVENT_SCHEDULER_HEARTBEAT_S` it writes the heartbeat
    and the search's progress to the run, sends the progress to the event's dashboards, and stops
    the search once staff asked to cancel. It has its own database connection and closes it."""

    def __init__(self, run: ScheduleRun, monitor: SearchMonitor) -> None:
        self.run_id, self.event_id = run.pk, run.event_id
        self.monitor = monitor
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"schedule-run-{run.pk}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()

    def _loop(self) -> None:
        try:
            while not self.done.wait(settings.EVENT_SCHEDULER_HEARTBEAT_S):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connections only

    def beat(self) -> None:
        progress = asdict(self.monitor.snapshot())
        try:
            runs = ScheduleRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING)
            runs.update(heartbeat_at=timezone.now(), progress=progress)
            cancel = runs.filter(cancel_requested=True).exists()
        except DatabaseError:  # a database blip: the next beat tries again, the solver goes on
            logger.exception("Scheduler run %s could not write its heartbeat.", self.run_id)
            return
        if cancel:
            self.monitor.stop()  # again on every beat: a CP-SAT call starting just then is stopped too
        send_to_group(
            dashboard_group(self.event_id),
            "event.run_progress",
            {"event": self.event_id, "run": self.run_id, **progress},
        )


@transaction.atomic
def _claim_run(run: ScheduleRun) -> ScheduleRun | None:
    """The run, now running, if it was queued (a cancel asked before a worker took it ends it here)."""
    run = ScheduleRun.objects.select_for_update(of=("self",)).select_related("event").get(pk=run.pk)
    if run.status != RunStatus.QUEUED:
        return None
    if run.cancel_requested:
        _end(run, RunStatus.CANCELLED, [_("Cancelled before it started.")])
        return None
    run.status, run.heartbeat_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "heartbeat_at"])
    broadcast_dashboard(run.event_id, "event.run_started", {"run": run.pk, "time_limit_s": run.time_limit_s})
    return run


def _end(run: ScheduleRun, status: str, problems: list[str]) -> ScheduleRun:
    """End a locked run without a result (failed or cancelled); the caller holds the transaction."""
    run.status, run.finished_at, run.problems = status, timezone.now(), problems
    run.save(update_fields=["status", "finished_at", "problems"])
    broadcast_dashboard(run.event_id, "event.run_finished", {"run": run.pk, "status": run.status})
    return run


@transaction.atomic
def _finish_failed(run: ScheduleRun, message: str) -> ScheduleRun:
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.RUNNING:
        return run
    return _end(run, RunStatus.FAILED, [message])


@transaction.atomic
def _apply_result(
    run: ScheduleRun, built: BuiltProblem, result: SchedulingResult, *, cancelled: bool
) -> ScheduleRun:
    event = lock_event(run.event)
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.RUNNING:  # the sweep gave it up meanwhile
        return run
    if cancelled or run.cancel_requested:  # a cancelled run never replaces the draft
        run.seconds = round(result.seconds, 3)
        run.save(update_fields=["seconds"])
        return _end(run, RunStatus.CANCELLED, [_("Cancelled by staff; the draft is unchanged.")])
    problems = list(result.problems)
    if not built.meetings:
        problems.append(_("There are no accepted meeting requests to schedule yet."))
    applied = result.status in USABLE
    if applied:
        try:
            with transaction.atomic():
                _write_draft(built, result.placements)
        except IntegrityError:
            applied = False
            problems.append(
                _("The draft changed while the scheduler ran (a meeting was moved or pinned); run it again.")
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
        raise ValidationError({"slot": _("Choose a slot of this event.")})
    if not 1 <= table <= event.tables:
        raise ValidationError({"table": _("Choose a table from 1 to %(tables)s.") % {"tables": event.tables}})
    when = slot_label(slot, event.time_zone)
    taken = (
        EventMeeting.objects.filter(event=event, slot=slot, table=table)
        .exclude(pk=meeting.pk)
        .select_related("requester__organisation", "receiver__organisation")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "table": _("Table %(table)s is taken at %(when)s by %(taken)s.")
                % {"table": table, "when": when, "taken": taken}
            }
        )
    busy = (
        EventSeat.objects.filter(slot=slot, registration_id__in=[meeting.requester_id, meeting.receiver_id])
        .exclude(meeting=meeting)
        .select_related("registration__organisation")
        .first()
    )
    if busy is not None:
        raise ValidationError(
            {
                "slot": _("%(registration)s already has a meeting at %(when)s.")
                % {"registration": busy.registration, "when": when}
            }
        )
    unavailable = unavailable_slots_by_registration(event)
    away = [
        str(registration)
        for registration in (meeting.requester, meeting.receiver)
        if slot.index in unavailable.get(registration.pk, frozenset())
    ]
    if away:
        raise ValidationError(
            {
                "slot": _("%(people)s cannot attend at %(when)s.")
                % {"people": get_text_list(away, _("and")), "when": when}
            }
        )


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
    check_phase(event, DRAFT_PHASES, _("Editing the draft"))
    if active_run(event) is not None:
        raise ConflictError(_("A scheduler run is queued or running; edit the draft when it is done."))
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
        raise ConflictError(_("That place was taken meanwhile; reload the schedule.")) from exc
    return meeting


@transaction.atomic
def pin_draft_meeting(*, meeting: EventMeeting, actor: User, pinned: bool = True) -> EventMeeting:
    """Keep a placed meeting where it is on later runs (or let runs move it again)."""
    __, meeting = _check_draft_edit(actor, meeting)
    if pinned and meeting.slot is None:
        raise ValidationError({"pinned": _("Place the meeting before pinning it.")})
    meeting.pinned = pinned
    meeting.save(update_fields=["pinned"])
    return meeting


@transaction.atomic
def unplace_draft_meeting(*, meeting: EventMeeting, actor: User) -> EventMeeting:
    """Take a meeting out of the draft (the next run may place it again)."""
    _, meeting = _check_draft_edit(actor, meeting)
    set_place(meeting, None, None, pinned=False)
    return meeting
