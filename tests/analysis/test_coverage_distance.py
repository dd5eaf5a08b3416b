"""Coverage within a distance: totals, by kommun, by group, uncovered GeoJSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from trygg.analysis.coverage import Sites, coverage_by_distance, site_populations
from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import xy_to_lonlat

X0, Y0 = 480_000.0, 7_000_000.0


def demand_east_of_the_site() -> Demand:
    # Points 0, 3, 6 and 20 km east of the site; two kommuner.
    return Demand.from_xy(
        ["a", "b", "c", "d"],
        [X0, X0 + 3000, X0 + 6000, X0 + 20_000],
        [Y0] * 4,
        [100, 50, 30, 20],
        municipality=["2380", "2380", "2309", "2309"],
        groups={"elderly": [10, 5, 3, 2]},
    )


def site_at_origin() -> Sites:
    lon, lat = xy_to_lonlat([X0], [Y0])
    return Sites(["s1"], ["Point one"], lon, lat, ["2380"])


def test_it_counts_the_population_within_the_radius_times_the_detour() -> None:
    # 5 km with detour 1.5 reaches 3.33 km of straight line: a and b only.
    result = coverage_by_distance(
        demand_east_of_the_site(), site_at_origin(), radius_m=5_000, detour=1.5
    )
    assert result.covered.tolist() == [True, True, False, False]
    assert result.covered_population == 150.0
    np.testing.assert_allclose(result.nearest_cost, [0, 4500, 9000, 30_000], atol=0.01)


def test_it_sums_coverage_by_kommun_and_by_group() -> None:
    result = coverage_by_distance(demand_east_of_the_site(), site_at_origin(), radius_m=7_000)
    rows = {r["municipality"]: r for r in result.by_municipality()}
    assert rows["2380"]["covered_share"] == 1.0
    assert rows["2309"]["covered"] == 30.0 and rows["2309"]["name"] == "Krokom"
    groups = result.by_group()
    assert groups["elderly"] == {"population": 20.0, "covered": 18.0, "covered_share": 0.9}
    assert groups["children"] is None  # unknown, not zero


def test_it_writes_the_uncovered_points_as_rfc7946_geojson() -> None:
    result = coverage_by_distance(demand_east_of_the_site(), site_at_origin(), radius_m=7_000)
    collection = json.loads(json.dumps(result.uncovered_geojson()))
    assert "crs" not in collection
    (feature,) = collection["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert 14 < lon < 16 and 62 < lat < 64  # [lon, lat] order
    assert lon == round(lon, 7) and lat == round(lat, 7)
    assert feature["properties"]["id"] == "d"
    assert feature["properties"]["nearest_id"] == "s1"
    assert feature["properties"]["nearest_m"] == pytest.approx(20_000, abs=0.1)


def test_it_gives_each_site_the_population_nearest_to_it() -> None:
    lon, lat = xy_to_lonlat([X0, X0 + 20_000], [Y0, Y0])
    sites = Sites(["west", "east"], ["West", "East"], lon, lat)
    result = coverage_by_distance(demand_east_of_the_site(), sites, radius_m=1_000)
    assert site_populations(result) == {"west": 180.0, "east": 20.0}


def test_its_summary_is_json_ready() -> None:
    result = coverage_by_distance(demand_east_of_the_site(), site_at_origin(), radius_m=7_000)
    figures = json.loads(json.dumps(result.to_dict(include_cells=True)))
    assert figures["covered"] == 180.0 and figures["uncovered"] == 20.0
    assert figures["weighted_demand"] == 220.0  # 200 people + 20 elderly at weight 1
    assert len(figures["cells"]) == 4


def test_it_rejects_a_zero_radius() -> None:
    with pytest.raises(AnalysisError, match="radius_m=0"):
        coverage_by_distance(demand_east_of_the_site(), site_at_origin(), radius_m=0)
