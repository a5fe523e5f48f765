"""Which day each slot is on (`slot_days`): slots are numbered straight through the event, and
`day_starts` cut them into days. Breaks never span two days."""

from __future__ import annotations

from scheduling.solver.problem import SchedulingProblem


def slot_days(problem: SchedulingProblem) -> dict[int, int]:
    """Slot -> day number (0 for every slot without `day_starts`)."""
    starts = sorted(start for start in problem.day_starts if 0 < start < problem.slots)
    return {slot: sum(1 for start in starts if start <= slot) for slot in range(problem.slots)}
