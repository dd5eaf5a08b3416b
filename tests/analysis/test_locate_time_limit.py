"""A model stopped by its time limit says so: status "time_limit", a positive gap and a bound
that is still a valid bound on the optimum (not the incumbent's own value)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from trygg.analysis.locate import LSCP, LSCPB, MCLP, PCenter, PMedian

RADIUS = 20_000.0


@pytest.fixture(scope="module")
def hard_instance():
    """3,000 x 300 uniform points in a 220 km square: no model solves it in 10 ms."""
    rng = np.random.default_rng(20_240_601)
    demand = rng.uniform(0.0, 220_000.0, size=(3_000, 2))
    sites = rng.uniform(0.0, 220_000.0, size=(300, 2))
    costs = cdist(demand, sites)
    weights = rng.integers(1, 100, size=3_000).astype(np.float64)
    reachable = (costs <= RADIUS).any(axis=1)
    return costs[reachable], weights[reachable]


MODELS = {
    "lscp": lambda limit: LSCP(RADIUS, time_limit_s=limit),
    "lscpb": lambda limit: LSCPB(RADIUS, time_limit_s=limit),
    "mclp": lambda limit: MCLP(RADIUS, 40, time_limit_s=limit),
    "pmedian": lambda limit: PMedian(20, time_limit_s=limit),
    "pcenter": lambda limit: PCenter(20, time_limit_s=limit),
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_tiny_time_limit_gives_an_unproven_result_with_a_valid_bound(hard_instance, name):
    costs, weights = hard_instance
    result = MODELS[name](0.01).solve(costs, weights).result_
    assert result.status == "time_limit"
    assert result.gap > 0
    assert np.isfinite(result.objective)
    assert result.lower_bound <= result.upper_bound


def test_the_lscp_bound_under_a_tiny_limit_is_below_the_proven_minimum(hard_instance):
    costs, weights = hard_instance
    stopped = LSCP(RADIUS, time_limit_s=0.01).solve(costs, weights).result_
    proven = LSCP(RADIUS, time_limit_s=60.0).solve(costs, weights).result_
    assert proven.status == "optimal"
    assert stopped.bound <= proven.objective <= stopped.objective


def test_the_mclp_bound_under_a_tiny_limit_is_above_the_best_coverage_found(hard_instance):
    costs, weights = hard_instance
    stopped = MCLP(RADIUS, 40, time_limit_s=0.01).solve(costs, weights).result_
    assert stopped.bound > stopped.objective
    assert stopped.bound <= weights.sum()
