"""Benchmark: p-median on Beasley's OR-Library instances (pmed1 ... pmed40, as bundled).

Run: ``.venv/bin/python bench/bench_orlib.py`` (``--baseline-limit 0`` skips the baseline).
It exits 1 unless every instance is proven optimal at its published optimum.
Each trygg solve runs in a process of its own, so that the peak resident memory
reported per instance (``peak_mb``, the process's maximum RSS including Python,
NumPy and HiGHS) belongs to that instance alone; ``time_s`` is the solve alone
(file reading and the shortest paths excluded), and solves slower than
``--target-s`` (60 s, issue 16's goal) are named in the summary.

For every ``tests/data/orlib_pmed/pmedN.txt``: trygg's :class:`PMedian` (local
search, Lagrangian bound, truncated radius formulation in HiGHS) to a proven
optimum, checked against the published optimum in the folder's NOTICE. The
baseline, measured in the same run, is the textbook formulation (one assignment
variable per vertex pair, ``x_ij <= y_j``) handed to the same HiGHS through
``scipy.optimize.milp``, the way a modelling layer such as spopt's builds it,
with a time limit per instance.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from trygg.analysis.locate import PMedian
from trygg.analysis.locate.orlib import PMedianInstance, read_orlib_pmedian, read_published_optima

FOLDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "orlib_pmed"


def textbook_pmedian(instance: PMedianInstance, time_limit_s: float) -> tuple[float, float, str]:
    """Objective, seconds and status of the dense x_ij/y_j model in HiGHS."""
    n = len(instance.costs)
    pairs = n * n
    x = np.arange(pairs).reshape(n, n)  # x[i, j]: vertex i served by median j
    y = pairs + np.arange(n)
    assign = sparse.csr_array((np.ones(pairs), (np.repeat(np.arange(n), n), x.ravel())), shape=(n, pairs + n))
    link_rows = np.arange(pairs)
    link = sparse.csr_array(
        (np.concatenate([np.ones(pairs), -np.ones(pairs)]),
         (np.concatenate([link_rows, link_rows]), np.concatenate([x.ravel(), np.tile(y, n)]))),
        shape=(pairs, pairs + n),
    )
    count = sparse.csr_array((np.ones(n), (np.zeros(n, dtype=int), y)), shape=(1, pairs + n))
    constraints = [
        LinearConstraint(assign, 1, 1),
        LinearConstraint(link, -np.inf, 0),
        LinearConstraint(count, instance.p, instance.p),
    ]
    integrality = np.concatenate([np.zeros(pairs), np.ones(n)])
    started = time.perf_counter()
    result = milp(
        np.concatenate([instance.costs.ravel(), np.zeros(n)]), constraints=constraints,
        integrality=integrality, bounds=Bounds(0, 1), options={"time_limit": time_limit_s},
    )
    elapsed = time.perf_counter() - started
    if result.x is None:
        return float("nan"), elapsed, "timeout" if result.status == 1 else "failed"
    return float(result.fun), elapsed, "optimal" if result.status == 0 else "timeout"


@dataclass(frozen=True)
class Solved:
    """The figures of one trygg solve, as its child process reported them."""

    objective: float
    bound: float
    gap: float
    status: str


def shortfalls(result: Solved, expected: int) -> list[str]:
    """What is not true of "proven optimal at the published optimum" (empty: all of it holds).

    A proof needs the solver's own word (status), a finite gap of 0 and a lower
    bound that reaches the published optimum. Each test is written so that NaN
    fails it (NaN != x holds; NaN >= x does not).
    """
    problems = []
    if result.objective != expected:
        problems.append(f"objective {result.objective:.0f} differs from the published {expected}")
    if result.status != "optimal":
        problems.append(f"status {result.status}")
    if result.gap != 0:
        problems.append(f"gap {100 * result.gap:.3f} %")
    if not result.bound >= expected - BOUND_TOLERANCE * expected:
        problems.append(f"bound {result.bound:.2f} below the optimum")
    return problems


#: Relative float noise allowed on a lower bound that equals the optimum.
BOUND_TOLERANCE = 1e-9


def solve_one(path: Path, time_limit_s: float) -> None:
    """Child process: solve one instance and print its figures as one JSON line."""
    instance = read_orlib_pmedian(path)
    started = time.perf_counter()
    result = PMedian(instance.p, time_limit_s=time_limit_s).solve(instance.costs, np.ones(len(instance.costs))).result_
    elapsed = time.perf_counter() - started
    print(json.dumps({"objective": result.objective, "bound": result.bound, "gap": result.gap,
                      "status": result.status, "seconds": elapsed}))


def solve_in_child(path: Path, time_limit_s: float) -> tuple[Solved, float, float]:
    """Result, solve seconds and the child's peak resident memory (MB) for one instance."""
    child = subprocess.Popen([sys.executable, __file__, "--solve-one", str(path), "--time-limit", str(time_limit_s)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{path.name}: the solving process failed with exit code {child.returncode}")
    figures = json.loads(output.strip().splitlines()[-1])
    result = Solved(figures["objective"], figures["bound"], figures["gap"], figures["status"])
    return result, figures["seconds"], usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline-limit", type=float, default=60.0, help="seconds per baseline solve (0: skip)")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds per trygg solve")
    parser.add_argument("--target-s", type=float, default=60.0, help="name the instances whose solve takes longer")
    parser.add_argument("--only", nargs="*", default=None, help="instance names to run (default: every bundled one)")
    parser.add_argument("--solve-one", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.solve_one is not None:
        solve_one(arguments.solve_one, arguments.time_limit)
        return
    optima = read_published_optima(FOLDER / "NOTICE")
    paths = sorted(FOLDER.glob("pmed*.txt"), key=lambda path: int(path.stem[4:]))
    if arguments.only:
        paths = [path for path in paths if path.stem in arguments.only]
    baseline = f"limit {arguments.baseline_limit:g} s" if arguments.baseline_limit > 0 else "skipped"
    print(f"# {len(paths)} OR-Library instances; baseline: textbook model in HiGHS, {baseline}")
    print(f"{'name':>7} {'n':>4} {'p':>4} {'optimum':>8} {'trygg':>8} {'bound':>9} {'gap':>7} {'time_s':>7} "
          f"{'peak_mb':>7} {'baseline':>9} {'time_s':>8} {'ratio':>8}")
    total = 0.0
    failed: dict[str, list[str]] = {}
    slow: list[str] = []
    for path in paths:
        instance = read_orlib_pmedian(path)
        result, elapsed, peak_mb = solve_in_child(path, arguments.time_limit)
        total += elapsed
        if elapsed > arguments.target_s:
            slow.append(f"{instance.name} ({elapsed:.0f} s)")
        expected = optima[instance.name]
        problems = shortfalls(result, expected)
        if problems:
            failed[instance.name] = problems
        line = (f"{instance.name:>7} {len(instance.costs):>4} {instance.p:>4} {expected:>8} "
                f"{result.objective:>8.0f} {result.bound:>9.1f} {100 * result.gap:>6.3f}% {elapsed:>7.2f} {peak_mb:>7.0f}")
        if arguments.baseline_limit > 0:
            value, seconds, status = textbook_pmedian(instance, arguments.baseline_limit)
            ratio = seconds / max(elapsed, 1e-9)
            shown = f"{value:>9.0f}" if status == "optimal" else f"{status:>9}"
            line += f" {shown} {seconds:>8.2f} {('>' if status != 'optimal' else '') + f'{ratio:.1f}x':>8}"
            if status == "optimal" and value != expected:
                line += f"  (baseline's optimum {value:.0f} differs from the published)"
        print(line + (f"  NOT PROVEN AT THE PUBLISHED OPTIMUM: {'; '.join(problems)}" if problems else ""), flush=True)
    proven = len(paths) - len(failed)
    summary = f"# trygg total {total:.1f} s over {len(paths)} instances: {proven} of {len(paths)} proven optimal " \
              f"(status optimal, gap 0, lower bound = published optimum = trygg's objective)"
    print(summary + (f"; not proven: {', '.join(failed)}" if failed else ""))
    print(f"# over {arguments.target_s:g} s: {', '.join(slow) if slow else 'none'}")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
