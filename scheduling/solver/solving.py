"""The entry point `solve`: the quick checks, then the search that places every meeting or, failing
that, as many as possible; and the `SchedulingResult` built from its outcome, with tables assigned
per slot and breaks counted by the independent checker.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

from scheduling.solver import cpsat
from scheduling.solver.checks import break_spread, count_breaks
from scheduling.solver.diagnosis import diagnose, explain_outcome
from scheduling.solver.outcome import SearchOutcome
from scheduling.solver.prepared import PreparedProblem
from scheduling.solver.problem import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    PARTIAL,
    UNKNOWN,
    Placement,
    SchedulingProblem,
    SchedulingResult,
)
from scheduling.solver.progress import SearchMonitor
from scheduling.solver.search import solve_all_placed, solve_most_placed

DEFAULT_SEED = 7


def solve(
    problem: SchedulingProblem,
    *,
    time_limit_s: float = 60.0,
    workers: int | None = None,
    seed: int = DEFAULT_SEED,
    hint: Sequence[Placement] = (),
    monitor: SearchMonitor | None = None,
) -> SchedulingResult:
    """The schedule with every meeting placed and the fewest breaks under the fairness bound.

    When that is impossible, as many meetings as possible (pinned ones first) with the reasons in
    `problems`. Never runs longer than `time_limit_s` (plus model building, well under a second on
    300 meetings). `workers` defaults to 2; `hint` (e.g. the previous draft) seeds the search.
    `monitor` shows the search's progress to another thread and lets it stop the search early
    (`SearchMonitor.stop`): the result is then whatever was found so far (status "unknown" if nothing).
    """
    try:
        monitor = monitor if monitor is not None else SearchMonitor()
        return _solve(
            problem, time_limit_s=time_limit_s, workers=workers, seed=seed, hint=hint, monitor=monitor
        )
    finally:
        # The search's models and solvers are gone now; what CP-SAT freed stays with the process
        # unless handed back (see cpsat.release_freed_memory): without this, runs grew it each time.
        cpsat.release_freed_memory()


def _solve(
    problem: SchedulingProblem,
    *,
    time_limit_s: float,
    workers: int | None,
    seed: int,
    hint: Sequence[Placement],
    monitor: SearchMonitor,
) -> SchedulingResult:
    started = time.monotonic()
    # CP-SAT may overrun its own limit by a fraction of a second (presolve, stopping its threads).
    deadline = started + max(0.0, time_limit_s) - min(0.5, 0.05 * max(0.0, time_limit_s))
    prepared = PreparedProblem(problem)
    findings = diagnose(prepared)
    worker_count = workers if workers is not None else 2
    if not findings:
        outcome = solve_all_placed(prepared, deadline, worker_count, seed, hint, monitor=monitor)
        if outcome.status in {OPTIMAL, FEASIBLE}:
            return _result(prepared, outcome, (), started, hint=hint)
        if outcome.status == UNKNOWN:
            message = f"no schedule placing every meeting was found within the {time_limit_s:g} s time limit"
            return _result(prepared, outcome, (message,), started, hint=hint)
        if problem.max_break_spread is None:
            findings = [
                "the meetings cannot all be placed together (no single reason found by the quick checks)"
            ]
    outcome = solve_most_placed(prepared, deadline, worker_count, seed, hint, monitor=monitor)
    problems = list(findings)
    problems.extend(explain_outcome(prepared, outcome, bool(findings)))
    status = most_placed_status(outcome.status, placed=len(outcome.slots), requested=len(problem.meetings))
    if status == PARTIAL:
        problems.append(
            f"the {time_limit_s:g} s time limit was reached before the most meetings that can be placed "
            "were found: a longer time limit may place more"
        )
    return _result(prepared, outcome, tuple(problems), started, status=status, hint=hint)


def most_placed_status(search_status: str, *, placed: int, requested: int) -> str:
    """The result's status once placing every meeting was proven impossible (by the quick checks or
    by CP-SAT), from the status of the search for the most placed: INFEASIBLE only when that search
    proved its answer (CP-SAT OPTIMAL); stopped by the time limit with some placed (CP-SAT FEASIBLE)
    it is PARTIAL; with nothing found, UNKNOWN. (Placing all while the fairness bound is what was
    impossible is INFEASIBLE too: the bound was proven impossible and `problems` says how it was
    relaxed.)"""
    if search_status == OPTIMAL:
        return INFEASIBLE
    if search_status == FEASIBLE:
        return PARTIAL if placed < requested else INFEASIBLE
    return UNKNOWN


def _assign_tables(
    prepared: PreparedProblem, slots: Mapping[int, int], previous: Mapping[Hashable, Placement]
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
            pinned = prepared.meetings[position].pinned_table
            if pinned is not None:
                chosen[position] = pinned
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
    prepared: PreparedProblem,
    outcome: SearchOutcome,
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
        status=status if status is not None else outcome.status,
        placements=tuple(placements),
        unplaced=tuple(meeting.id for meeting in problem.meetings if meeting.id not in placed_ids),
        total_breaks=sum(breaks.values()),
        break_spread=break_spread(problem, placements),
        breaks_by_participant=breaks,
        problems=problems,
        seconds=time.monotonic() - started,
        lower_bound=outcome.lower_bound,
    )
