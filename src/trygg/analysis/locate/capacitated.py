"""Capacitated variants of MCLP and p-median: each open site serves at most its capacity.

Demand may be split between sites (fractional assignment), which keeps the
models linear and exact; the reported assignment is the site serving the
largest share of each demand point. One assignment variable per usable
(demand, site) pair: within the radius for MCLP, every pair for p-median, so
the capacitated p-median is meant for modest sizes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from trygg.analysis.locate.base import ModelInput, seconds_left
from trygg.analysis.locate.coverage import merge_identical_rows
from trygg.analysis.locate.highs import MilpOutcome, SparseMilp, binary_choice
from trygg.analysis.locate.median_data import dense_instance
from trygg.analysis.locate.result import LocationResult
from trygg.analysis.locate.validation import LocationInputError
from trygg.text import N_

if TYPE_CHECKING:
    from trygg.analysis.locate.covering import MCLP
    from trygg.analysis.locate.pmedian import PMedian

#: Largest number of (demand, site) pairs the capacitated p-median accepts.
MAX_CAPACITATED_PAIRS = 2_000_000


def solve_capacitated_mclp(
    model: MCLP, data: ModelInput, cover: sparse.csr_array, deadline: float
) -> LocationResult:
    """Maximise weight served within the radius by ``p`` sites with capacities."""
    capacities = np.asarray(model.capacities, dtype=np.float64)
    rows = np.flatnonzero((data.weights > 0) & (np.diff(cover.indptr) > 0))
    merged = merge_identical_rows(cover[rows], data.weights[rows])
    pairs = sparse.coo_array(merged.matrix)
    problem = _assignment_milp(
        pair_rows=pairs.row, pair_cols=pairs.col, pair_value=merged.weights[pairs.row],
        weights=merged.weights, capacities=capacities, eligible=data.eligible,
        fixed=data.fixed, p=int(model.p), must_serve=False,
    )
    outcome = _solve(problem, deadline, "the capacitated MCLP")
    sites, flows = _read_solution(outcome, data.n_candidates, len(pairs.row))
    group_site = _main_site(pairs.row, pairs.col, flows, merged.matrix.shape[0])
    assignment = np.full(data.n_demand, -1, dtype=np.intp)
    assignment[rows] = group_site[merged.group_of_row]
    served_share = np.bincount(pairs.row, flows, minlength=merged.matrix.shape[0])
    unserved = np.ones(data.n_demand, dtype=bool)
    unserved[rows] = served_share[merged.group_of_row] < 1e-9
    return LocationResult(
        model="mclp", sites=sites, assignment=assignment, objective=outcome.objective,
        bound=max(outcome.bound, outcome.objective), sense="max", status=outcome.status,
        solve_time_s=0.0, method="exact-highs", covered_weight=outcome.objective,
        uncovered=np.flatnonzero((data.weights > 0) & unserved).astype(np.intp),
        details={"pairs": float(len(pairs.row)), "merged_rows": float(merged.matrix.shape[0])},
    )


def solve_capacitated_pmedian(model: PMedian, data: ModelInput, deadline: float) -> LocationResult:
    """Minimise the weighted cost with ``p`` sites, each serving at most its capacity."""
    instance = dense_instance(data)
    n_rows, n_cols = instance.costs.shape
    if n_rows * n_cols > MAX_CAPACITATED_PAIRS:
        raise LocationInputError(
            N_("the capacitated p-median takes at most {MAX_CAPACITATED_PAIRS:,} demand x candidate pairs, got {n_rows} x {n_cols}: aggregate the demand or drop the capacities", MAX_CAPACITATED_PAIRS=MAX_CAPACITATED_PAIRS, n_rows=n_rows, n_cols=n_cols)
        )
    reachable = instance.costs < instance.penalty
    pair_rows, pair_cols = np.nonzero(reachable)
    capacities = np.asarray(model.capacities, dtype=np.float64)
    eligible = np.zeros(data.n_candidates, dtype=bool)
    eligible[instance.columns] = True
    problem = _assignment_milp(
        pair_rows=pair_rows, pair_cols=instance.columns[pair_cols],
        pair_value=instance.weights[pair_rows] * instance.costs[pair_rows, pair_cols],
        weights=instance.weights, capacities=capacities, eligible=eligible,
        fixed=data.fixed, p=int(model.p), must_serve=True, maximize=False,
    )
    outcome = _solve(problem, deadline, "the capacitated p-median")
    sites, flows = _read_solution(outcome, data.n_candidates, len(pair_rows))
    assignment = np.full(data.n_demand, -1, dtype=np.intp)
    assignment[instance.rows] = _main_site(pair_rows, instance.columns[pair_cols], flows, n_rows)
    return LocationResult(
        model="pmedian", sites=sites, assignment=assignment, objective=outcome.objective,
        bound=min(outcome.bound, outcome.objective), sense="min", status=outcome.status,
        solve_time_s=0.0, method="exact-highs", details={"pairs": float(len(pair_rows))},
    )


def _assignment_milp(
    *,
    pair_rows: NDArray[np.intp],
    pair_cols: NDArray[np.intp],
    pair_value: NDArray[np.float64],
    weights: NDArray[np.float64],
    capacities: NDArray[np.float64],
    eligible: NDArray[np.bool_],
    fixed: NDArray[np.intp],
    p: int,
    must_serve: bool,
    maximize: bool = True,
) -> SparseMilp:
    """Variables: x_j (open) then f_k (share of pair k's demand row served by its site).

    Rows: each demand row's shares sum to at most (or exactly) 1; each site
    serves at most capacity x x_j; f_k <= x_j; the sites number p.
    """
    n_cols, n_pairs, n_rows = len(eligible), len(pair_rows), len(weights)
    pair_index = np.arange(n_pairs)
    share = sparse.csr_array((np.ones(n_pairs), (pair_rows, n_cols + pair_index)), shape=(n_rows, n_cols + n_pairs))
    load = sparse.csr_array(
        (
            np.concatenate([weights[pair_rows], -capacities]),
            (np.concatenate([pair_cols, np.arange(n_cols)]), np.concatenate([n_cols + pair_index, np.arange(n_cols)])),
        ),
        shape=(n_cols, n_cols + n_pairs),
    )
    link = sparse.csr_array(
        (np.concatenate([np.ones(n_pairs), -np.ones(n_pairs)]),
         (np.concatenate([pair_index, pair_index]), np.concatenate([n_cols + pair_index, pair_cols]))),
        shape=(n_pairs, n_cols + n_pairs),
    )
    count = sparse.csr_array((np.ones(n_cols), (np.zeros(n_cols, dtype=np.intp), np.arange(n_cols))), shape=(1, n_cols + n_pairs))
    var_lower = np.zeros(n_cols + n_pairs)
    var_lower[fixed] = 1.0
    var_upper = np.concatenate([eligible.astype(np.float64), np.ones(n_pairs)])
    return SparseMilp(
        c=np.concatenate([np.zeros(n_cols), pair_value]),
        a=sparse.csr_array(sparse.vstack([share, load, link, count])),
        row_lower=np.concatenate([np.ones(n_rows) if must_serve else np.zeros(n_rows),
                                  np.full(n_cols + n_pairs, -np.inf), [p]]),
        row_upper=np.concatenate([np.ones(n_rows), np.zeros(n_cols + n_pairs), [p]]),
        integrality=np.concatenate([np.ones(n_cols), np.zeros(n_pairs)]).astype(np.int8),
        var_lower=var_lower,
        var_upper=var_upper,
        maximize=maximize,
    )


def _solve(problem: SparseMilp, deadline: float, what: str) -> MilpOutcome:
    outcome = problem.solve(seconds_left(deadline))
    if outcome.status == "infeasible":
        raise LocationInputError(
            N_("{what} is infeasible: the capacities of any p eligible sites cannot serve all demand", what=what)
        )
    if outcome.x is None:
        raise LocationInputError(N_("HiGHS found no solution to {what} within the time limit", what=what))
    return outcome


def _read_solution(
    outcome: MilpOutcome, n_cols: int, n_pairs: int
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    assert outcome.x is not None
    sites = np.flatnonzero(binary_choice(outcome.x[:n_cols])).astype(np.intp)
    return sites, np.clip(outcome.x[n_cols : n_cols + n_pairs], 0.0, 1.0)


def _main_site(
    pair_rows: NDArray[np.intp], pair_cols: NDArray[np.intp], flows: NDArray[np.float64], n_rows: int
) -> NDArray[np.intp]:
    """For each row, the site with the largest share of it (-1 when nothing is served)."""
    best_site = np.full(n_rows, -1, dtype=np.intp)
    served = flows > 1e-9
    rows, cols, shares = pair_rows[served], pair_cols[served], flows[served]
    order = np.lexsort((shares, rows))
    last_of_row = np.r_[rows[order][1:] != rows[order][:-1], True]
    best_site[rows[order][last_of_row]] = cols[order][last_of_row]
    return best_site
