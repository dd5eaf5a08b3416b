"""Nearest site and sites within a radius with a KD-tree, against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from trygg.analysis.errors import AnalysisError
from trygg.analysis.travel import count_within, nearest_sites, sites_within


@pytest.fixture
def points() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(42)
    return rng.uniform(0, 50_000, (500, 2)), rng.uniform(0, 50_000, (30, 2))


def brute_force(demand: np.ndarray, sites: np.ndarray) -> np.ndarray:
    return np.hypot(demand[:, None, 0] - sites[None, :, 0], demand[:, None, 1] - sites[None, :, 1])


def test_it_finds_the_same_nearest_site_as_brute_force(points) -> None:
    demand, sites = points
    result = nearest_sites(demand, sites)
    full = brute_force(demand, sites)
    np.testing.assert_array_equal(result.site_index, full.argmin(axis=1))
    np.testing.assert_allclose(result.distance_m, full.min(axis=1))


def test_it_multiplies_straight_lines_by_the_detour_factor(points) -> None:
    demand, sites = points
    plain = nearest_sites(demand, sites)
    detoured = nearest_sites(demand, sites, detour=1.3)
    np.testing.assert_allclose(detoured.distance_m, 1.3 * plain.distance_m)
    np.testing.assert_array_equal(detoured.site_index, plain.site_index)


def test_it_lists_exactly_the_pairs_within_the_radius(points) -> None:
    demand, sites = points
    costs = sites_within(demand, sites, radius_m=6_500, detour=1.3)
    full = brute_force(demand, sites) * 1.3
    expected = np.argwhere(full <= 6_500)
    got = np.column_stack([costs.demand_index, costs.site_index])
    assert sorted(map(tuple, got)) == sorted(map(tuple, expected))
    np.testing.assert_allclose(costs.cost, full[costs.demand_index, costs.site_index])
    np.testing.assert_array_equal(
        count_within(demand, sites, 6_500, 1.3), (full <= 6_500).sum(axis=1)
    )


def test_it_keeps_a_demand_point_standing_on_a_site() -> None:
    costs = sites_within([[100.0, 100.0]], [[100.0, 100.0]], radius_m=10)
    assert costs.demand_index.tolist() == [0] and costs.cost.tolist() == [0.0]


def test_it_rejects_a_zero_radius() -> None:
    with pytest.raises(AnalysisError, match="radius_m=0 must be a distance > 0 m"):
        sites_within([[0.0, 0.0]], [[1.0, 1.0]], radius_m=0)


@pytest.mark.parametrize("detour", [0.8, float("nan")])
def test_it_rejects_a_detour_below_one(detour: float) -> None:
    with pytest.raises(AnalysisError, match="detour factor"):
        nearest_sites([[0.0, 0.0]], [[1.0, 1.0]], detour=detour)


def test_it_rejects_an_empty_set_of_sites() -> None:
    with pytest.raises(AnalysisError, match="no sites"):
        nearest_sites([[0.0, 0.0]], np.zeros((0, 2)))


def test_it_rejects_coordinates_that_are_not_numbers() -> None:
    with pytest.raises(AnalysisError, match="demand, point 2"):
        nearest_sites([[0.0, 0.0], [np.nan, 1.0]], [[1.0, 1.0]])
