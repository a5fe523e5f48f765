"""Watching and stopping a search from outside: `SearchMonitor`.

`solve(..., monitor=...)` keeps the monitor up to date (the fewest breaks found so far, the proven
lower bound, seconds since the search began) as CP-SAT reports solutions, and stops the search once
`stop()` is called: the CP-SAT call that is running is interrupted (`StopSearch`), none is started
after it. The monitor never calls back into its owner: the owner (e.g. a scheduler run's heartbeat
thread) reads `snapshot()` when it likes, so a slow reader never slows the solver.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from scheduling.solver import cpsat


@dataclass(frozen=True)
class Progress:
    """The search so far: `objective` is the fewest breaks of a schedule placing every meeting (None
    before the first one), `bound` the fewest that are possible at all as proven so far."""

    objective: int | None
    bound: int | None
    seconds: float


class SearchMonitor:
    """Shared between the thread that solves and the one that watches; every method is thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._solvers: set[cpsat.CpSolver] = set()
        self._started = time.monotonic()
        self._objective: int | None = None
        self._bound: int | None = None
        self.stopped = False

    def stop(self) -> None:
        """Stop the search: the running CP-SAT calls end at once, no new one starts. Idempotent, so a
        watcher may call it again if a call was just starting when it first did."""
        with self._lock:
            self.stopped = True
            solvers = list(self._solvers)
        for solver in solvers:
            solver.stop_search()

    def report(self, *, objective: int | None = None, bound: int | None = None) -> None:
        """Record a better schedule (fewer breaks) or a higher proven bound; worse values are ignored."""
        with self._lock:
            if objective is not None and (self._objective is None or objective < self._objective):
                self._objective = objective
            if bound is not None and (self._bound is None or bound > self._bound):
                self._bound = bound

    def snapshot(self) -> Progress:
        with self._lock:
            bound = self._bound
            if bound is not None and self._objective is not None:
                bound = min(bound, self._objective)
            return Progress(self._objective, bound, round(time.monotonic() - self._started, 1))

    def solve(self, solver: cpsat.CpSolver, model: cpsat.CpModel, *, objective: bool = False) -> cpsat.Status:
        """`solver.solve(model)` that `stop()` can interrupt; with `objective`, the model minimises the
        number of breaks and each solution CP-SAT finds is reported as it comes."""
        with self._lock:
            if self.stopped:
                return cpsat.UNKNOWN
            self._solvers.add(solver)
        try:
            return solver.solve(model, _Reporter(self) if objective else None)
        finally:
            with self._lock:
                self._solvers.discard(solver)


class _Reporter(cpsat.SolutionCallback):
    """Called by CP-SAT on each new solution: report it, and stop if the monitor was stopped meanwhile."""

    def __init__(self, monitor: SearchMonitor) -> None:
        super().__init__()
        self.monitor = monitor

    def on_solution_callback(self) -> None:
        self.monitor.report(objective=round(self.objective_value), bound=round(self.best_objective_bound))
        if self.monitor.stopped:
            self.stop_search()
