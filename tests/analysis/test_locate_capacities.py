"""With capacities, MCLP and p-median find the optimum that enumerating site sets finds.

Demand may be split between sites; for each candidate set the brute force
solves the transportation LP with scipy's linprog.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from scipy.optimize import linprog

from trygg.analysis.locate import MCLP, LocationInputError, PMedian


def instance(seed: int):
    rng = np.random.default_rng(seed)
    n, m = 9, 6
    costs = rng.uniform(0, 10, size=(n, m))
    weights = rng.integers(1, 6, size=n).astype(float)
    capacities = rng.integers(4, 12, size=m).astype(float)
    return costs, weights, capacities


def best_transport(costs, weights, capacities, sites, usable, maximise):
    """Best split assignment of demand to ``sites`` over ``usable`` pairs (None if infeasible)."""
    n = len(weights)
    pairs = [(i, j) for i in range(n) for j in sites if usable[i, j]]
    if not pairs:
        return 0.0 if maximise else None
    c = np.array([-weights[i] if maximise else weights[i] * costs[i, j] for i, j in pairs])
    row_sum = np.zeros((n, len(pairs)))
    load = np.zeros((len(sites), len(pairs)))
    for k, (i, j) in enumerate(pairs):
        row_sum[i, k] = 1.0
        load[list(sites).index(j), k] = weights[i]
    if maximise:
        solved = linprog(c, A_ub=np.vstack([row_sum, load]), b_ub=np.r_[np.ones(n), capacities[list(sites)]],
                         bounds=(0, 1))
        return -solved.fun
    solved = linprog(c, A_ub=load, b_ub=capacities[list(sites)], A_eq=row_sum, b_eq=np.ones(n), bounds=(0, 1))
    return solved.fun if solved.status == 0 else None


@pytest.mark.parametrize("seed", range(5))
def test_capacitated_mclp_matches_brute_force(seed):
    costs, weights, capacities = instance(seed)
    radius, p = 5.0, 2
    usable = costs <= radius
    best = max(
        best_transport(costs, weights, capacities, s, usable, maximise=True)
        for s in combinations(range(costs.shape[1]), p)
    )
    result = MCLP(radius, p, capacities=capacities).solve(costs, weights).result_
    assert result.objective == pytest.approx(best, abs=1e-6)
    assert result.gap == pytest.approx(0.0, abs=1e-9)
    assert len(result.sites) == p
    uncapacitated = MCLP(radius, p).solve(costs, weights).result_
    assert result.objective <= uncapacitated.objective + 1e-9


@pytest.mark.parametrize("seed", range(5))
def test_capacitated_pmedian_matches_brute_force(seed):
    costs, weights, capacities = instance(seed)
    capacities = capacities * 2  # p sites must be able to hold all demand
    p = 3
    usable = np.ones_like(costs, dtype=bool)
    values = [best_transport(costs, weights, capacities, s, usable, maximise=False)
              for s in combinations(range(costs.shape[1]), p)]
    best = min(v for v in values if v is not None)
    result = PMedian(p, capacities=capacities).solve(costs, weights).result_
    assert result.objective == pytest.approx(best, rel=1e-7)
    assert result.gap == pytest.approx(0.0, abs=1e-7)
    assert (result.assignment >= 0).all()


def test_capacities_too_small_for_the_demand_are_reported():
    costs, weights, _ = instance(0)
    with pytest.raises(LocationInputError, match="infeasible: the capacities of any p eligible sites"):
        PMedian(2, capacities=np.ones(costs.shape[1])).solve(costs, weights)
