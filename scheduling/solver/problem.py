"""The scheduler's plain data: the problem handed in (`SchedulingProblem` of `MeetingRequest`s), the
placements and `SchedulingResult` handed back, and the result statuses. No logic.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

Session = tuple[int, int]  # half-open range of slot numbers [start, stop)


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
    status: str  # one of STATUSES below
    placements: tuple[Placement, ...]
    unplaced: tuple[Hashable, ...]  # meeting ids not placed
    total_breaks: int
    break_spread: int  # max - min breaks over participants with placed meetings
    breaks_by_participant: Mapping[Hashable, int]
    problems: tuple[str, ...]  # human-readable reasons when not everything could be placed / infeasible
    seconds: float
    lower_bound: int | None = None  # proven lower bound on total breaks when all meetings are placed


# What a result is, from what CP-SAT proved (its own statuses are mapped in `solving`):
OPTIMAL = "optimal"  # every meeting placed; the fewest breaks proven
FEASIBLE = "feasible"  # every meeting placed; the time limit came before the fewest breaks were proven
# Not every meeting placed, and the time limit came first: either before a schedule placing all was
# found or refuted, or before the most that can be placed were proven. A longer limit may place more.
PARTIAL = "partial"
INFEASIBLE = "infeasible"  # proven: not every meeting can be placed; as many as possible are
UNKNOWN = "unknown"  # the time limit came before any schedule was found; nothing placed
STATUSES = (OPTIMAL, FEASIBLE, PARTIAL, INFEASIBLE, UNKNOWN)
