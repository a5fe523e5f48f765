"""The B2B matchmaking-event scheduler core: requested one-to-one meetings into time slots and tables.

Pure: plain data in, plain data out, no Django and no ORM. The model is the B2B meeting scheduling
problem of Bofill, Coll, Garcia, Giráldez-Cru, Pesant, Suy and Villaret, "Constraint Solving
Approaches to the Business-to-Business Meeting Scheduling Problem", JAIR 74 (2022) 263-301, solved
with OR-Tools CP-SAT.

Hard rules: every meeting in one slot; nobody in two meetings of one slot; at most `tables`
meetings per slot; a meeting wished in a session stays inside it; nobody meets in a slot they cannot
attend; pinned meetings stay exactly in their slot (and table, when pinned too); `(a, b)` precedences
place a strictly before b.

Breaks (the paper's definition: its MaxSAT encoding marks the end of an idle period, "endHole", over
slots numbered straight through the day; confirmed by reproducing the published optima of all 20
original instances with `bench/b2b.py`): a participant's breaks are the idle periods between two of its
meetings, counted as periods, not slots: with meetings in slots 1, 2, 5, 8 and 9 a participant has
two breaks (3-4 and 6-7). Idle slots before the first and after the last meeting are not breaks, so a
participant with zero or one meeting has none. Slots are numbered straight through the day: the gap
between the morning and the afternoon session is no break by itself (a morning ending in the last
morning slot followed by an afternoon starting in the first afternoon slot has none), while idle
slots at the end of the morning or the start of the afternoon, with meetings on both sides, form a
break like any other. (Counting breaks per session instead would give optimal totals of 0, 1, 0, 0
and 0 on forum-14, forum-13crafb, forum-13crafc, ticf-13crafb and ticf-13crafc, where the paper
publishes 2, 6, 1, 3 and 1, which we reproduce.) The objective is the total number of breaks,
subject to fairness: the largest minus the smallest number of breaks of the participants with
meetings is at most `max_break_spread` (d = 2 in the paper; every participant there has meetings).

`solve` first runs cheap necessary checks (per-participant and per-slot matchings, pins,
precedences) that name the reason in words staff understand. When all meetings fit it minimises the
breaks; otherwise it places as many as possible (pinned meetings first), relaxes fairness only as far
as needed, then minimises breaks, and says why in `problems`. Tables are assigned per slot afterwards,
honouring pinned tables. `check_schedule` and `count_breaks` are independent of the CP-SAT model.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

Session = tuple[int, int]  # half-open range of slot numbers [start, stop)

DEFAULT_SEED = 7

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeetingRequest:
    id: Hashable  # the caller's id of the meeting
    first: Hashable  # participant ids
    second: Hashable
    session: int | None = None  # index into SchedulingProblem.sessions; None = any slot
    pinned_slot: int | None = None  # fixed by staff: must be placed exactly there (kept on re-run)
    pinned_table: int | None = None  # optional: table fixed too
    label: str | None = None  # how staff name the meeting in messages; default "A with B"


@dataclass(frozen=True)
class SchedulingProblem:
    slots: int  # slots 0..slots-1 in time order
    tables: int
    sessions: tuple[Session, ...]  # consecutive slot ranges (e.g. morning, afternoon)
    meetings: tuple[MeetingRequest, ...]
    unavailable: Mapping[Hashable, frozenset[int]] = field(default_factory=dict)  # participant -> slots
    precedences: tuple[tuple[Hashable, Hashable], ...] = ()  # (earlier meeting id, later meeting id)
    max_break_spread: int | None = 2  # fairness d; None = no fairness bound
    participant_names: Mapping[Hashable, str] = field(default_factory=dict)  # for messages; default str(id)
    slot_labels: tuple[str, ...] = ()  # for messages, e.g. "09:30"; default "slot 1", "slot 2", ...
    session_names: tuple[str, ...] = ()  # for messages; default "morning"/"afternoon" or "session 1", ...
    day_starts: tuple[int, ...] = ()  # first slots of the 2nd, 3rd... day: no break spans a night


@dataclass(frozen=True)
class Placement:
    meeting_id: Hashable
    slot: int
    table: int


@dataclass(frozen=True)
class SchedulingResult:
    status: str  # "optimal" | "feasible" | "infeasible" | "unknown" (time limit, nothing found)
    placements: tuple[Placement, ...]
    unplaced: tuple[Hashable, ...]  # meeting ids not placed
    total_breaks: int
    break_spread: int  # max - min breaks over participants with placed meetings
    breaks_by_participant: Mapping[Hashable, int]
    problems: tuple[str, ...]  # human-readable reasons when not everything could be placed / infeasible
    seconds: float
    lower_bound: int | None = None  # proven lower bound on total breaks when all meetings are placed


OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"
UNKNOWN = "unknown"


# --------------------------------------------------------------------------------------------------
# Independent checks


def count_breaks(problem: SchedulingProblem, placements: Sequence[Placement]) -> dict[Hashable, int]:
    """Breaks per participant of the problem's meetings (0 when it has fewer than two placed meetings).

    A break is a maximal run of idle slots with a meeting of the participant before and after it; slot
    numbers run straight through the day, so sessions play no part (see the module docstring); with
    `day_starts`, the idle time from one day to the next is no break.
    """
    by_id = {meeting.id: meeting for meeting in problem.meetings}
    busy: dict[Hashable, set[int]] = {}
    for meeting in problem.meetings:
        busy.setdefault(meeting.first, set())
        busy.setdefault(meeting.second, set())
    for placement in placements:
        meeting = by_id.get(placement.meeting_id)
        if meeting is None:
            continue
        busy[meeting.first].add(placement.slot)
        busy[meeting.second].add(placement.slot)
    day = _days(problem)
    return {
        participant: sum(
            1
            for left, right in pairwise(sorted(slots))
            if right > left + 1 and day.get(left, 0) == day.get(right, 0)
        )
        for participant, slots in busy.items()
    }


def break_spread(problem: SchedulingProblem, placements: Sequence[Placement]) -> int:
    """Largest minus smallest number of breaks over the participants with at least one placed meeting."""
    breaks = count_breaks(problem, placements)
    placed = _participants_placed(problem, placements)
    values = [breaks[participant] for participant in placed]
    return max(values) - min(values) if values else 0


def check_schedule(problem: SchedulingProblem, placements: Sequence[Placement]) -> list[str]:
    """Every violated hard rule of the placements, in words; [] when the schedule is valid.

    Unplaced meetings are no violation (the result lists them); a precedence binds when both of its
    meetings are placed. Fairness is an objective bound, measured by `break_spread`, not checked here.
    """
    names = _Names(problem)
    by_id = {meeting.id: meeting for meeting in problem.meetings}
    violations: list[str] = []
    slot_of: dict[Hashable, int] = {}
    per_slot: dict[int, list[Hashable]] = defaultdict(list)
    per_table: dict[tuple[int, int], list[Hashable]] = defaultdict(list)
    per_person: dict[tuple[Hashable, int], list[Hashable]] = defaultdict(list)
    for placement in placements:
        meeting = by_id.get(placement.meeting_id)
        if meeting is None:
            violations.append(f"placement of unknown meeting {placement.meeting_id!r}")
            continue
        if placement.meeting_id in slot_of:
            violations.append(f"meeting {names.meeting(meeting)} is placed twice")
            continue
        slot_of[placement.meeting_id] = placement.slot
        if not 0 <= placement.slot < problem.slots:
            violations.append(
                f"meeting {names.meeting(meeting)} is in slot index {placement.slot}, "
                f"outside 0..{problem.slots - 1}"
            )
            continue
        violations.extend(_placement_violations(problem, names, meeting, placement))
        per_slot[placement.slot].append(meeting.id)
        per_table[placement.slot, placement.table].append(meeting.id)
        for participant in (meeting.first, meeting.second):
            per_person[participant, placement.slot].append(meeting.id)

    violations.extend(
        _collisions(
            problem, names, by_id=by_id, per_slot=per_slot, per_table=per_table, per_person=per_person
        )
    )
    for earlier, later in problem.precedences:
        if earlier in slot_of and later in slot_of and not slot_of[earlier] < slot_of[later]:
            violations.append(
                f"meeting {names.meeting(by_id[earlier])} must come before {names.meeting(by_id[later])}, "
                f"but they are in {names.slot(slot_of[earlier])} and {names.slot(slot_of[later])}"
            )
    return violations


def _collisions(
    problem: SchedulingProblem,
    names: _Names,
    *,
    by_id: Mapping[Hashable, MeetingRequest],
    per_slot: Mapping[int, list[Hashable]],
    per_table: Mapping[tuple[int, int], list[Hashable]],
    per_person: Mapping[tuple[Hashable, int], list[Hashable]],
) -> list[str]:
    """Too many meetings in a slot, at a table, or for a participant in one slot."""

    def listed(meeting_ids: list[Hashable]) -> str:
        return ", ".join(names.meeting(by_id[meeting_id]) for meeting_id in meeting_ids)

    violations = [
        f"{names.slot(slot)} holds {len(ids)} meetings but there are {_plural(problem.tables, 'table')}"
        for slot, ids in sorted(per_slot.items())
        if len(ids) > problem.tables
    ]
    violations.extend(
        f"table {table + 1} in {names.slot(slot)} holds {len(ids)} meetings: {listed(ids)}"
        for (slot, table), ids in sorted(per_table.items(), key=lambda item: item[0])
        if len(ids) > 1
    )
    violations.extend(
        f"{names.participant(participant)} is in {len(ids)} meetings in {names.slot(slot)}: {listed(ids)}"
        for (participant, slot), ids in per_person.items()
        if len(ids) > 1
    )
    return violations


def _placement_violations(
    problem: SchedulingProblem, names: _Names, meeting: MeetingRequest, placement: Placement
) -> list[str]:
    """The rules one placement can break by itself: table range, attendance, session, pins."""
    label, slot = names.meeting(meeting), placement.slot
    violations = []
    if not 0 <= placement.table < problem.tables:
        violations.append(
            f"meeting {label} is at table index {placement.table}, outside 0..{problem.tables - 1}"
        )
    violations.extend(
        f"meeting {label} is in {names.slot(slot)}, which {names.participant(participant)} cannot attend"
        for participant in (meeting.first, meeting.second)
        if slot in problem.unavailable.get(participant, frozenset())
    )
    if meeting.session is not None:
        if not 0 <= meeting.session < len(problem.sessions):
            violations.append(f"meeting {label} wishes an unknown session {meeting.session}")
        elif slot not in range(*problem.sessions[meeting.session]):
            session = names.session(meeting.session)
            violations.append(f"meeting {label} is in {names.slot(slot)}, outside its {session} session")
    if meeting.pinned_slot is not None and slot != meeting.pinned_slot:
        violations.append(
            f"pinned meeting {label} moved from {names.slot(meeting.pinned_slot)} to {names.slot(slot)}"
        )
    if meeting.pinned_table is not None and placement.table != meeting.pinned_table:
        violations.append(
            f"pinned meeting {label} moved from table {meeting.pinned_table + 1} "
            f"to table {placement.table + 1}"
        )
    return violations


# --------------------------------------------------------------------------------------------------
# Solving


def solve(
    problem: SchedulingProblem,
    *,
    time_limit_s: float = 60.0,
    workers: int | None = None,
    seed: int = DEFAULT_SEED,
    hint: Sequence[Placement] = (),
) -> SchedulingResult:
    """The schedule with every meeting placed and the fewest breaks under the fairness bound.

    When that is impossible, as many meetings as possible (pinned ones first) with the reasons in
    `problems`. Never runs longer than `time_limit_s` (plus model building, well under a second on
    300 meetings). `workers` defaults to 2; `hint` (e.g. the previous draft) seeds the search.
    """
    started = time.monotonic()
    # CP-SAT may overrun its own limit by a fraction of a second (presolve, stopping its threads).
    deadline = started + max(0.0, time_limit_s) - min(0.5, 0.05 * max(0.0, time_limit_s))
    prepared = _Prepared(problem)
    findings = _diagnose(prepared)
    worker_count = workers if workers is not None else 2
    if not findings:
        outcome = _solve_all_placed(prepared, deadline, worker_count, seed, hint)
        if outcome.status in {OPTIMAL, FEASIBLE}:
            return _result(prepared, outcome, (), started, hint=hint)
        if outcome.status == UNKNOWN:
            message = f"no schedule placing every meeting was found within the {time_limit_s:g} s time limit"
            return _result(prepared, outcome, (message,), started, hint=hint)
        if problem.max_break_spread is None:
            findings = [
                "the meetings cannot all be placed together (no single reason found by the quick checks)"
            ]
    outcome = _solve_most_placed(prepared, deadline, worker_count, seed, hint)
    problems = list(findings)
    problems.extend(_explain_outcome(prepared, outcome, bool(findings)))
    return _result(prepared, outcome, tuple(problems), started, status=INFEASIBLE, hint=hint)


# --------------------------------------------------------------------------------------------------
# Preparation and names


class _Names:
    def __init__(self, problem: SchedulingProblem) -> None:
        self.problem = problem

    def participant(self, participant: Hashable) -> str:
        return self.problem.participant_names.get(participant, str(participant))

    def meeting(self, meeting: MeetingRequest) -> str:
        if meeting.label:
            return meeting.label
        return f"{self.participant(meeting.first)} with {self.participant(meeting.second)}"

    def slot(self, slot: int) -> str:
        if 0 <= slot < len(self.problem.slot_labels):
            return self.problem.slot_labels[slot]
        return f"slot {slot + 1}"

    def session(self, index: int) -> str:
        if 0 <= index < len(self.problem.session_names):
            return self.problem.session_names[index]
        if len(self.problem.sessions) == 2:
            return ("morning", "afternoon")[index]
        return f"session {index + 1}"

    def slots(self, slots: Sequence[int]) -> str:
        """'slot 3', 'slots 3-6' or 'slots 2, 5, 7' (with labels when given)."""
        ordered = sorted(slots)
        if len(ordered) == 1:
            return self.slot(ordered[0])
        if ordered == list(range(ordered[0], ordered[-1] + 1)) and not self.problem.slot_labels:
            return f"slots {ordered[0] + 1}-{ordered[-1] + 1}"
        if not self.problem.slot_labels:
            return "slots " + ", ".join(str(slot + 1) for slot in ordered)
        return ", ".join(self.slot(slot) for slot in ordered)


def _check_shape(problem: SchedulingProblem) -> None:
    """ValueError on data no staff action can produce (the caller's bug), not on staff conflicts."""
    if problem.slots < 0 or problem.tables < 0:
        raise ValueError("slots and tables must not be negative")
    for start, stop in problem.sessions:
        if not 0 <= start <= stop <= problem.slots:
            raise ValueError(f"session [{start}, {stop}) lies outside slots 0..{problem.slots - 1}")
    for start in problem.day_starts:
        if not 0 <= start < problem.slots:
            raise ValueError(f"day start {start} lies outside slots 0..{problem.slots - 1}")


class _Prepared:
    """Indexes of the problem: participants, allowed slots per meeting, precedence edges."""

    def __init__(self, problem: SchedulingProblem) -> None:
        self.problem = problem
        self.names = _Names(problem)
        self.meetings = problem.meetings
        self.index = {}
        for position, meeting in enumerate(problem.meetings):
            if meeting.id in self.index:
                raise ValueError(f"meeting id {meeting.id!r} appears twice")
            self.index[meeting.id] = position
        _check_shape(problem)
        self.participants: list[Hashable] = []
        self.meetings_of: dict[Hashable, list[int]] = {}
        for position, meeting in enumerate(problem.meetings):
            for participant in (meeting.first, meeting.second):
                if participant not in self.meetings_of:
                    self.participants.append(participant)
                    self.meetings_of[participant] = []
                if position not in self.meetings_of[participant]:
                    self.meetings_of[participant].append(position)
        self.edges: list[tuple[int, int]] = []
        for earlier, later in problem.precedences:
            if earlier not in self.index or later not in self.index:
                raise ValueError(f"precedence ({earlier!r}, {later!r}) names an unknown meeting")
            self.edges.append((self.index[earlier], self.index[later]))
        # Slots each meeting may take by its own rules (session, attendance, pin); then narrowed by
        # precedences in _diagnose. Meetings that are malformed for staff reasons get no slot.
        self.own_allowed: list[list[int]] = [self._own_slots(meeting) for meeting in problem.meetings]
        self.allowed = [list(slots) for slots in self.own_allowed]
        self.day = _days(problem)

    def session_slots(self, meeting: MeetingRequest) -> range:
        if meeting.session is None:
            return range(self.problem.slots)
        if not 0 <= meeting.session < len(self.problem.sessions):
            return range(0)
        return range(*self.problem.sessions[meeting.session])

    def free(self, participant: Hashable, slot: int) -> bool:
        return slot not in self.problem.unavailable.get(participant, frozenset())

    def _own_slots(self, meeting: MeetingRequest) -> list[int]:
        if meeting.first == meeting.second:
            return []
        if meeting.pinned_table is not None and not 0 <= meeting.pinned_table < self.problem.tables:
            return []
        candidates = self.session_slots(meeting)
        if meeting.pinned_slot is not None:
            candidates = [meeting.pinned_slot] if meeting.pinned_slot in candidates else []
        return [
            slot for slot in candidates if self.free(meeting.first, slot) and self.free(meeting.second, slot)
        ]


# --------------------------------------------------------------------------------------------------
# Cheap necessary conditions, each with a message staff understand


def _diagnose(prepared: _Prepared) -> list[str]:
    """Reasons why not every meeting can be placed, from checks far cheaper than the search.

    Each finding proves that placing every meeting is impossible; [] means the checks passed (the
    search may still find the problem infeasible). Narrows `prepared.allowed` by precedences.
    """
    problem = prepared.problem
    if problem.meetings and (problem.slots == 0 or problem.tables == 0):
        for position in range(len(prepared.meetings)):
            prepared.allowed[position] = prepared.own_allowed[position] = []
        return [f"the event has no {'slots' if problem.slots == 0 else 'tables'}"]
    findings: list[str] = []
    findings.extend(_meetings_without_slot(prepared))
    findings.extend(_pin_conflicts(prepared))
    findings.extend(_precedence_conflicts(prepared))
    if findings:
        return findings
    findings.extend(_participant_overloads(prepared))
    findings.extend(_slot_overloads(prepared))
    findings.extend(_pinned_table_overloads(prepared))
    return findings


def _meetings_without_slot(prepared: _Prepared) -> list[str]:
    problem, names = prepared.problem, prepared.names
    findings = []
    for position, meeting in enumerate(prepared.meetings):
        if prepared.allowed[position]:
            continue
        label = names.meeting(meeting)
        if meeting.first == meeting.second:
            findings.append(f"meeting {label} has {names.participant(meeting.first)} on both sides")
        elif meeting.session is not None and not 0 <= meeting.session < len(problem.sessions):
            findings.append(
                f"meeting {label} wishes session {meeting.session + 1}, which the event does not have"
            )
        elif meeting.pinned_table is not None and not 0 <= meeting.pinned_table < problem.tables:
            findings.append(
                f"meeting {label} is pinned to table {meeting.pinned_table + 1}, "
                f"but the event has {problem.tables} tables"
            )
        elif meeting.pinned_slot is not None:
            findings.append(_pin_reason(prepared, meeting))
        else:
            where = (
                f"the {names.session(meeting.session)} session"
                if meeting.session is not None
                else "any slot of the event"
            )
            findings.append(
                f"meeting {label}: {names.participant(meeting.first)} and "
                f"{names.participant(meeting.second)} are never both free in {where}"
            )
    return findings


def _pin_reason(prepared: _Prepared, meeting: MeetingRequest) -> str:
    names, problem = prepared.names, prepared.problem
    slot = meeting.pinned_slot
    label = names.meeting(meeting)
    if slot is None or not 0 <= slot < problem.slots:
        return f"pinned meeting {label} is in slot {slot}, but the event has {problem.slots} slots"
    if slot not in prepared.session_slots(meeting):
        session = names.session(meeting.session) if meeting.session is not None else "wished"
        return f"pinned meeting {label} is in {names.slot(slot)}, outside its {session} session"
    absent = [names.participant(p) for p in (meeting.first, meeting.second) if not prepared.free(p, slot)]
    return f"pinned meeting {label} is in {names.slot(slot)}, which {' and '.join(absent)} cannot attend"


def _pin_conflicts(prepared: _Prepared) -> list[str]:
    problem, names = prepared.problem, prepared.names
    findings = []
    pinned = [
        (position, meeting)
        for position, meeting in enumerate(prepared.meetings)
        if meeting.pinned_slot is not None and prepared.allowed[position]
    ]
    by_person_slot: dict[tuple[Hashable, int], list[MeetingRequest]] = defaultdict(list)
    by_slot: dict[int, list[MeetingRequest]] = defaultdict(list)
    by_table: dict[tuple[int, int], list[MeetingRequest]] = defaultdict(list)
    for _, meeting in pinned:
        slot = meeting.pinned_slot
        assert slot is not None  # noqa: S101 -- filtered above; narrows the type
        by_slot[slot].append(meeting)
        for participant in (meeting.first, meeting.second):
            by_person_slot[participant, slot].append(meeting)
        if meeting.pinned_table is not None:
            by_table[slot, meeting.pinned_table].append(meeting)
    for (participant, slot), meetings in by_person_slot.items():
        if len(meetings) > 1:
            listed = _and([names.meeting(meeting) for meeting in meetings])
            both = "both" if len(meetings) == 2 else "all"
            findings.append(
                f"pinned meetings {listed} are {both} in {names.slot(slot)} "
                f"for {names.participant(participant)}"
            )
    for slot, meetings in sorted(by_slot.items()):
        if len(meetings) > problem.tables:
            findings.append(
                f"{names.slot(slot)} has {len(meetings)} pinned meetings "
                f"but only {_plural(problem.tables, 'table')}"
            )
    for (slot, table), meetings in sorted(by_table.items()):
        if len(meetings) > 1:
            findings.append(
                f"pinned meetings {_and([names.meeting(m) for m in meetings])} are all at table {table + 1} "
                f"in {names.slot(slot)}"
            )
    return findings


def _precedence_conflicts(prepared: _Prepared) -> list[str]:
    """Cycles, and meetings whose slot window closes once earliest/latest times are propagated."""
    names, meetings = prepared.names, prepared.meetings
    successors: dict[int, list[int]] = defaultdict(list)
    predecessors: dict[int, list[int]] = defaultdict(list)
    for earlier, later in prepared.edges:
        successors[earlier].append(later)
        predecessors[later].append(earlier)
    order = _topological_order(len(meetings), successors)
    if order is None:
        cycle = _find_cycle(len(meetings), successors)
        chain = " before ".join(names.meeting(meetings[position]) for position in [*cycle, cycle[0]])
        return [f"the precedences form a cycle: {chain}"]
    if not prepared.edges:
        return []
    last = prepared.problem.slots - 1
    earliest = [allowed[0] if allowed else 0 for allowed in prepared.allowed]
    latest = [allowed[-1] if allowed else last for allowed in prepared.allowed]
    for position in order:
        bound = max([earliest[p] + 1 for p in predecessors[position]], default=earliest[position])
        earliest[position] = next((s for s in prepared.allowed[position] if s >= bound), bound)
    for position in reversed(order):
        bound = min([latest[p] - 1 for p in successors[position]], default=latest[position])
        latest[position] = next((s for s in reversed(prepared.allowed[position]) if s <= bound), bound)
    findings = []
    for position, allowed in enumerate(prepared.allowed):
        if not allowed:
            continue
        narrowed = [slot for slot in allowed if earliest[position] <= slot <= latest[position]]
        if not narrowed:
            order_words = []
            if predecessors[position]:
                order_words.append(
                    "after " + _and([names.meeting(meetings[p]) for p in predecessors[position]])
                )
            if successors[position]:
                order_words.append(
                    "before " + _and([names.meeting(meetings[p]) for p in successors[position]])
                )
            findings.append(
                f"meeting {names.meeting(meetings[position])} must come {' and '.join(order_words)}, "
                f"which leaves none of its slots ({names.slots(allowed)})"
            )
        prepared.allowed[position] = narrowed
    return findings


def _participant_overloads(prepared: _Prepared) -> list[str]:
    """Per participant: can its meetings take pairwise different slots? (Hall's condition, exactly)."""
    names = prepared.names
    findings = []
    for participant in prepared.participants:
        positions = prepared.meetings_of[participant]
        deficient = _hall_violation(positions, prepared.allowed, capacity=1)
        if deficient is None:
            continue
        meeting_set, slot_set = deficient
        name = names.participant(participant)
        if len(meeting_set) == len(positions):
            findings.append(
                f"{name} has {len(positions)} meetings "
                f"but only {_plural(len(slot_set), 'slot')} it can attend" + _which_slots(names, slot_set)
            )
            continue
        wished = {prepared.meetings[p].session for p in meeting_set}
        session = next(iter(wished)) if len(wished) == 1 else None
        if session is not None and all(prepared.meetings[p].session == session for p in meeting_set):
            in_session = [p for p in positions if prepared.meetings[p].session == session]
            if len(in_session) == len(meeting_set):
                findings.append(
                    f"{name} has {len(meeting_set)} meetings wished in the {names.session(session)} session "
                    f"but can attend only {len(slot_set)} of its slots" + _which_slots(names, slot_set)
                )
                continue
        others = _and(
            [names.participant(_other(prepared.meetings[p], participant)) for p in sorted(meeting_set)]
        )
        findings.append(
            f"{name} has {len(meeting_set)} meetings (with {others}) that fit only in "
            f"{names.slots(sorted(slot_set))}: "
            f"{_plural(len(slot_set), 'slot')} for {len(meeting_set)} meetings"
        )
    return findings


def _slot_overloads(prepared: _Prepared) -> list[str]:
    """All meetings together: do they fit `tables` per slot? (Hall's condition with capacities)."""
    problem, names = prepared.problem, prepared.names
    positions = list(range(len(prepared.meetings)))
    deficient = _hall_violation(positions, prepared.allowed, capacity=problem.tables)
    if deficient is None:
        return []
    meeting_set, slot_set = deficient
    places = len(slot_set) * problem.tables
    tables = f"{problem.tables} table" + ("" if problem.tables == 1 else "s")
    slots = f"{len(slot_set)} slot" + ("" if len(slot_set) == 1 else "s")
    for index, (start, stop) in enumerate(problem.sessions):
        wished = [p for p in positions if prepared.meetings[p].session == index]
        if set(slot_set) <= set(range(start, stop)) and set(wished) <= set(meeting_set) and wished:
            return [
                f"{names.session(index)} session: {len(meeting_set)} meetings wished, "
                f"{slots} x {tables} = {places} places"
            ]
    if len(slot_set) == problem.slots or len(meeting_set) == len(positions):
        return [f"{len(meeting_set)} meetings, but {slots} x {tables} = {places} places"]
    return [
        f"{len(meeting_set)} meetings can only go in {names.slots(sorted(slot_set))}: "
        f"{slots} x {tables} = {places} places"
    ]


def _pinned_table_overloads(prepared: _Prepared) -> list[str]:
    names = prepared.names
    findings = []
    by_table: dict[int, list[int]] = defaultdict(list)
    for position, meeting in enumerate(prepared.meetings):
        if meeting.pinned_table is not None:
            by_table[meeting.pinned_table].append(position)
    for table, positions in sorted(by_table.items()):
        deficient = _hall_violation(positions, prepared.allowed, capacity=1)
        if deficient is not None:
            meeting_set, slot_set = deficient
            findings.append(
                f"{len(meeting_set)} meetings are pinned to table {table + 1} but can only use "
                f"{names.slots(sorted(slot_set))}"
            )
    return findings


def _hall_violation(
    positions: Sequence[int], allowed: Sequence[Sequence[int]], *, capacity: int
) -> tuple[set[int], set[int]] | None:
    """A set of meetings with fewer places (slots x capacity) than members, or None when all fit.

    Max-flow from meetings to slots of `capacity` by augmenting paths; when some meeting stays
    unmatched, the meetings reachable from it by alternating paths and their slots are the witness.
    """
    if capacity <= 0:
        return ({*positions}, set()) if positions else None
    holders: dict[int, list[int]] = defaultdict(list)  # slot -> meetings in it
    slot_of: dict[int, int] = {}
    for root in positions:
        if allowed[root] and _augment(root, allowed, capacity, holders, slot_of):
            continue
        return _reachable(root, allowed, holders)
    return None


def _augment(
    root: int,
    allowed: Sequence[Sequence[int]],
    capacity: int,
    holders: dict[int, list[int]],
    slot_of: dict[int, int],
) -> bool:
    parent: dict[
        int, tuple[int, int]
    ] = {}  # slot -> (meeting that reaches it, previous slot of that meeting)
    queue = [root]
    seen_meetings = {root}
    while queue:
        meeting = queue.pop(0)
        for slot in allowed[meeting]:
            if slot in parent or slot == slot_of.get(meeting):
                continue
            parent[slot] = (meeting, slot_of.get(meeting, -1))
            if len(holders[slot]) < capacity:
                _flip(slot, parent, holders, slot_of)
                return True
            for holder in holders[slot]:
                if holder not in seen_meetings:
                    seen_meetings.add(holder)
                    queue.append(holder)
    return False


def _flip(
    slot: int, parent: dict[int, tuple[int, int]], holders: dict[int, list[int]], slot_of: dict[int, int]
) -> None:
    while True:
        meeting, previous = parent[slot]
        holders[slot].append(meeting)
        slot_of[meeting] = slot
        if previous < 0:
            return
        holders[previous].remove(meeting)
        slot = previous


def _reachable(
    root: int, allowed: Sequence[Sequence[int]], holders: dict[int, list[int]]
) -> tuple[set[int], set[int]]:
    meetings, slots = {root}, set()
    queue = [root]
    while queue:
        meeting = queue.pop(0)
        for slot in allowed[meeting]:
            if slot in slots:
                continue
            slots.add(slot)
            for holder in holders[slot]:
                if holder not in meetings:
                    meetings.add(holder)
                    queue.append(holder)
    return meetings, slots


# --------------------------------------------------------------------------------------------------
# CP-SAT models


@dataclass
class _Outcome:
    status: str
    slots: dict[int, int]  # meeting position -> slot
    lower_bound: int | None = None


class _Model:
    """Booleans x[m, t] (meeting m in slot t, only for allowed t), busy[p, t], block starts, breaks."""

    def __init__(self, prepared: _Prepared, *, optional: bool) -> None:
        self.prepared = prepared
        # Precedences narrow the slots only when every meeting is placed: a meeting whose partner in
        # a precedence stays unplaced is free of it.
        self.allowed = prepared.own_allowed if optional else prepared.allowed
        problem = prepared.problem
        model = cp_model.CpModel()
        self.model = model
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.placed: list[cp_model.IntVar | int] = []
        for position, allowed in enumerate(self.allowed):
            literals = []
            for slot in allowed:
                literal = model.NewBoolVar(f"x{position}_{slot}")
                self.x[position, slot] = literal
                literals.append(literal)
            if optional:
                placed = model.NewBoolVar(f"placed{position}")
                model.Add(sum(literals) == placed)
                self.placed.append(placed)
            else:
                model.AddExactlyOne(literals)
                self.placed.append(1)
        by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (position, slot), literal in self.x.items():
            by_slot[slot].append(literal)
            del position
        for literals in by_slot.values():
            if len(literals) > problem.tables:
                model.Add(sum(literals) <= problem.tables)
        self._pinned_tables()
        self._precedences(optional=optional)
        self._breaks(optional=optional)

    def _pinned_tables(self) -> None:
        by_table_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for (position, slot), literal in self.x.items():
            table = self.prepared.meetings[position].pinned_table
            if table is not None:
                by_table_slot[table, slot].append(literal)
        for literals in by_table_slot.values():
            if len(literals) > 1:
                self.model.AddAtMostOne(literals)

    def _precedences(self, *, optional: bool) -> None:
        model, prepared = self.model, self.prepared
        for earlier, later in prepared.edges:
            for slot in self.allowed[later]:
                # later in `slot` needs earlier strictly before it (or, optionally, earlier unplaced).
                before = [self.x[earlier, s] for s in self.allowed[earlier] if s < slot]
                at_or_after = [self.x[earlier, s] for s in self.allowed[earlier] if s >= slot]
                if optional:
                    for literal in at_or_after:
                        model.AddImplication(self.x[later, slot], literal.Not())
                else:
                    model.AddBoolOr([*before, self.x[later, slot].Not()])

    def _breaks(self, *, optional: bool) -> None:
        self.busy: dict[tuple[Hashable, int], cp_model.IntVar] = {}
        self.breaks: dict[Hashable, cp_model.IntVar] = {}
        self.some_break: dict[Hashable, cp_model.IntVar] = {}
        self.has_meeting: dict[Hashable, cp_model.IntVar | int] = {}
        self.break_upper: dict[Hashable, int] = {}
        for participant in self.prepared.participants:
            self._participant_breaks(participant, optional=optional)
        # Implied (the paper's IC2): each meeting keeps two participants busy.
        per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (_, slot), literal in self.busy.items():
            per_slot[slot].append(literal)
        for literals in per_slot.values():
            if len(literals) > 2 * self.prepared.problem.tables:
                self.model.Add(sum(literals) <= 2 * self.prepared.problem.tables)
        self.total_breaks = sum(self.breaks.values())

    def _participant_breaks(self, participant: Hashable, *, optional: bool) -> None:
        model = self.model
        positions = self.prepared.meetings_of[participant]
        slots = sorted({slot for p in positions for slot in self.allowed[p]})
        busy: dict[int, cp_model.IntVar] = {}
        for slot in slots:
            literal = model.NewBoolVar(f"busy_{len(self.busy)}")
            # busy <-> exactly one of its meetings in this slot (and never two).
            model.AddExactlyOne([*(self.x[p, slot] for p in positions if (p, slot) in self.x), literal.Not()])
            busy[slot] = self.busy[participant, slot] = literal
        # Implied (the paper's IC1): as many busy slots as meetings placed.
        model.Add(sum(busy.values()) == sum(self.placed[p] for p in positions))
        # before: a meeting in some slot so far today. A break ends in a slot that is busy while the
        # slot before it is idle and something came earlier (the paper's endHole, one slot later).
        day = self.prepared.day
        before: cp_model.IntVar | None = None
        ends: list[cp_model.IntVar] = []
        for index, slot in enumerate(slots):
            current, previous = busy[slot], busy.get(slot - 1)
            if before is None or day[slot] != day[slots[index - 1]]:
                before = current  # the first slot of the participant's day
                continue
            end = model.NewBoolVar(f"end_{len(self.busy)}_{slot}")
            model.AddImplication(end, current)
            model.AddImplication(end, before)
            if previous is not None:
                model.AddImplication(end, previous.Not())
            model.AddBoolOr([current.Not(), before.Not(), end, *([previous] if previous is not None else [])])
            ends.append(end)
            merged = model.NewBoolVar(f"before_{len(self.busy)}_{slot}")
            model.AddBoolOr([merged.Not(), before, current])
            model.AddImplication(before, merged)
            model.AddImplication(current, merged)
            before = merged
        upper = max(0, min(len(positions) - 1, len(ends)))
        breaks = model.NewIntVar(0, upper, f"breaks_{len(self.breaks)}")
        model.Add(breaks == sum(ends))
        self.breaks[participant] = breaks
        self.break_upper[participant] = upper
        if optional and slots:
            has = model.NewBoolVar(f"has_{len(self.breaks)}")
            model.AddMaxEquality(has, list(busy.values()))
            self.has_meeting[participant] = has
        else:
            self.has_meeting[participant] = int(bool(slots))
        # some <-> at least one break. Two busy slots n or more apart (n = its meetings) force a
        # break: with these clauses the clause-learning search sees "no break" as "every meeting
        # within n consecutive slots", which is what lets presolve refute small totals quickly.
        some = model.NewBoolVar(f"some_{len(self.breaks)}")
        model.Add(breaks >= some)
        model.Add(breaks <= upper * some)
        self.some_break[participant] = some
        for first in slots:
            for second in slots:
                if second - first >= len(positions) and day[first] == day[second]:
                    model.AddBoolOr([busy[first].Not(), busy[second].Not(), some])

    def fairness(self, spread: int) -> None:
        """max - min breaks over participants with meetings <= spread (exact: lo <= b_p <= lo + spread)."""
        model = self.model
        upper = max(self.break_upper.values(), default=0)
        low = model.NewIntVar(0, upper, "low")
        for breaks in self.breaks.values():
            model.Add(breaks >= low)
            model.Add(breaks <= low + spread)

    def soft_fairness(self, spread: int) -> cp_model.IntVar:
        """Excess of (max - min breaks over participants with a placed meeting) over `spread`."""
        model = self.model
        upper = max(self.break_upper.values(), default=0)
        low = model.NewIntVar(0, upper, "low")
        high = model.NewIntVar(0, upper, "high")
        for participant, breaks in self.breaks.items():
            has = self.has_meeting[participant]
            if isinstance(has, int):
                if has:
                    model.Add(breaks >= low)
                    model.Add(breaks <= high)
                continue
            model.Add(breaks >= low).OnlyEnforceIf(has)
            model.Add(breaks <= high).OnlyEnforceIf(has)
        excess = model.NewIntVar(0, upper, "excess")
        model.Add(excess >= high - low - spread)
        return excess

    def hint(self, slots: Mapping[int, int]) -> None:
        for (position, slot), literal in self.x.items():
            self.model.AddHint(literal, slots.get(position) == slot)

    def solver(self, deadline: float, workers: int, seed: int) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed
        return solver

    def slots_from(self, solver: cp_model.CpSolver) -> dict[int, int]:
        return {
            position: slot for (position, slot), literal in self.x.items() if solver.BooleanValue(literal)
        }


def _hint_slots(prepared: _Prepared, hint: Sequence[Placement]) -> dict[int, int]:
    return {
        prepared.index[placement.meeting_id]: placement.slot
        for placement in hint
        if placement.meeting_id in prepared.index
    }


def _solve_all_placed(
    prepared: _Prepared, deadline: float, workers: int, seed: int, hint: Sequence[Placement]
) -> _Outcome:
    return _AllPlacedSearch(prepared, deadline, workers, seed).run(_hint_slots(prepared, hint))


class _AllPlacedSearch:
    """Every meeting placed, fewest breaks: CP-SAT calls on one model, each with its own time slice.

    0. Participants whose meetings cannot lie in consecutive slots at all get a break up front.
    1. A short optimisation (LNS plus a worker searching at the lower bound) finds a good schedule
       (or, failing that, a plain feasibility call finds any schedule or proves there is none).
    2. Lower-bound ladder: "at most k breaks" as a satisfiability question. With the objective
       bounded, CP-SAT's presolve (probing) refutes small k in a second or two where the optimiser's
       bound stalls; refuted, k + 1 is a lower bound; answered, that schedule is optimal.
    3. When exactly one break more than the forced ones is missing: which participant takes it?
       Each candidate alone may break, everybody else is break-free; presolve refutes a wrong
       candidate in a fraction of a second, which the full search does not see.
    4. The rest of the time: the full optimisation again, from the best schedule.
    Measured on the 20 original benchmark instances (bench/b2b.py): 19 proven optimal, all 20 at
    the published optimum, within 60 s each on 2 workers.
    """

    def __init__(self, prepared: _Prepared, deadline: float, workers: int, seed: int) -> None:
        self.prepared = prepared
        self.deadline = deadline
        self.started = time.monotonic()
        self.workers = workers
        self.seed = seed
        self.built = _Model(prepared, optional=False)
        if prepared.problem.max_break_spread is not None:
            self.built.fairness(prepared.problem.max_break_spread)
        self.forced = set(_participants_needing_a_break(prepared))
        for participant in self.forced:
            self.built.model.Add(self.built.some_break[participant] == 1)
        self.lower = len(self.forced)
        self.best: dict[int, int] | None = None
        self.best_cost = 0

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def run(self, hint: Mapping[int, int]) -> _Outcome:
        outcome = (
            self._optimise(min(max(0.15 * self.remaining(), 1.0), 10.0), hint)
            or self._any_schedule()
            or self._ladder()
            or self._one_more_break()
            or self._optimise(self.remaining(), self.best or hint)
        )
        return outcome or self._outcome(FEASIBLE if self.best is not None else UNKNOWN)

    def _any_schedule(self) -> _Outcome | None:
        """Without a schedule yet, any schedule first: a problem that is infeasible but hard to prove
        so would otherwise climb the ladder until the time is up."""
        if self.best is None and self._decide(None, 0.4 * self.remaining()) is False:
            return _Outcome(INFEASIBLE, {})
        return None

    def _ladder(self) -> _Outcome | None:
        while self.remaining() > 0.05 and self.best is not None and self.lower < self.best_cost:
            # Shorter when the breaker search below can take over at this bound.
            cap = 5.0 if self.lower - len(self.forced) == 1 else 15.0
            answered = self._decide(self.lower, min(0.3 * self.remaining(), cap))
            if answered is None:
                break
            if answered:
                return self._outcome(OPTIMAL)
            self.lower += 1
        return self._settled()

    def _one_more_break(self) -> _Outcome | None:
        if self.best is not None and self.lower - len(self.forced) == 1:
            self._breaker_search()
        return self._settled()

    def _settled(self) -> _Outcome | None:
        if self.best is not None and self.lower >= self.best_cost:
            return self._outcome(OPTIMAL)
        return None

    def _solver(self, seconds: float, *, deciding: bool, workers: int | None = None) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        parameters = solver.parameters
        workers = self.workers if workers is None else workers
        parameters.max_time_in_seconds = max(0.01, min(seconds, self.remaining()))
        parameters.num_workers = max(1, workers)
        parameters.random_seed = self.seed
        if workers == 2:
            # Measured on the benchmark: pure clause learning decides "at most k breaks" far faster
            # than the LP-based workers; for optimising, LNS plus a search at the lower bound.
            pair = (
                ["no_lp", "quick_restart_no_lp"] if deciding else ["objective_lb_search_no_lp", "default_lp"]
            )
            parameters.subsolvers.extend(pair)
        elif workers > 2:
            parameters.extra_subsolvers.append("objective_lb_search_no_lp")
        else:
            parameters.linearization_level = 0 if deciding else 1
        return solver

    def _optimise(self, seconds: float, hint: Mapping[int, int]) -> _Outcome | None:
        """An optimisation call; returns the final outcome when it settles the question."""
        model = self.built.model.Clone()
        model.Add(self.built.total_breaks >= self.lower)
        model.Minimize(self.built.total_breaks)
        _add_hint(model, self.built, hint)
        solver = self._solver(seconds, deciding=False)
        status = solver.Solve(model)
        self._log("optimise", solver, status)
        if status == cp_model.INFEASIBLE:
            if self.best is not None:  # nothing at or above the bound beats the best: it is optimal
                return self._outcome(OPTIMAL)
            return _Outcome(INFEASIBLE, {})
        if status in {cp_model.OPTIMAL, cp_model.FEASIBLE}:
            self._keep(self.built.slots_from(solver), int(solver.ObjectiveValue()))
            self.lower = max(self.lower, round(solver.BestObjectiveBound()))
            if status == cp_model.OPTIMAL or self.lower >= self.best_cost:
                return self._outcome(OPTIMAL)
        return None

    def _decide(self, bound: int | None, seconds: float) -> bool | None:
        """Is there a schedule with at most `bound` breaks (any schedule for None)? None: time ran out."""
        model = self.built.model.Clone()
        if bound is not None:
            model.Add(self.built.total_breaks <= bound)
        solver = self._solver(seconds, deciding=True)
        status = solver.Solve(model)
        self._log(f"at most {bound} breaks" if bound is not None else "any schedule", solver, status)
        if status == cp_model.INFEASIBLE:
            return False
        if status in {cp_model.OPTIMAL, cp_model.FEASIBLE}:
            slots = self.built.slots_from(solver)
            self._keep(slots, int(sum(solver.Value(b) for b in self.built.breaks.values())))
            return True
        return None

    def _breaker_search(self) -> None:
        """One break more than the forced ones: which participant takes it? Try them one by one.

        With everybody else break-free, presolve refutes a wrong candidate in well under a second
        and a right one is found in a few; the full search has to discover the same case split.
        Candidates run side by side, one per worker. Two rounds: a short look at every candidate,
        then a longer one at those left undecided (likeliest first: today's breakers, then the
        busiest participants). Stops at the first schedule at the lower bound, or when 80 % of the
        remaining time is used.
        """
        assert self.best is not None  # noqa: S101 -- only called with a schedule; narrows the type
        stop = time.monotonic() + 0.8 * self.remaining()
        breakers = {p for p, b in _breaks_of(self.prepared, self.best).items() if b}
        candidates = sorted(
            (p for p in self.prepared.participants if p not in self.forced),
            key=lambda p: (p not in breakers, -len(self.prepared.meetings_of[p])),
        )
        undecided = self._try_breakers(candidates, 1.5, stop)
        self._try_breakers(undecided, 6.0, stop)

    def _try_breakers(self, candidates: list[Hashable], limit: float, stop: float) -> list[Hashable]:
        """Run the candidates `self.workers` at a time; the ones whose call ran out of time."""
        undecided: list[Hashable] = []
        queue = list(candidates)
        running: dict[Future[tuple[int, dict[int, int], int]], tuple[Hashable, cp_model.CpSolver]] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            while queue or running:
                while queue and len(running) < max(1, self.workers) and self.best_cost > self.lower:
                    seconds = min(limit, stop - time.monotonic())
                    if seconds <= 0.05:
                        queue.clear()
                        break
                    candidate = queue.pop(0)
                    solver = self._solver(seconds, deciding=True, workers=1)
                    running[pool.submit(self._try_breaker, candidate, solver)] = (candidate, solver)
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    candidate, solver = running.pop(future)
                    status, slots, cost = future.result()
                    self._log(f"breaks only for the forced and {candidate}", solver, status)
                    if slots:
                        self._keep(slots, cost)
                    elif status == cp_model.UNKNOWN:
                        undecided.append(candidate)
                if self.best_cost <= self.lower:
                    for _, other in running.values():
                        other.StopSearch()
        return undecided

    def _try_breaker(self, candidate: Hashable, solver: cp_model.CpSolver) -> tuple[int, dict[int, int], int]:
        """(status, slots, breaks) with breaks allowed only for the forced participants and `candidate`."""
        allowed = {*self.forced, candidate}
        model = self.built.model.Clone()
        for participant, some in self.built.some_break.items():
            if participant not in allowed:
                model.Add(some == 0)
        model.Add(self.built.total_breaks <= self.lower)
        status = solver.Solve(model)
        if status in {cp_model.OPTIMAL, cp_model.FEASIBLE}:
            cost = int(sum(solver.Value(breaks) for breaks in self.built.breaks.values()))
            return status, self.built.slots_from(solver), cost
        return status, {}, 0

    def _keep(self, slots: dict[int, int], cost: int) -> None:
        if self.best is None or cost < self.best_cost:
            self.best, self.best_cost = slots, cost

    def _log(self, step: str, solver: cp_model.CpSolver, status: int) -> None:
        logger.debug(
            "%s: %s in %.1f s; best %s, lower bound %d, %.1f s left",
            step,
            solver.StatusName(status),
            solver.WallTime(),
            self.best_cost if self.best is not None else "-",
            self.lower,
            self.remaining(),
        )

    def _outcome(self, status: str) -> _Outcome:
        if self.best is None:
            return _Outcome(status if status != OPTIMAL else UNKNOWN, {})
        return _Outcome(status, self.best, min(self.lower, self.best_cost))


def _add_hint(model: cp_model.CpModel, built: _Model, slots: Mapping[int, int]) -> None:
    if slots:
        for (position, slot), literal in built.x.items():
            model.AddHint(literal, slots.get(position) == slot)


def _breaks_of(prepared: _Prepared, slots: Mapping[int, int]) -> dict[Hashable, int]:
    placements = [Placement(prepared.meetings[position].id, slot, 0) for position, slot in slots.items()]
    return count_breaks(prepared.problem, placements)


def _participants_needing_a_break(prepared: _Prepared) -> list[Hashable]:
    """Participants whose meetings fit in no window of consecutive slots as long as their count."""
    needing = []
    for participant in prepared.participants:
        positions = prepared.meetings_of[participant]
        slots = sorted({slot for p in positions for slot in prepared.allowed[p]})
        count = len(positions)
        if not slots or count < 2 or prepared.day[slots[0]] != prepared.day[slots[-1]]:
            continue
        fits = False
        for start in range(slots[0], slots[-1] - count + 2):
            window = range(start, start + count)
            allowed = {p: [slot for slot in prepared.allowed[p] if slot in window] for p in positions}
            if _hall_violation(positions, allowed, capacity=1) is None:
                fits = True
                break
        if not fits:
            needing.append(participant)
    return needing


def _solve_most_placed(
    prepared: _Prepared, deadline: float, workers: int, seed: int, hint: Sequence[Placement]
) -> _Outcome:
    """Lexicographic: pinned meetings placed, then meetings placed, then fairness excess, then breaks."""
    built = _Model(prepared, optional=True)
    problem = prepared.problem
    break_weight = 1
    break_bound = sum(built.break_upper.values()) + 1
    objective = built.total_breaks * break_weight
    excess_bound = 1
    if problem.max_break_spread is not None:
        excess = built.soft_fairness(problem.max_break_spread)
        excess_bound = max(built.break_upper.values(), default=0) + 1
        objective = objective + excess * break_bound
    place_weight = break_bound * excess_bound
    meeting_count = len(prepared.meetings)
    pin_weight = place_weight * (meeting_count + 1)
    rewards = [
        built.placed[position] * (pin_weight if meeting.pinned_slot is not None else place_weight)
        for position, meeting in enumerate(prepared.meetings)
    ]
    built.model.Minimize(objective - sum(rewards))
    if hint:
        built.hint(_hint_slots(prepared, hint))
    solver = built.solver(deadline, workers, seed)
    status = solver.Solve(built.model)
    if status not in {cp_model.OPTIMAL, cp_model.FEASIBLE}:
        return _Outcome(UNKNOWN, {})
    return _Outcome(OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE, built.slots_from(solver))


# --------------------------------------------------------------------------------------------------
# Results


def _assign_tables(
    prepared: _Prepared, slots: Mapping[int, int], previous: Mapping[Hashable, Placement]
) -> list[Placement]:
    """Tables per slot: pinned tables first, then the table a meeting had in the same slot of the
    previous draft (`hint`) when still free, then the lowest free table, in the order of the request."""
    placements = []
    by_slot: dict[int, list[int]] = defaultdict(list)
    for position, slot in slots.items():
        by_slot[slot].append(position)
    for slot in sorted(by_slot):
        positions = sorted(by_slot[slot])
        chosen: dict[int, int] = {}
        for position in positions:
            if prepared.meetings[position].pinned_table is not None:
                chosen[position] = prepared.meetings[position].pinned_table
        for position in positions:
            before = previous.get(prepared.meetings[position].id)
            if (
                position not in chosen
                and before is not None
                and before.slot == slot
                and 0 <= before.table < prepared.problem.tables
                and before.table not in chosen.values()
            ):
                chosen[position] = before.table
        free = (table for table in range(prepared.problem.tables) if table not in chosen.values())
        for position in positions:
            if position not in chosen:
                chosen[position] = next(free)
            placements.append(
                Placement(meeting_id=prepared.meetings[position].id, slot=slot, table=chosen[position])
            )
    order = {meeting.id: position for position, meeting in enumerate(prepared.meetings)}
    placements.sort(key=lambda placement: (placement.slot, placement.table, order[placement.meeting_id]))
    return placements


def _result(
    prepared: _Prepared,
    outcome: _Outcome,
    problems: tuple[str, ...],
    started: float,
    *,
    status: str | None = None,
    hint: Sequence[Placement] = (),
) -> SchedulingResult:
    problem = prepared.problem
    placements = _assign_tables(
        prepared, outcome.slots, {placement.meeting_id: placement for placement in hint}
    )
    breaks = count_breaks(problem, placements)
    placed_ids = {placement.meeting_id for placement in placements}
    return SchedulingResult(
        status=status if status is not None and outcome.status != UNKNOWN else outcome.status,
        placements=tuple(placements),
        unplaced=tuple(meeting.id for meeting in problem.meetings if meeting.id not in placed_ids),
        total_breaks=sum(breaks.values()),
        break_spread=break_spread(problem, placements),
        breaks_by_participant=breaks,
        problems=problems,
        seconds=time.monotonic() - started,
        lower_bound=outcome.lower_bound,
    )


def _explain_outcome(prepared: _Prepared, outcome: _Outcome, diagnosed: bool) -> list[str]:
    """Why each unplaced meeting stayed out, given the others, and whether fairness was relaxed."""
    problem, names = prepared.problem, prepared.names
    messages = []
    if outcome.status == UNKNOWN:
        return ["no schedule was found within the time limit"]
    placed_slots = outcome.slots
    count: dict[int, int] = defaultdict(int)
    busy: dict[tuple[Hashable, int], int] = {}
    for position, slot in placed_slots.items():
        count[slot] += 1
        meeting = prepared.meetings[position]
        busy[meeting.first, slot] = position
        busy[meeting.second, slot] = position
    unplaced = [p for p in range(len(prepared.meetings)) if p not in placed_slots]
    for position in unplaced:
        meeting = prepared.meetings[position]
        allowed = prepared.own_allowed[position]
        if not allowed:
            continue  # the quick checks named the reason
        taken = sum(1 for slot in allowed if (meeting.first, slot) in busy or (meeting.second, slot) in busy)
        full = sum(
            1
            for slot in allowed
            if (meeting.first, slot) not in busy
            and (meeting.second, slot) not in busy
            and count[slot] >= problem.tables
        )
        reasons = []
        if taken:
            reasons.append(
                f"{taken} taken by other meetings of {names.participant(meeting.first)} "
                f"or {names.participant(meeting.second)}"
            )
        if full:
            reasons.append(f"{full} with every table in use")
        other = len(allowed) - taken - full
        if other:
            reasons.append(f"{other} ruled out by the required order of meetings or by pinned tables")
        messages.append(
            f"meeting {names.meeting(meeting)} was left unplaced: "
            f"of its {_plural(len(allowed), 'possible slot')}, {_and(reasons)}"
        )
    spread = problem.max_break_spread
    if spread is not None:
        placements = [Placement(prepared.meetings[p].id, s, 0) for p, s in placed_slots.items()]
        actual = break_spread(problem, placements)
        if actual > spread:
            messages.append(
                f"no schedule keeps everyone's breaks within {spread} of each other; "
                f"this one differs by {actual}"
            )
    if not messages and not diagnosed:
        messages.append("the meetings cannot all be placed together")
    return messages


# --------------------------------------------------------------------------------------------------
# Small helpers


def _days(problem: SchedulingProblem) -> dict[int, int]:
    """Slot -> day number (0 for every slot without `day_starts`)."""
    starts = sorted(start for start in problem.day_starts if 0 < start < problem.slots)
    return {slot: sum(1 for start in starts if start <= slot) for slot in range(problem.slots)}


def _participants_placed(problem: SchedulingProblem, placements: Sequence[Placement]) -> set[Hashable]:
    by_id = {meeting.id: meeting for meeting in problem.meetings}
    placed = set()
    for placement in placements:
        meeting = by_id.get(placement.meeting_id)
        if meeting is not None:
            placed.update((meeting.first, meeting.second))
    return placed


def _other(meeting: MeetingRequest, participant: Hashable) -> Hashable:
    return meeting.second if meeting.first == participant else meeting.first


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _which_slots(names: _Names, slots: set[int]) -> str:
    return f" ({names.slots(sorted(slots))})" if slots else ""


def _topological_order(size: int, successors: Mapping[int, list[int]]) -> list[int] | None:
    indegree = [0] * size
    for targets in successors.values():
        for target in targets:
            indegree[target] += 1
    ready = [node for node in range(size) if indegree[node] == 0]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for target in successors.get(node, ()):
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return order if len(order) == size else None


def _find_cycle(size: int, successors: Mapping[int, list[int]]) -> list[int]:
    state = [0] * size  # 0 new, 1 on stack, 2 done
    stack: list[int] = []
    for root in range(size):
        if state[root]:
            continue
        path = [(root, iter(successors.get(root, ())))]
        state[root] = 1
        stack.append(root)
        while path:
            node, children = path[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state[child] == 1:
                return stack[stack.index(child) :]
            elif state[child] == 0:
                state[child] = 1
                stack.append(child)
                path.append((child, iter(successors.get(child, ()))))
    return []
