"""The geo layer builds cost matrices from Swedish coordinates or cost tables and answers by id."""

from __future__ import annotations

import numpy as np
import pytest

from trygg.analysis.locate import (
    InfeasibleCoverageError,
    LocationInputError,
    LocationTable,
    make_model,
    optimize_sites,
    project_to_sweref,
    straight_line_costs,
)

# Östersund, Krokom and Åre (lon, lat), and two candidate premises.
DEMAND_LONLAT = [(14.6357, 63.1792), (14.4550, 63.3256), (13.0814, 63.3990)]
SITES_LONLAT = [(14.6400, 63.1800), (13.0900, 63.4000)]


def test_projection_is_sweref_99_tm():
    (east_63, north_63), (east_64, north_64) = project_to_sweref([15.0, 15.0], [63.0, 64.0])
    # The central meridian 15 degrees E has the false easting 500,000 m.
    assert east_63 == pytest.approx(500_000.0, abs=1e-3)
    assert east_64 == pytest.approx(500_000.0, abs=1e-3)
    # One degree of GRS 80 meridian at 63.5 degrees N, times the scale factor 0.9996.
    phi = np.radians(63.5)
    degree_m = 111_132.954 - 559.822 * np.cos(2 * phi) + 1.175 * np.cos(4 * phi)
    assert north_64 - north_63 == pytest.approx(0.9996 * degree_m, abs=1.0)


def test_costs_from_points_are_metres_times_the_detour_factor():
    plain = LocationTable.from_points(["a", "b", "c"], DEMAND_LONLAT, [1, 2, 3], ["s1", "s2"], SITES_LONLAT)
    detoured = LocationTable.from_points(
        ["a", "b", "c"], DEMAND_LONLAT, [1, 2, 3], ["s1", "s2"], SITES_LONLAT, detour_factor=1.3
    )
    assert plain.costs[0, 0] == pytest.approx(234, rel=0.02)  # across central Östersund
    assert plain.costs[2, 0] == pytest.approx(81_900, rel=0.02)  # Åre to Östersund, straight line
    np.testing.assert_allclose(detoured.costs, plain.costs * 1.3)


def test_sparse_costs_from_points_keep_only_pairs_within_the_limit():
    table = LocationTable.from_points(
        ["a", "b", "c"], DEMAND_LONLAT, [1, 2, 3], ["s1", "s2"], SITES_LONLAT, max_cost_m=30_000
    )
    dense = table.costs.toarray()
    assert dense[0, 0] > 0 and dense[2, 1] > 0
    assert dense[2, 0] == 0 and dense[0, 1] == 0  # beyond 30 km: not stored, unreachable


def test_a_demand_point_on_a_site_is_reachable_at_cost_zero_in_sparse_costs():
    xy = np.array([[0.0, 0.0], [100.0, 0.0]])
    costs = straight_line_costs(xy, xy[:1], max_cost_m=50.0)
    assert costs.nnz == 1 and costs.data.tolist() == [0.0]  # a stored zero, not a missing pair
    assert make_model("lscp", radius=10.0).solve(costs, [1.0, 0.0]).result_.sites.tolist() == [0]


def test_it_rejects_swapped_latitude_and_longitude():
    swapped = [(lat, lon) for lon, lat in DEMAND_LONLAT]
    with pytest.raises(LocationInputError, match="demand 'b' .* looks like latitude and longitude swapped"):
        LocationTable.from_points(["b", "c", "d"], swapped, [1, 1, 1], ["s1", "s2"], SITES_LONLAT)


def test_it_rejects_points_outside_sweden():
    with pytest.raises(LocationInputError, match="site 'Helsinki' .* lies outside Sweden"):
        LocationTable.from_points(
            ["a", "b", "c"], DEMAND_LONLAT, [1, 1, 1], ["Helsinki", "s2"], [(24.94, 60.17), SITES_LONLAT[1]]
        )


def test_it_rejects_missing_coordinates_and_repeated_ids():
    with pytest.raises(LocationInputError, match="demand row 1 has a missing"):
        LocationTable.from_points(["a", "b"], [(14.6, 63.1), (np.nan, 63.0)], [1, 1], ["s"], [(14.6, 63.1)])
    with pytest.raises(LocationInputError, match="demand id 'a' appears more than once"):
        LocationTable.from_points(["a", "a"], [(14.6, 63.1), (14.7, 63.0)], [1, 1], ["s"], [(14.6, 63.1)])


def test_it_names_the_demand_point_with_a_negative_weight():
    with pytest.raises(LocationInputError, match="demand 'c' has weight -3.0"):
        LocationTable.from_points(["a", "b", "c"], DEMAND_LONLAT, [1, 2, -3], ["s1", "s2"], SITES_LONLAT)


def test_a_detour_factor_below_one_is_rejected():
    xy = np.zeros((1, 2))
    with pytest.raises(LocationInputError, match="detour factor must be at least 1"):
        straight_line_costs(xy, xy, detour_factor=0.9)


def long_form_table() -> LocationTable:
    rows = [("a", "s1", 500.0), ("a", "s2", 3000.0), ("b", "s2", 800.0), ("c", "s1", 900.0), ("c", "s3", 100.0)]
    return LocationTable.from_long_form(rows, {"a": 10, "b": 4, "c": 1, "d": 0})


def test_results_are_reported_by_id():
    selection = optimize_sites(long_form_table(), "pmedian", p=2)
    assert selection.sites == ("s1", "s2")
    assert selection.assignment == {"a": "s1", "b": "s2", "c": "s1", "d": None}
    assert selection.assignment_cost["c"] == 900.0
    assert selection.result.objective == pytest.approx(10 * 500 + 4 * 800 + 1 * 900)


def test_fixed_and_eligible_sites_are_given_by_id():
    selection = optimize_sites(long_form_table(), "mclp", radius=1000, p=2, fixed_ids=["s3"], eligible_ids=["s2", "s3"])
    assert selection.sites == ("s2", "s3")
    assert selection.uncovered == ("a",)


def test_an_infeasible_cover_names_demand_by_id():
    with pytest.raises(InfeasibleCoverageError, match="demand 'a' .nearest eligible candidate at 3000"):
        optimize_sites(long_form_table(), "lscp", radius=1000, eligible_ids=["s2", "s3"])


def test_unknown_site_ids_and_repeated_pairs_are_rejected():
    with pytest.raises(LocationInputError, match="fixed sites: unknown site id.*'s9'"):
        optimize_sites(long_form_table(), "pmedian", p=2, fixed_ids=["s9"])
    with pytest.raises(LocationInputError, match="cost row 2: the pair .'a', 's1'. already appeared on row 1"):
        LocationTable.from_long_form([("a", "s1", 1.0), ("a", "s1", 2.0)], {"a": 1})
    with pytest.raises(LocationInputError, match="cost row 1: demand id 'x' is not among the demand points"):
        LocationTable.from_long_form([("x", "s1", 1.0)], {"a": 1})


def test_models_are_made_by_name_with_their_required_parameters():
    assert make_model("pcenter", p=2).p == 2
    with pytest.raises(LocationInputError, match="unknown model 'median'"):
        make_model("median", p=2)
    with pytest.raises(LocationInputError, match="mclp model needs a service radius"):
        make_model("mclp", p=2)
    with pytest.raises(LocationInputError, match="pmedian model needs p"):
        make_model("pmedian")
    with pytest.raises(LocationInputError, match="capacities apply to mclp and pmedian"):
        make_model("lscp", radius=5.0, capacities=[1.0])
