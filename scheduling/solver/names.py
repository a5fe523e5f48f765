"""How messages name things staff know: participants, meetings, slots and sessions (the labels the
problem gives, or a plain default), and the small wording helpers the checks and explanations share.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from scheduling.solver.problem import MeetingRequest, SchedulingProblem


class Names:
    """How messages name the problem's participants, meetings, slots and sessions."""

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


def plural(count: int, word: str) -> str:
    """'1 table', '3 tables'."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
