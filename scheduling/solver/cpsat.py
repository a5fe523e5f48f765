"""The solver's one door to OR-Tools CP-SAT: every other module imports the model, solver, variable
and status names from here, never `ortools` itself.

OR-Tools types only its PEP 8 API (`new_bool_var`, `add`, `solve`, `value`, ...); the older
CamelCase names (`NewBoolVar`, `Add`, ...) are attributes set at run time, invisible to mypy, and
deprecated wrappers of the same methods. The solver uses the typed names only, through this module,
so an OR-Tools upgrade that renames or retypes something shows up in one place.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable
from typing import cast

from ortools.sat.python import cp_model

CpModel = cp_model.CpModel
CpSolver = cp_model.CpSolver
SolutionCallback = cp_model.CpSolverSolutionCallback  # called by `solve` on each new solution
IntVar = cp_model.IntVar  # an integer variable; a boolean one is an IntVar with domain {0, 1}
LinearExpr = cp_model.LinearExpr
Status = cp_model.CpSolverStatus  # what `CpSolver.solve` returns

OPTIMAL: Status = cp_model.OPTIMAL
FEASIBLE: Status = cp_model.FEASIBLE
INFEASIBLE: Status = cp_model.INFEASIBLE
UNKNOWN: Status = cp_model.UNKNOWN

SOLVED = frozenset({OPTIMAL, FEASIBLE})  # statuses that come with a solution


# --- Memory held after a solve ----------------------------------------------------------------
# CP-SAT allocates its model copies, clause databases and LNS neighbourhoods in C++ on its own
# worker threads. glibc's malloc gives each thread its own arena and keeps what is freed there
# mapped for reuse, so after a solve of 1,456 meetings the process kept tens of MB it no longer
# used, run after run, until the arenas were all large (measured: 148 -> 229 MB over five
# 3-second runs; Python itself retained nothing, tracemalloc showed ~0). `malloc_trim(0)` hands
# the free pages of every arena back to the system; with it the same runs stay at ~130 MB.
# On a C library without it (musl, macOS) that step does nothing.
#
# Before that, the models must really be gone. Every `CpModel` (and each `clone()`, one per search
# step) stores its own bound methods as the deprecated CamelCase aliases (`_add_pre_pep8_methods`):
# a reference cycle, so a model and its protobuf are freed only when the cyclic garbage collector
# next runs a full pass, not when the search drops them. Without the collection, runs of 1,456
# meetings grew the process by ~15 MB each even with the trim.


def _load_malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return cast("Callable[[int], int]", trim)


_malloc_trim = _load_malloc_trim()


def release_freed_memory() -> None:
    """Free the models the search dropped (they sit in reference cycles) and return the memory
    CP-SAT freed to the operating system (the latter on glibc only)."""
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)
