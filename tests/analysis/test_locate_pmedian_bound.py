"""p-median answers carry valid bounds: lower bound <= true optimum <= reported objective.

Checked against brute force on instances too big for the Lagrangian bound to
close the gap by itself, for the heuristic alone, the Lagrangian bound, and the
truncated radius models that prove optimality.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
import pytest

from trygg.analysis.locate import PMedian
from trygg.analysis.locate.base import ModelInput
from trygg.analysis.locate.median_bound import lagrangian_bound
from trygg.analysis.locate.median_data import dense_instance, nearest_lists
from trygg.analysis.locate.median_heuristic import Incumbent, greedy_sites, swap_search
from trygg.analysis.locate.median_radius import prove_by_radius_models


def euclidean_instance(seed: int, n: int = 40, m: int = 12) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    demand, sites = rng.uniform(0, 100, (n, 2)), rng.uniform(0, 100, (m, 2))
    costs = np.linalg.norm(demand[:, None, :] - sites[None, :, :], axis=2)
    return costs, rng.integers(1, 10, n).astype(float)


def brute_force(costs: np.ndarray, weights: np.ndarray, p: int) -> float:
    return min(weights @ costs[:, list(s)].min(axis=1) for s in combinations(range(costs.shape[1]), p))


def as_instance(costs: np.ndarray, weights: np.ndarray):
    m = costs.shape[1]
    return dense_instance(ModelInput(costs, weights, np.ones(m, dtype=bool), np.zeros(0, dtype=np.intp)))


@pytest.mark.parametrize("seed", range(8))
def test_the_heuristic_bound_brackets_the_optimum(seed):
    costs, weights = euclidean_instance(seed)
    best = brute_force(costs, weights, 4)
    result = PMedian(4, method="heuristic").solve(costs, weights).result_
    assert result.lower_bound <= best * (1 + 1e-12)
    assert result.objective >= best * (1 - 1e-12)
    assert result.method in {"heuristic+bound", "exact-highs"}
    assert result.gap == pytest.approx((result.objective - result.lower_bound) / result.objective, abs=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_the_lagrangian_bound_never_exceeds_the_optimum_even_on_short_lists(seed):
    costs, weights = euclidean_instance(seed)
    best = brute_force(costs, weights, 3)
    instance = as_instance(costs, weights)
    lists = nearest_lists(instance.costs, 4)  # short lists: multipliers get capped
    sites = swap_search(instance, greedy_sites(instance, 3, lists), lists)[0]
    incumbent = Incumbent(instance, sites, lists)
    bound = lagrangian_bound(instance, 3, incumbent, np.zeros(len(weights)), lists=lists, max_iterations=300)
    assert bound.bound <= best * (1 + 1e-12)
    assert incumbent.objective >= best * (1 - 1e-12)
    # Candidates the bound proves closed are closed in the optimum.
    optimal_sets = [
        set(s) for s in combinations(range(costs.shape[1]), 3)
        if weights @ costs[:, list(s)].min(axis=1) <= best * (1 + 1e-12)
    ]
    assert all(not (set(np.flatnonzero(bound.closed)) & s) for s in optimal_sets)


@pytest.mark.parametrize("seed", range(8))
def test_truncated_radius_models_grow_their_caps_until_they_prove_the_optimum(seed):
    costs, weights = euclidean_instance(seed, n=30, m=10)
    best = brute_force(costs, weights, 3)
    instance = as_instance(costs, weights)
    # Zero multipliers give the tightest caps (one candidate per row): the
    # models must widen them round after round.
    incumbent = Incumbent(instance, np.array([0, 1, 2]), None)
    m = costs.shape[1]
    outcome = prove_by_radius_models(
        instance, 3, incumbent, np.zeros(len(weights)), np.zeros(m, dtype=bool),
        np.zeros(m, dtype=bool), deadline=time.perf_counter() + 30,
    )
    assert outcome.proven
    assert outcome.rounds > 1
    assert outcome.bound == pytest.approx(best)
    assert incumbent.objective == pytest.approx(best)


def test_swap_search_never_worsens_and_keeps_fixed_sites():
    costs, weights = euclidean_instance(3, n=60, m=15)
    fixed = np.array([7])
    instance = dense_instance(ModelInput(costs, weights, np.ones(15, dtype=bool), fixed))
    start = np.array([7, 0, 1, 2])
    improved, swaps = swap_search(instance, start)
    assert 7 in improved
    assert instance.objective(improved) <= instance.objective(start)
    assert swaps >= 1
