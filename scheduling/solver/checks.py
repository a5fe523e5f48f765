"""Independent checks of a schedule, apart from the CP-SAT model: `check_schedule` lists every broken
hard rule in words, `count_breaks` and `break_spread` measure breaks and fairness as the module
docstring of `scheduling.solver` defines them. The solver uses the same counting for its results.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from itertools import pairwise

from scheduling.solver.days import slot_days
from scheduling.solver.names import Names, plural
from scheduling.solver.problem import MeetingRequest, Placement, SchedulingProblem


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
        placed = by_id.get(placement.meeting_id)
        if placed is None:
            continue
        busy[placed.first].add(placement.slot)
        busy[placed.second].add(placement.slot)
    day = slot_days(problem)
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
    names = Names(problem)
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
    names: Names,
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
        f"{names.slot(slot)} holds {len(ids)} meetings but there are {plural(problem.tables, 'table')}"
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
    problem: SchedulingProblem, names: Names, meeting: MeetingRequest, placement: Placement
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


def _participants_placed(problem: SchedulingProblem, placements: Sequence[Placement]) -> set[Hashable]:
    by_id = {meeting.id: meeting for meeting in problem.meetings}
    placed: set[Hashable] = set()
    for placement in placements:
        meeting = by_id.get(placement.meeting_id)
        if meeting is not None:
            placed.update((meeting.first, meeting.second))
    return placed
