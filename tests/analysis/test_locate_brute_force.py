"""Every model finds the optimum that enumerating all site subsets finds, on small random instances.

Instances mix float and integer costs (ties), fixed sites, ineligible sites,
zero weights and unreachable pairs (sparse input).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from scipy import sparse

from trygg.analysis.locate import LSCP, LSCPB, MCLP, PCenter, PMedian

SEEDS = range(12)


def instance(seed: int) -> dict:
    """A random instance with 10-14 demand rows and 6-8 candidates."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(10, 15)), int(rng.integers(6, 9))
    if seed % 2:
        costs = rng.integers(0, 12, size=(n, m)).astype(float)  # many ties
    else:
        costs = rng.uniform(0, 10, size=(n, m))
    weights = rng.integers(0, 5, size=n).astype(float)
    weights[0] = 3.0
    eligible = np.ones(m, dtype=bool)
    eligible[rng.choice(m, size=seed % 3, replace=False)] = False
    allowed = np.flatnonzero(eligible)
    fixed = rng.choice(allowed, size=seed % 2, replace=False)
    return {"costs": costs, "weights": weights, "eligible": eligible, "fixed": fixed, "m": m}


def subsets(case: dict, size: int | None = None):
    """All site sets containing the fixed sites and only eligible ones (of one size, if given)."""
    free = [j for j in np.flatnonzero(case["eligible"]) if j not in set(case["fixed"].tolist())]
    sizes = range(len(free) + 1) if size is None else [size - len(case["fixed"])]
    for k in sizes:
        if 0 <= k <= len(free):
            for extra in combinations(free, k):
                yield np.array(sorted([*case["fixed"].tolist(), *extra]), dtype=int)


def nearest(costs: np.ndarray, sites: np.ndarray) -> np.ndarray:
    return costs[:, sites].min(axis=1)


def covered_radius(case: dict) -> float:
    """A radius at which every positive-weight row can be covered by some eligible site."""
    costs = case["costs"][:, case["eligible"]]
    return float(np.max(costs.min(axis=1)[case["weights"] > 0])) + 0.5


@pytest.mark.parametrize("seed", SEEDS)
def test_lscp_matches_the_smallest_cover(seed):
    case = instance(seed)
    radius = covered_radius(case)
    positive = case["weights"] > 0
    best = min(
        len(s) for s in subsets(case) if len(s) and (nearest(case["costs"], s)[positive] <= radius).all()
    )
    result = LSCP(radius, fixed=case["fixed"], eligible=case["eligible"]).solve(
        case["costs"], case["weights"]
    ).result_
    assert result.objective == best == len(result.sites)
    assert set(case["fixed"]) <= set(result.sites.tolist())
    assert case["eligible"][result.sites].all()
    assert (nearest(case["costs"], result.sites)[positive] <= radius).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_lscpb_matches_the_best_backup_among_smallest_covers(seed):
    case = instance(seed)
    radius = covered_radius(case)
    costs, weights = case["costs"], case["weights"]
    positive = weights > 0
    covers = [s for s in subsets(case) if len(s) and (nearest(costs, s)[positive] <= radius).all()]
    smallest = min(len(s) for s in covers)
    best = max(
        weights[(costs[:, s] <= radius).sum(axis=1) >= 2].sum() for s in covers if len(s) == smallest
    )
    result = LSCPB(radius, fixed=case["fixed"], eligible=case["eligible"]).solve(costs, weights).result_
    assert len(result.sites) == smallest
    assert result.objective == pytest.approx(best)
    assert result.backup_weight == pytest.approx(best)
    assert result.gap == 0.0


@pytest.mark.parametrize("seed", SEEDS)
def test_mclp_matches_the_best_p_subset(seed):
    case = instance(seed)
    costs, weights = case["costs"], case["weights"]
    radius, p = 4.0, 3
    best = max(weights[nearest(costs, s) <= radius].sum() for s in subsets(case, p))
    result = MCLP(radius, p, fixed=case["fixed"], eligible=case["eligible"]).solve(costs, weights).result_
    assert result.objective == pytest.approx(best)
    assert len(result.sites) == p
    assert set(case["fixed"]) <= set(result.sites.tolist())
    assert weights[nearest(costs, result.sites) <= radius].sum() == pytest.approx(best)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("method", ["auto", "exact", "heuristic"])
def test_pmedian_matches_the_best_p_subset(seed, method):
    case = instance(seed)
    costs, weights = case["costs"], case["weights"]
    p = 3
    best = min(weights @ nearest(costs, s) for s in subsets(case, p))
    result = PMedian(p, method=method, fixed=case["fixed"], eligible=case["eligible"]).solve(
        costs, weights
    ).result_
    assert result.lower_bound <= best + 1e-9
    assert result.objective >= best - 1e-9
    assert weights @ nearest(costs, result.sites) == pytest.approx(result.objective)
    if method != "heuristic":
        assert result.objective == pytest.approx(best)
        assert result.gap == 0.0


@pytest.mark.parametrize("seed", SEEDS)
def test_pcenter_matches_the_best_p_subset(seed):
    case = instance(seed)
    costs, weights = case["costs"], case["weights"]
    positive = weights > 0
    p = 3
    best = min(nearest(costs, s)[positive].max() for s in subsets(case, p))
    result = PCenter(p, fixed=case["fixed"], eligible=case["eligible"]).solve(costs, weights).result_
    assert result.objective == pytest.approx(best)
    assert result.gap == 0.0
    assert len(result.sites) == p


@pytest.mark.parametrize("seed", range(6))
def test_sparse_costs_treat_missing_pairs_as_unreachable(seed):
    case = instance(seed)
    rng = np.random.default_rng(100 + seed)
    costs = case["costs"].copy()
    costs[rng.random(costs.shape) < 0.3] = np.inf
    costs[:, 0] = rng.uniform(0, 10, size=len(costs))  # every row reaches something
    dense_result = PMedian(3).solve(costs, case["weights"]).result_
    stored = np.isfinite(costs)
    rows, cols = np.nonzero(stored)
    as_sparse = sparse.csr_array((costs[stored], (rows, cols)), shape=costs.shape)
    sparse_result = PMedian(3).solve(as_sparse, case["weights"]).result_
    positive = case["weights"] > 0
    best = min(
        case["weights"][positive] @ nearest(costs, np.array(s))[positive]
        for s in combinations(range(case["m"]), 3)
    )
    assert dense_result.objective == pytest.approx(best)
    assert sparse_result.objective == pytest.approx(best)
    covering = MCLP(4.0, 2).solve(as_sparse, case["weights"]).result_
    covering_dense = MCLP(4.0, 2).solve(costs, case["weights"]).result_
    assert covering.objective == pytest.approx(covering_dense.objective)
