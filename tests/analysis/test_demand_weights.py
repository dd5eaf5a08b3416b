"""Weighted demand: population plus weighted vulnerable-group counts."""

from __future__ import annotations

import pytest

from trygg.analysis.demand import Demand, VulnerabilityWeights
from trygg.analysis.errors import AnalysisError


def demand_with_groups() -> Demand:
    return Demand.from_lonlat(
        ["a", "b"],
        [14.6, 14.7],
        [63.2, 63.2],
        [100, 50],
        groups={"children": [20, 0], "elderly": [10, 40]},
    )


def test_it_adds_each_known_group_times_its_weight() -> None:
    weights = VulnerabilityWeights(
        children=0.5, elderly=2.0, other_mother_tongue=9.0, disability=9.0
    )
    # a: 100 + 0.5·20 + 2·10 = 130; b: 50 + 0 + 2·40 = 130. The two unknown
    # groups add nothing, whatever their weight.
    assert demand_with_groups().weighted_population(weights).tolist() == [130.0, 130.0]


def test_it_counts_a_person_in_a_group_twice_by_default() -> None:
    assert demand_with_groups().weighted_population().tolist() == [130.0, 90.0]


def test_it_equals_the_population_when_no_group_is_known() -> None:
    demand = Demand.from_lonlat(["a"], [14.6], [63.2], [42])
    assert demand.weighted_population(VulnerabilityWeights(elderly=5)).tolist() == [42.0]


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_it_rejects_a_weight_that_is_not_a_non_negative_number(bad: float) -> None:
    with pytest.raises(AnalysisError, match="elderly"):
        VulnerabilityWeights(elderly=bad)


def test_it_reports_unknown_groups_as_unknown_not_zero() -> None:
    summary = demand_with_groups().to_dict()
    assert summary["groups"]["children"] == 20.0
    assert summary["groups"]["disability"] is None
