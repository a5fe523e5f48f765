"""Why not every meeting can be placed, in words staff understand. Before the search, cheap necessary
conditions (`diagnose`: meetings without a slot, pin conflicts, precedence cycles and windows,
overloaded participants, slots and pinned tables); after it, why each unplaced meeting stayed out
and whether fairness was relaxed (`explain_outcome`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

from scheduling.solver.checks import break_spread
from scheduling.solver.matching import hall_violation
from scheduling.solver.names import Names, and_list, plural
from scheduling.solver.outcome import SearchOutcome
from scheduling.solver.prepared import PreparedProblem
from scheduling.solver.problem import UNKNOWN, MeetingRequest, Placement


def diagnose(prepared: PreparedProblem) -> list[str]:
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


def _meetings_without_slot(prepared: PreparedProblem) -> list[str]:
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


def _pin_reason(prepared: PreparedProblem, meeting: MeetingRequest) -> str:
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


def _pin_conflicts(prepared: PreparedProblem) -> list[str]:
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
            listed = and_list([names.meeting(meeting) for meeting in meetings])
            both = "both" if len(meetings) == 2 else "all"
            findings.append(
                f"pinned meetings {listed} are {both} in {names.slot(slot)} "
                f"for {names.participant(participant)}"
            )
    for slot, meetings in sorted(by_slot.items()):
        if len(meetings) > problem.tables:
            findings.append(
                f"{names.slot(slot)} has {len(meetings)} pinned meetings "
                f"but only {plural(problem.tables, 'table')}"
            )
    for (slot, table), meetings in sorted(by_table.items()):
        if len(meetings) > 1:
            labels = and_list([names.meeting(m) for m in meetings])
            findings.append(f"pinned meetings {labels} are all at table {table + 1} in {names.slot(slot)}")
    return findings


def _precedence_conflicts(prepared: PreparedProblem) -> list[str]:
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
                    "after " + and_list([names.meeting(meetings[p]) for p in predecessors[position]])
                )
            if successors[position]:
                order_words.append(
                    "before " + and_list([names.meeting(meetings[p]) for p in successors[position]])
                )
            findings.append(
                f"meeting {names.meeting(meetings[position])} must come {' and '.join(order_words)}, "
                f"which leaves none of its slots ({names.slots(allowed)})"
            )
        prepared.allowed[position] = narrowed
    return findings


def _participant_overloads(prepared: PreparedProblem) -> list[str]:
    """Per participant: can its meetings take pairwise different slots? (Hall's condition, exactly)."""
    names = prepared.names
    findings = []
    for participant in prepared.participants:
        positions = prepared.meetings_of[participant]
        deficient = hall_violation(positions, prepared.allowed, capacity=1)
        if deficient is None:
            continue
        meeting_set, slot_set = deficient
        name = names.participant(participant)
        if len(meeting_set) == len(positions):
            findings.append(
                f"{name} has {len(positions)} meetings "
                f"but only {plural(len(slot_set), 'slot')} it can attend" + _which_slots(names, slot_set)
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
        others = and_list(
            [names.participant(_other(prepared.meetings[p], participant)) for p in sorted(meeting_set)]
        )
        findings.append(
            f"{name} has {len(meeting_set)} meetings (with {others}) that fit only in "
            f"{names.slots(sorted(slot_set))}: "
            f"{plural(len(slot_set), 'slot')} for {len(meeting_set)} meetings"
        )
    return findings


def _slot_overloads(prepared: PreparedProblem) -> list[str]:
    """All meetings together: do they fit `tables` per slot? (Hall's condition with capacities)."""
    problem, names = prepared.problem, prepared.names
    positions = list(range(len(prepared.meetings)))
    deficient = hall_violation(positions, prepared.allowed, capacity=problem.tables)
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


def _pinned_table_overloads(prepared: PreparedProblem) -> list[str]:
    names = prepared.names
    findings = []
    by_table: dict[int, list[int]] = defaultdict(list)
    for position, meeting in enumerate(prepared.meetings):
        if meeting.pinned_table is not None:
            by_table[meeting.pinned_table].append(position)
    for table, positions in sorted(by_table.items()):
        deficient = hall_violation(positions, prepared.allowed, capacity=1)
        if deficient is not None:
            meeting_set, slot_set = deficient
            findings.append(
                f"{len(meeting_set)} meetings are pinned to table {table + 1} but can only use "
                f"{names.slots(sorted(slot_set))}"
            )
    return findings


def explain_outcome(prepared: PreparedProblem, outcome: SearchOutcome, diagnosed: bool) -> list[str]:
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
            f"of its {plural(len(allowed), 'possible slot')}, {and_list(reasons)}"
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


def _other(meeting: MeetingRequest, participant: Hashable) -> Hashable:
    return meeting.second if meeting.first == participant else meeting.first


def _which_slots(names: Names, slots: set[int]) -> str:
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
