"""Bad input to a location model stops it with a clear message, before any solving."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from trygg.analysis.errors import AnalysisError
from trygg.analysis.locate import (
    LSCP,
    LSCPB,
    MCLP,
    InfeasibleCoverageError,
    LocationInputError,
    PCenter,
    PMedian,
)

COSTS = np.array([[100.0, 900.0, 50.0], [400.0, 300.0, 2000.0], [2500.0, 100.0, 700.0]])
WEIGHTS = np.array([10.0, 5.0, 1.0])


def test_errors_are_value_errors_of_the_analysis_layer():
    assert issubclass(LocationInputError, AnalysisError)
    assert issubclass(InfeasibleCoverageError, ValueError)


@pytest.mark.parametrize("radius", [0.0, -5.0, float("nan"), float("inf")])
def test_it_rejects_a_radius_that_is_not_positive(radius):
    with pytest.raises(LocationInputError, match="radius must be a positive number"):
        MCLP(radius, 1).solve(COSTS, WEIGHTS)


def test_it_rejects_a_zero_radius_for_set_covering():
    with pytest.raises(LocationInputError, match="radius"):
        LSCP(0).solve(COSTS, WEIGHTS)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([10.0, -1.0, 1.0], r"weights\[1\] is -1.0"),
        ([10.0, float("nan"), 1.0], r"weights\[1\] is nan"),
        ([10.0, float("inf"), 1.0], r"weights\[1\] is inf"),
        ([], "non-empty"),
        ([0.0, 0.0, 0.0], "all demand weights are zero"),
        ([1.0, 2.0], "2 value"),
    ],
)
def test_it_rejects_negative_missing_or_empty_weights(weights, message):
    with pytest.raises(LocationInputError, match=message):
        PMedian(1).solve(COSTS, weights)


@pytest.mark.parametrize(
    ("p", "message"),
    [(4, "p = 4 is larger than the 3 eligible"), (0, "whole number >= 1, got 0"),
     (-1, "whole number >= 1, got -1"), (2.5, "whole number >= 1, got 2.5"), (True, "got True")],
)
def test_it_rejects_p_outside_one_to_the_candidates(p, message):
    with pytest.raises(LocationInputError, match=message):
        PMedian(p).solve(COSTS, WEIGHTS)


def test_it_rejects_p_larger_than_the_eligible_candidates():
    with pytest.raises(LocationInputError, match="larger than the 2 eligible"):
        MCLP(500, 3, eligible=[0, 2]).solve(COSTS, WEIGHTS)


def test_it_rejects_p_smaller_than_the_fixed_sites():
    with pytest.raises(LocationInputError, match="smaller than the 2 site"):
        PCenter(1, fixed=[0, 1]).solve(COSTS, WEIGHTS)


def test_it_rejects_a_fixed_site_that_is_not_eligible():
    with pytest.raises(LocationInputError, match=r"fixed site\(s\) \[1\] are not eligible"):
        PMedian(2, fixed=[1], eligible=[0, 2]).solve(COSTS, WEIGHTS)


@pytest.mark.parametrize("fixed", [[3], [-1]])
def test_it_rejects_a_fixed_site_out_of_range(fixed):
    with pytest.raises(LocationInputError, match="fixed names candidate index"):
        PMedian(2, fixed=fixed).solve(COSTS, WEIGHTS)


def test_it_rejects_a_site_fixed_twice():
    with pytest.raises(LocationInputError, match="listed twice"):
        PMedian(2, fixed=[0, 0]).solve(COSTS, WEIGHTS)


def test_it_rejects_an_eligibility_mask_of_the_wrong_length():
    with pytest.raises(LocationInputError, match="shape"):
        PMedian(1, eligible=np.array([True, False])).solve(COSTS, WEIGHTS)


def test_it_rejects_when_nothing_is_eligible():
    with pytest.raises(LocationInputError, match="no candidate is eligible"):
        PMedian(1, eligible=np.zeros(3, dtype=bool)).solve(COSTS, WEIGHTS)


@pytest.mark.parametrize(
    ("costs", "message"),
    [
        (np.array([[1.0, -2.0]]), r"costs\[0, 1\] is -2.0"),
        (np.array([[1.0, float("nan")]]), r"costs\[0, 1\] is nan"),
        (np.zeros((0, 3)), "empty"),
        (np.ones(3), "2-D"),
    ],
)
def test_it_rejects_negative_missing_or_misshapen_costs(costs, message):
    with pytest.raises(LocationInputError, match=message):
        PMedian(1).solve(costs)


def test_it_rejects_a_negative_cost_in_a_sparse_matrix():
    costs = sparse.csr_array(np.array([[1.0, 0.0], [0.0, -3.0]]))
    with pytest.raises(LocationInputError, match=r"costs\[1, 1\] is -3.0"):
        PMedian(1).solve(costs)


@pytest.mark.parametrize("model", [LSCP(250.0), LSCPB(250.0)])
def test_an_infeasible_cover_names_the_demand_and_its_nearest_candidate(model):
    with pytest.raises(InfeasibleCoverageError) as caught:
        model.solve(COSTS, WEIGHTS)
    message = str(caught.value)
    assert "demand row 1 (nearest eligible candidate at 300)" in message
    assert "demand row 0" not in message
    assert caught.value.rows.tolist() == [1]
    assert caught.value.nearest_costs.tolist() == [300.0]


def test_an_infeasible_cover_respects_eligibility():
    with pytest.raises(InfeasibleCoverageError, match="demand row 2 .nearest eligible candidate at 700"):
        LSCP(500.0, eligible=[0, 2]).solve(COSTS, WEIGHTS)


def test_infeasible_cover_errors_can_name_demand_by_id():
    with pytest.raises(InfeasibleCoverageError) as caught:
        LSCP(250.0).solve(COSTS, WEIGHTS)
    labelled = caught.value.with_labels(["Ås", "Berg", "Krokom"])
    assert "demand 'Berg' (nearest eligible candidate at 300)" in str(labelled)


def test_demand_that_reaches_no_candidate_at_all_is_reported():
    costs = np.array([[1.0, 2.0], [np.inf, np.inf]])
    with pytest.raises(LocationInputError, match=r"cannot reach any eligible candidate \(rows 1\)"):
        PMedian(1).solve(costs, [1.0, 1.0])
    with pytest.raises(InfeasibleCoverageError, match="no eligible candidate is reachable"):
        LSCP(5.0).solve(costs, [1.0, 1.0])


def test_unknown_pmedian_method_is_rejected():
    with pytest.raises(LocationInputError, match="method must be one of"):
        PMedian(1, method="magic").solve(COSTS, WEIGHTS)


def test_a_non_positive_time_limit_is_rejected():
    with pytest.raises(LocationInputError, match="time_limit_s"):
        LSCP(500.0, time_limit_s=0).solve(COSTS, WEIGHTS)


def test_bad_capacities_are_rejected():
    with pytest.raises(LocationInputError, match="capacities has shape"):
        MCLP(500.0, 1, capacities=[1.0]).solve(COSTS, WEIGHTS)
    with pytest.raises(LocationInputError, match=r"capacities\[1\] is -1.0"):
        PMedian(1, capacities=[1.0, -1.0, 2.0]).solve(COSTS, WEIGHTS)
