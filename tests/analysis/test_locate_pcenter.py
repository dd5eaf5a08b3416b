"""p-center by row generation: the optimum that enumeration finds, on instances large enough
that the covering questions start from a subset of the demand rows and have to add rows."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from trygg.analysis.locate import PCenter


def points_instance(seed: int, n: int = 60, m: int = 9) -> np.ndarray:
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 100, size=(n, 2))
    sites = rng.uniform(0, 100, size=(m, 2))
    costs = np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    if seed % 2:
        costs = np.floor(costs)  # ties between rows and radii
    return costs


def brute_force(costs: np.ndarray, p: int, fixed: tuple[int, ...] = ()) -> float:
    free = [j for j in range(costs.shape[1]) if j not in fixed]
    return min(
        costs[:, [*fixed, *extra]].min(axis=1).max() for extra in combinations(free, p - len(fixed))
    )


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("p", [2, 3, 4])
def test_pcenter_by_row_generation_matches_enumeration(seed, p):
    costs = points_instance(seed)
    result = PCenter(p).solve(costs).result_
    assert result.objective == pytest.approx(brute_force(costs, p))
    assert result.status == "optimal"
    assert result.gap == 0.0
    assert result.bound == result.objective
    assert len(result.sites) == p
    assert costs[:, result.sites].min(axis=1).max() == pytest.approx(result.objective)
    assert result.details["subset_rows"] <= len(costs)


def test_the_small_instances_do_exercise_row_generation():
    rounds = [PCenter(3).solve(points_instance(seed)).result_.details for seed in range(8)]
    assert any(d["row_generation_rounds"] > d["radii_tested"] > 0 for d in rounds)
    assert all(d["subset_rows"] < 60 for d in rounds)


@pytest.mark.parametrize("seed", range(4))
def test_pcenter_with_fixed_sites_matches_enumeration(seed):
    costs = points_instance(seed, n=50, m=8)
    fixed = (seed % 8,)
    result = PCenter(3, fixed=list(fixed)).solve(costs).result_
    assert result.objective == pytest.approx(brute_force(costs, 3, fixed))
    assert fixed[0] in result.sites.tolist()
    assert result.gap == 0.0


def test_a_tiny_time_limit_returns_a_solution_with_a_valid_bound_and_no_claimed_proof():
    costs = points_instance(3, n=3000, m=300)
    result = PCenter(25, time_limit_s=0.01).solve(costs).result_
    assert len(result.sites) == 25
    assert costs[:, result.sites].min(axis=1).max() == pytest.approx(result.objective)
    # A bound below the optimum is always valid: every row must reach its nearest candidate.
    assert result.bound <= result.objective
    assert result.bound >= costs.min(axis=1).max()
    assert result.gap > 0
    assert result.status == "time_limit"
