"""The CP-SAT model of the problem (`ScheduleModel`): a boolean per meeting and allowed slot, busy slots,
break ends and break counts per participant, tables per slot, pinned tables, precedences, and the
hard or soft fairness bound; with `optional=True` meetings may stay unplaced.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Hashable, Mapping

from scheduling.solver import cpsat
from scheduling.solver.prepared import PreparedProblem


class ScheduleModel:
    """Booleans x[m, t] (meeting m in slot t, only for allowed t), busy[p, t], block starts, breaks."""

    def __init__(self, prepared: PreparedProblem, *, optional: bool) -> None:
        self.prepared = prepared
        # Precedences narrow the slots only when every meeting is placed: a meeting whose partner in
        # a precedence stays unplaced is free of it.
        self.allowed = prepared.own_allowed if optional else prepared.allowed
        problem = prepared.problem
        model = cpsat.CpModel()
        self.model = model
        self.x: dict[tuple[int, int], cpsat.IntVar] = {}
        self.placed: list[cpsat.IntVar | int] = []
        for position, allowed in enumerate(self.allowed):
            literals = []
            for slot in allowed:
                literal = model.new_bool_var(f"x{position}_{slot}")
                self.x[position, slot] = literal
                literals.append(literal)
            if optional:
                placed = model.new_bool_var(f"placed{position}")
                model.add(sum(literals) == placed)
                self.placed.append(placed)
            else:
                model.add_exactly_one(literals)
                self.placed.append(1)
        by_slot: dict[int, list[cpsat.IntVar]] = defaultdict(list)
        for (position, slot), literal in self.x.items():
            by_slot[slot].append(literal)
            del position
        for literals in by_slot.values():
            if len(literals) > problem.tables:
                model.add(sum(literals) <= problem.tables)
        self._pinned_tables()
        self._precedences(optional=optional)
        self._breaks(optional=optional)

    def _pinned_tables(self) -> None:
        by_table_slot: dict[tuple[int, int], list[cpsat.IntVar]] = defaultdict(list)
        for (position, slot), literal in self.x.items():
            table = self.prepared.meetings[position].pinned_table
            if table is not None:
                by_table_slot[table, slot].append(literal)
        for literals in by_table_slot.values():
            if len(literals) > 1:
                self.model.add_at_most_one(literals)

    def _precedences(self, *, optional: bool) -> None:
        model, prepared = self.model, self.prepared
        for earlier, later in prepared.edges:
            for slot in self.allowed[later]:
                # later in `slot` needs earlier strictly before it (or, optionally, earlier unplaced).
                before = [self.x[earlier, s] for s in self.allowed[earlier] if s < slot]
                at_or_after = [self.x[earlier, s] for s in self.allowed[earlier] if s >= slot]
                if optional:
                    for literal in at_or_after:
                        model.add_implication(self.x[later, slot], literal.negated())
                else:
                    model.add_bool_or([*before, self.x[later, slot].negated()])

    def _breaks(self, *, optional: bool) -> None:
        self.busy: dict[tuple[Hashable, int], cpsat.IntVar] = {}
        self.breaks: dict[Hashable, cpsat.IntVar] = {}
        self.some_break: dict[Hashable, cpsat.IntVar] = {}
        self.has_meeting: dict[Hashable, cpsat.IntVar | int] = {}
        self.break_upper: dict[Hashable, int] = {}
        for participant in self.prepared.participants:
            self._participant_breaks(participant, optional=optional)
        # Implied (the paper's IC2): each meeting keeps two participants busy.
        per_slot: dict[int, list[cpsat.IntVar]] = defaultdict(list)
        for (_, slot), literal in self.busy.items():
            per_slot[slot].append(literal)
        for literals in per_slot.values():
            if len(literals) > 2 * self.prepared.problem.tables:
                self.model.add(sum(literals) <= 2 * self.prepared.problem.tables)
        self.total_breaks = sum(self.breaks.values())

    def _participant_breaks(self, participant: Hashable, *, optional: bool) -> None:
        model = self.model
        positions = self.prepared.meetings_of[participant]
        slots = sorted({slot for p in positions for slot in self.allowed[p]})
        busy: dict[int, cpsat.IntVar] = {}
        for slot in slots:
            literal = model.new_bool_var(f"busy_{len(self.busy)}")
            # busy <-> exactly one of its meetings in this slot (and never two).
            model.add_exactly_one(
                [*(self.x[p, slot] for p in positions if (p, slot) in self.x), literal.negated()]
            )
            busy[slot] = self.busy[participant, slot] = literal
        # Implied (the paper's IC1): as many busy slots as meetings placed.
        model.add(sum(busy.values()) == sum(self.placed[p] for p in positions))
        # before: a meeting in some slot so far today. A break ends in a slot that is busy while the
        # slot before it is idle and something came earlier (the paper's endHole, one slot later).
        day = self.prepared.day
        before: cpsat.IntVar | None = None
        ends: list[cpsat.IntVar] = []
        for index, slot in enumerate(slots):
            current, previous = busy[slot], busy.get(slot - 1)
            if before is None or day[slot] != day[slots[index - 1]]:
                before = current  # the first slot of the participant's day
                continue
            end = model.new_bool_var(f"end_{len(self.busy)}_{slot}")
            model.add_implication(end, current)
            model.add_implication(end, before)
            if previous is not None:
                model.add_implication(end, previous.negated())
            model.add_bool_or(
                [current.negated(), before.negated(), end, *([previous] if previous is not None else [])]
            )
            ends.append(end)
            merged = model.new_bool_var(f"before_{len(self.busy)}_{slot}")
            model.add_bool_or([merged.negated(), before, current])
            model.add_implication(before, merged)
            model.add_implication(current, merged)
            before = merged
        upper = max(0, min(len(positions) - 1, len(ends)))
        breaks = model.new_int_var(0, upper, f"breaks_{len(self.breaks)}")
        model.add(breaks == sum(ends))
        self.breaks[participant] = breaks
        self.break_upper[participant] = upper
        if optional and slots:
            has = model.new_bool_var(f"has_{len(self.breaks)}")
            model.add_max_equality(has, list(busy.values()))
            self.has_meeting[participant] = has
        else:
            self.has_meeting[participant] = int(bool(slots))
        # some <-> at least one break. Two busy slots n or more apart (n = its meetings) force a
        # break: with these clauses the clause-learning search sees "no break" as "every meeting
        # within n consecutive slots", which is what lets presolve refute small totals quickly.
        some = model.new_bool_var(f"some_{len(self.breaks)}")
        model.add(breaks >= some)
        model.add(breaks <= upper * some)
        self.some_break[participant] = some
        for first in slots:
            for second in slots:
                if second - first >= len(positions) and day[first] == day[second]:
                    model.add_bool_or([busy[first].negated(), busy[second].negated(), some])

    def fairness(self, spread: int) -> None:
        """max - min breaks over participants with meetings <= spread (exact: lo <= b_p <= lo + spread)."""
        model = self.model
        upper = max(self.break_upper.values(), default=0)
        low = model.new_int_var(0, upper, "low")
        for breaks in self.breaks.values():
            model.add(breaks >= low)
            model.add(breaks <= low + spread)

    def soft_fairness(self, spread: int) -> cpsat.IntVar:
        """Excess of (max - min breaks over participants with a placed meeting) over `spread`."""
        model = self.model
        upper = max(self.break_upper.values(), default=0)
        low = model.new_int_var(0, upper, "low")
        high = model.new_int_var(0, upper, "high")
        for participant, breaks in self.breaks.items():
            has = self.has_meeting[participant]
            if isinstance(has, int):
                if has:
                    model.add(breaks >= low)
                    model.add(breaks <= high)
                continue
            model.add(breaks >= low).only_enforce_if(has)
            model.add(breaks <= high).only_enforce_if(has)
        excess = model.new_int_var(0, upper, "excess")
        model.add(excess >= high - low - spread)
        return excess

    def hint(self, slots: Mapping[int, int]) -> None:
        for (position, slot), literal in self.x.items():
            self.model.add_hint(literal, slots.get(position) == slot)

    def solver(self, deadline: float, workers: int, seed: int) -> cpsat.CpSolver:
        solver = cpsat.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed
        return solver

    def slots_from(self, solver: cpsat.CpSolver) -> dict[int, int]:
        return {
            position: slot for (position, slot), literal in self.x.items() if solver.boolean_value(literal)
        }
