"""Scheduler runs in one process do not make it grow: what a run allocated is handed back after it.

Measured as the resident set (`/proc/self/statm`, Linux) after a full garbage collection, because
the memory that used to stay was not Python's (tracemalloc saw nothing retained) but CP-SAT's: models
freed only by the cyclic collector and C++ allocations kept by glibc's per-thread arenas
(`scheduling.solver.cpsat.release_freed_memory`).
"""

import gc
import os
import random
import sys
from pathlib import Path

import pytest

from scheduling.solver.problem import MeetingRequest, SchedulingProblem
from scheduling.solver.solving import solve

pytestmark = [
    pytest.mark.unit,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm"),
]

MB = 2**20


def resident_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def big_event() -> SchedulingProblem:
    """1,456 requests among 150 participants, more than the 24 slots hold for some of them: the size
    of the event whose runs grew the process by ~100 MB each (there with a 30 s limit)."""
    rng = random.Random(1)  # noqa: S311 -- a fixed, reproducible event, not a secret
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 1456:
        first, second = rng.sample(range(150), 2)
        pairs.add((min(first, second), max(first, second)))
    meetings = tuple(
        MeetingRequest(id=number, first=first, second=second)
        for number, (first, second) in enumerate(sorted(pairs))
    )
    return SchedulingProblem(slots=24, tables=40, sessions=((0, 12), (12, 24)), meetings=meetings)


def test_repeated_runs_do_not_grow_the_process():
    problem = big_event()
    solve(problem, time_limit_s=2.0, workers=2)  # warm-up: libraries, thread pools, first arenas
    gc.collect()
    before = resident_bytes()
    runs = 4
    for _ in range(runs):
        solve(problem, time_limit_s=2.0, workers=2)
        gc.collect()
    growth_per_run = (resident_bytes() - before) / runs
    # Before the fix: ~20 MB a run here (~100 MB with the 30 s limit); after it, ~0.
    assert growth_per_run < 5 * MB, f"{growth_per_run / MB:.1f} MB retained per run"
