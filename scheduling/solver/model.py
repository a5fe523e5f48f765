"""The CP-SAT model of the problem (`_Model`): a boolean per meeting and allowed slot, busy slots,
break ends and break counts per participant, tables per slot, pinned tables, precedences, and the
hard or soft fairness bound; with `optional=True` meetings may stay unplaced.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Hashable, Mapping

from ortools.sat.python import cp_model

from scheduling.solver.prepared import _Prepared


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
