"""Benchmark: p-median on Beasley's OR-Library instances (pmed1 ... pmed40, as bundled).

Run: ``.venv/bin/python bench/bench_orlib.py`` (``--baseline-limit 0`` skips the baseline).

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
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline-limit", type=float, default=60.0, help="seconds per baseline solve (0: skip)")
    arguments = parser.parse_args()
    optima = read_published_optima(FOLDER / "NOTICE")
    paths = sorted(FOLDER.glob("pmed*.txt"), key=lambda path: int(path.stem[4:]))
    print(f"# {len(paths)} OR-Library instances; baseline: textbook model in HiGHS, "
          f"limit {arguments.baseline_limit:.0f} s")
    print(f"{'name':>7} {'n':>4} {'p':>4} {'optimum':>8} {'trygg':>8} {'gap':>7} {'time_s':>7} "
          f"{'baseline':>9} {'time_s':>8} {'ratio':>8}")
    total = 0.0
    short_of_proof: list[str] = []
    for path in paths:
        instance = read_orlib_pmedian(path)
        started = time.perf_counter()
        result = PMedian(instance.p, time_limit_s=600).solve(instance.costs, np.ones(len(instance.costs))).result_
        elapsed = time.perf_counter() - started
        total += elapsed
        expected = optima[instance.name]
        mark = "" if result.objective == expected else "  DIFFERS FROM PUBLISHED"
        if result.gap > 0 or result.status != "optimal":
            mark += f"  NOT PROVEN ({result.status}, gap {100 * result.gap:.3f} %)"
        if mark:
            short_of_proof.append(instance.name)
        line = (f"{instance.name:>7} {len(instance.costs):>4} {instance.p:>4} {expected:>8} "
                f"{result.objective:>8.0f} {100 * result.gap:>6.3f}% {elapsed:>7.2f}")
        if arguments.baseline_limit > 0:
            value, seconds, status = textbook_pmedian(instance, arguments.baseline_limit)
            ratio = seconds / max(elapsed, 1e-9)
            shown = f"{value:>9.0f}" if status == "optimal" else f"{status:>9}"
            line += f" {shown} {seconds:>8.2f} {('>' if status != 'optimal' else '') + f'{ratio:.1f}x':>8}"
        print(line + mark, flush=True)
    proven = len(paths) - len(short_of_proof)
    print(f"# trygg total {total:.1f} s over {len(paths)} instances: {proven} proven optimal (gap 0) "
          f"at the published optimum" + (f"; not: {', '.join(short_of_proof)}" if short_of_proof else ""))
    if short_of_proof:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
