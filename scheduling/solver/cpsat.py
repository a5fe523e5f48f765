"""The solver's one door to OR-Tools CP-SAT: every other module imports the model, solver, variable
and status names from here, never `ortools` itself.

OR-Tools types only its PEP 8 API (`new_bool_var`, `add`, `solve`, `value`, ...); the older
CamelCase names (`NewBoolVar`, `Add`, ...) are attributes set at run time, invisible to mypy, and
deprecated wrappers of the same methods. The solver uses the typed names only, through this module,
so an OR-Tools upgrade that renames or retypes something shows up in one place.
"""

from __future__ import annotations

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
