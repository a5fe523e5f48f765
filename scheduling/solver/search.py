"""The search strategies over the CP-SAT model. `_AllPlacedSearch` places every meeting with the
fewest breaks (a short optimisation, a lower-bound ladder, the one-more-break case split, then
optimising again); `solve_most_placed` places as many meetings as possible when not all fit.
Both return a `SearchOutcome`: the status and each placed meeting's slot, tables come later.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Hashable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from scheduling.solver import cpsat
from scheduling.solver.checks import count_breaks
from scheduling.solver.matching import hall_violation
from scheduling.solver.model import ScheduleModel
from scheduling.solver.outcome import SearchOutcome
from scheduling.solver.prepared import PreparedProblem
from scheduling.solver.problem import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Placement
from scheduling.solver.progress import SearchMonitor

# The package's name, as before the split into submodules: one logger to configure for the solver.
logger = logging.getLogger("scheduling.solver")


def _hint_slots(prepared: PreparedProblem, hint: Sequence[Placement]) -> dict[int, int]:
    return {
        prepared.index[placement.meeting_id]: placement.slot
        for placement in hint
        if placement.meeting_id in prepared.index
    }


def solve_all_placed(
    prepared: PreparedProblem,
    deadline: float,
    workers: int,
    seed: int,
    hint: Sequence[Placement],
    *,
    monitor: SearchMonitor,
) -> SearchOutcome:
    return _AllPlacedSearch(prepared, deadline, workers, seed, monitor).run(_hint_slots(prepared, hint))


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

    def __init__(
        self, prepared: PreparedProblem, deadline: float, workers: int, seed: int, monitor: SearchMonitor
    ) -> None:
        self.prepared = prepared
        self.monitor = monitor
        self.deadline = deadline
        self.started = time.monotonic()
        self.workers = workers
        self.seed = seed
        self.built = ScheduleModel(prepared, optional=False)
        if prepared.problem.max_break_spread is not None:
            self.built.fairness(prepared.problem.max_break_spread)
        self.forced = set(_participants_needing_a_break(prepared))
        for participant in self.forced:
            self.built.model.add(self.built.some_break[participant] == 1)
        self.lower = len(self.forced)
        self.best: dict[int, int] | None = None
        self.best_cost = 0

    def remaining(self) -> float:
        # A stopped search (a cancelled run) has no time left: every step below ends at once.
        return -1.0 if self.monitor.stopped else self.deadline - time.monotonic()

    def run(self, hint: Mapping[int, int]) -> SearchOutcome:
        outcome = (
            self._optimise(min(max(0.15 * self.remaining(), 1.0), 10.0), hint)
            or self._any_schedule()
            or self._ladder()
            or self._one_more_break()
            or self._optimise(self.remaining(), self.best or hint)
        )
        return outcome or self._outcome(FEASIBLE if self.best is not None else UNKNOWN)

    def _any_schedule(self) -> SearchOutcome | None:
        """Without a schedule yet, any schedule first: a problem that is infeasible but hard to prove
        so would otherwise climb the ladder until the time is up."""
        if self.best is None and self._decide(None, 0.4 * self.remaining()) is False:
            return SearchOutcome(INFEASIBLE, {})
        return None

    def _ladder(self) -> SearchOutcome | None:
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

    def _one_more_break(self) -> SearchOutcome | None:
        if self.best is not None and self.lower - len(self.forced) == 1:
            self._breaker_search()
        return self._settled()

    def _settled(self) -> SearchOutcome | None:
        if self.best is not None and self.lower >= self.best_cost:
            return self._outcome(OPTIMAL)
        return None

    def _solver(self, seconds: float, *, deciding: bool, workers: int | None = None) -> cpsat.CpSolver:
        solver = cpsat.CpSolver()
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

    def _optimise(self, seconds: float, hint: Mapping[int, int]) -> SearchOutcome | None:
        """An optimisation call; returns the final outcome when it settles the question."""
        model = self.built.model.clone()
        model.add(self.built.total_breaks >= self.lower)
        model.minimize(self.built.total_breaks)
        _add_hint(model, self.built, hint)
        solver = self._solver(seconds, deciding=False)
        status = self.monitor.solve(solver, model, objective=True)
        self._log("optimise", solver, status)
        if status == cpsat.INFEASIBLE:
            if self.best is not None:  # nothing at or above the bound beats the best: it is optimal
                return self._outcome(OPTIMAL)
            return SearchOutcome(INFEASIBLE, {})
        if status in {cpsat.OPTIMAL, cpsat.FEASIBLE}:
            self._keep(self.built.slots_from(solver), int(solver.objective_value))
            self.lower = max(self.lower, round(solver.best_objective_bound))
            if status == cpsat.OPTIMAL or self.lower >= self.best_cost:
                return self._outcome(OPTIMAL)
        return None

    def _decide(self, bound: int | None, seconds: float) -> bool | None:
        """Is there a schedule with at most `bound` breaks (any schedule for None)? None: time ran out."""
        model = self.built.model.clone()
        if bound is not None:
            model.add(self.built.total_breaks <= bound)
        solver = self._solver(seconds, deciding=True)
        status = self.monitor.solve(solver, model)
        self._log(f"at most {bound} breaks" if bound is not None else "any schedule", solver, status)
        if status == cpsat.INFEASIBLE:
            return False
        if status in {cpsat.OPTIMAL, cpsat.FEASIBLE}:
            slots = self.built.slots_from(solver)
            self._keep(slots, int(sum(solver.value(b) for b in self.built.breaks.values())))
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
        running: dict[Future[tuple[cpsat.Status, dict[int, int], int]], tuple[Hashable, cpsat.CpSolver]] = {}
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
                    elif status == cpsat.UNKNOWN:
                        undecided.append(candidate)
                if self.best_cost <= self.lower:
                    for _, other in running.values():
                        other.stop_search()
        return undecided

    def _try_breaker(
        self, candidate: Hashable, solver: cpsat.CpSolver
    ) -> tuple[cpsat.Status, dict[int, int], int]:
        """(status, slots, breaks) with breaks allowed only for the forced participants and `candidate`."""
        allowed = {*self.forced, candidate}
        model = self.built.model.clone()
        for participant, some in self.built.some_break.items():
            if participant not in allowed:
                model.add(some == 0)
        model.add(self.built.total_breaks <= self.lower)
        status = self.monitor.solve(solver, model)
        if status in {cpsat.OPTIMAL, cpsat.FEASIBLE}:
            cost = int(sum(solver.value(breaks) for breaks in self.built.breaks.values()))
            return status, self.built.slots_from(solver), cost
        return status, {}, 0

    def _keep(self, slots: dict[int, int], cost: int) -> None:
        if self.best is None or cost < self.best_cost:
            self.best, self.best_cost = slots, cost

    def _log(self, step: str, solver: cpsat.CpSolver, status: cpsat.Status) -> None:
        # After every CP-SAT call: what the whole search knows now, for whoever watches it.
        self.monitor.report(objective=self.best_cost if self.best is not None else None, bound=self.lower)
        logger.debug(
            "%s: %s in %.1f s; best %s, lower bound %d, %.1f s left",
            step,
            solver.status_name(status),
            _wall_time(solver),
            self.best_cost if self.best is not None else "-",
            self.lower,
            self.remaining(),
        )

    def _outcome(self, status: str) -> SearchOutcome:
        if self.best is None:
            return SearchOutcome(status if status != OPTIMAL else UNKNOWN, {})
        return SearchOutcome(status, self.best, min(self.lower, self.best_cost))


def _wall_time(solver: cpsat.CpSolver) -> float:
    try:
        return solver.wall_time
    except RuntimeError:  # never solved: the search was stopped before this call began
        return 0.0


def _add_hint(model: cpsat.CpModel, built: ScheduleModel, slots: Mapping[int, int]) -> None:
    if slots:
        for (position, slot), literal in built.x.items():
            model.add_hint(literal, slots.get(position) == slot)


def _breaks_of(prepared: PreparedProblem, slots: Mapping[int, int]) -> dict[Hashable, int]:
    placements = [Placement(prepared.meetings[position].id, slot, 0) for position, slot in slots.items()]
    return count_breaks(prepared.problem, placements)


def _participants_needing_a_break(prepared: PreparedProblem) -> list[Hashable]:
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
            if hall_violation(positions, allowed, capacity=1) is None:
                fits = True
                break
        if not fits:
            needing.append(participant)
    return needing


def solve_most_placed(
    prepared: PreparedProblem,
    deadline: float,
    workers: int,
    seed: int,
    hint: Sequence[Placement],
    *,
    monitor: SearchMonitor,
) -> SearchOutcome:
    """Lexicographic: pinned meetings placed, then meetings placed, then fairness excess, then breaks."""
    built = ScheduleModel(prepared, optional=True)
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
    built.model.minimize(objective - sum(rewards))
    if hint:
        built.hint(_hint_slots(prepared, hint))
    solver = built.solver(deadline, workers, seed)
    # Its objective weighs placed meetings against breaks: not the breaks the monitor reports.
    status = monitor.solve(solver, built.model)
    if status not in {cpsat.OPTIMAL, cpsat.FEASIBLE}:
        return SearchOutcome(UNKNOWN, {})
    return SearchOutcome(OPTIMAL if status == cpsat.OPTIMAL else FEASIBLE, built.slots_from(solver))
