"""The problem indexed once for the checks and the models (`PreparedProblem`): participants and their
meetings, precedence edges, and the slots each meeting may take; malformed data is a ValueError.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from scheduling.solver.days import slot_days
from scheduling.solver.names import Names
from scheduling.solver.problem import MeetingRequest, SchedulingProblem


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


class PreparedProblem:
    """Indexes of the problem: participants, allowed slots per meeting, precedence edges."""

    def __init__(self, problem: SchedulingProblem) -> None:
        self.problem = problem
        self.names = Names(problem)
        self.meetings = problem.meetings
        self.index: dict[Hashable, int] = {}
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
        # precedences in diagnose. Meetings that are malformed for staff reasons get no slot.
        self.own_allowed: list[list[int]] = [self._own_slots(meeting) for meeting in problem.meetings]
        self.allowed = [list(slots) for slots in self.own_allowed]
        self.day = slot_days(problem)

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
        candidates: Sequence[int] = self.session_slots(meeting)
        if meeting.pinned_slot is not None:
            candidates = [meeting.pinned_slot] if meeting.pinned_slot in candidates else []
        return [
            slot for slot in candidates if self.free(meeting.first, slot) and self.free(meeting.second, slot)
        ]
