"""Benchmark: our scheduler core (`scheduling.solver`) on the B2B meeting-scheduling instances.

    python bench/b2b.py [PATH ...] [--time-limit 60] [--workers 2] [--json]

PATH: .dzn files or directories of them (default: the 20 `*.original.dzn` of
../shared/bench-data/b2b/dzn/, the real events of JAIR 74 (2022) Table 1). Each instance is read by
`scheduling.dzn`, solved by `scheduling.solver.solve` with fairness d = 2, and its schedule checked
independently by `check_schedule` (nobody twice in a slot, at most nTables per slot, sessions,
forbidden slots, fixed meetings, precedences) and `count_breaks`. Printed per instance: meetings
placed / requested, total breaks, max - min breaks per participant, solver status, seconds, the
published optimum (UWrMaxSAT, JAIR 2022 Tables 5-8, `jair2022_maxsat_results.csv`; "-" = proven
infeasible) and whether we equal it. An instance we equal: every meeting placed, a valid schedule,
max - min <= 2 and the published total breaks; or, where the paper proved infeasibility, we report
the instance infeasible. An instance that fails is printed with its error and the run goes on.

Target on the 20 originals with 60 s each: all placed, max - min <= 2, equal on >= 18 of 20.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from scheduling.solver.checks import check_schedule
from scheduling.solver.solving import solve

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduling.dzn import read_instance, to_problem

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench-data" / "b2b"
FAIRNESS = 2


def published_results(path: Path) -> dict[str, str]:
    """File name -> published optimal total breaks ('-' when proven infeasible), as in the CSV."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as stream:
        return {
            row["file"]: row["optimal_total_breaks_or_dash_if_infeasible"] for row in csv.DictReader(stream)
        }


def instance_paths(arguments: list[str]) -> list[Path]:
    if not arguments:
        return sorted((DATA / "dzn").glob("*.original.dzn"))
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        paths.extend(sorted(path.glob("*.dzn")) if path.is_dir() else [path])
    return paths


def run_instance(path: Path, *, time_limit: float, workers: int, published: str | None) -> dict[str, Any]:
    instance = read_instance(path)
    problem = to_problem(instance, max_break_spread=FAIRNESS)
    result = solve(problem, time_limit_s=time_limit, workers=workers)
    violations = check_schedule(problem, result.placements)
    all_placed = not result.unplaced
    fair = result.break_spread <= FAIRNESS
    solved = all_placed and fair and not violations and result.status in {"optimal", "feasible"}
    if published is None or not published.strip() or published.startswith("?"):
        equal: bool | None = None
    elif published.strip() == "-":
        equal = result.status == "infeasible"
    else:
        equal = solved and result.total_breaks == int(published)
    return {
        "instance": path.name,
        "requested": len(problem.meetings),
        "placed": len(result.placements),
        "total_breaks": result.total_breaks,
        "break_spread": result.break_spread,
        "status": result.status,
        "lower_bound": result.lower_bound,
        "seconds": round(result.seconds, 2),
        "violations": violations,
        "problems": list(result.problems),
        "published": published,
        "equal": equal,
    }


def print_row(row: dict[str, Any]) -> None:
    if "error" in row:
        print(f"{row['instance']:<34} ERROR {row['error']}", flush=True)
        return
    equal = {True: "yes", False: "NO", None: "n/a"}[row["equal"]]
    published = row["published"] if row["published"] is not None else "?"
    bound = "" if row["lower_bound"] is None else str(row["lower_bound"])
    print(
        f"{row['instance']:<34} {row['placed']:>4}/{row['requested']:<4} {row['total_breaks']:>6} "
        f"{row['break_spread']:>6} {row['status']:>10} {bound:>5} {row['seconds']:>8.2f} "
        f"{published:>9} {equal:>5} {len(row['violations']):>5}",
        flush=True,
    )
    for violation in row["violations"][:5]:
        print(f"    violation: {violation}", flush=True)
    if row["status"] == "infeasible":
        for problem in row["problems"][:3]:
            print(f"    problem: {problem}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help=".dzn files or directories (default: the 20 originals)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the table")
    parser.add_argument(
        "--results", type=Path, default=DATA / "jair2022_maxsat_results.csv", help="published results CSV"
    )
    arguments = parser.parse_args(argv)
    published = published_results(arguments.results)
    paths = instance_paths(arguments.paths)
    if not arguments.json:
        print(
            f"{'instance':<34} {'placed':>9} {'breaks':>6} {'spread':>6} {'status':>10} {'bound':>5} "
            f"{'seconds':>8} {'published':>9} {'equal':>5} {'viol.':>5}",
            flush=True,
        )
    rows = []
    started = time.monotonic()
    for path in paths:
        try:
            row = run_instance(
                path,
                time_limit=arguments.time_limit,
                workers=arguments.workers,
                published=published.get(path.name),
            )
        except Exception as error:  # one failing instance must not stop the benchmark
            row = {"instance": path.name, "error": f"{type(error).__name__}: {error}"}
            if not arguments.json:
                traceback.print_exc(limit=3)
        rows.append(row)
        if not arguments.json:
            print_row(row)
    summary = summarise(rows, time.monotonic() - started)
    if arguments.json:
        print(json.dumps({"instances": rows, "summary": summary}, indent=2, default=str))
    else:
        print(summary["line"])
    return 0 if not summary["errors"] and not summary["with_violations"] else 1


def summarise(rows: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    done = [row for row in rows if "error" not in row]
    comparable = [row for row in done if row["equal"] is not None]
    summary = {
        "instances": len(rows),
        "errors": len(rows) - len(done),
        "all_placed": sum(row["placed"] == row["requested"] for row in done),
        "fair": sum(row["placed"] == row["requested"] and row["break_spread"] <= FAIRNESS for row in done),
        "with_violations": sum(bool(row["violations"]) for row in done),
        "equal_published": sum(bool(row["equal"]) for row in comparable),
        "comparable": len(comparable),
        "optimal_proven": sum(row["status"] == "optimal" for row in done),
        "seconds": round(seconds, 1),
    }
    summary["line"] = (
        f"summary: {summary['instances']} instances, {summary['errors']} errors, "
        f"all meetings placed on {summary['all_placed']}, "
        f"all placed with max-min <= {FAIRNESS} on {summary['fair']}, "
        f"schedule violations on {summary['with_violations']}, "
        f"equal to the published result on {summary['equal_published']}/{summary['comparable']}, "
        f"optimality proven on {summary['optimal_proven']}, {summary['seconds']} s in all"
    )
    return summary


if __name__ == "__main__":
    sys.exit(main())
