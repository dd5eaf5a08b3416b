"""Coverage within a travel time on a small hand-made road network."""

from __future__ import annotations

import numpy as np
import pytest
from osm_fixtures import grid_node, write_ladder

from trygg.analysis.coverage import Sites, coverage_by_time
from trygg.analysis.demand import Demand
from trygg.analysis.geo import xy_to_lonlat
from trygg.analysis.network import build_road_graph


@pytest.fixture(scope="module")
def ladder(tmp_path_factory: pytest.TempPathFactory):
    return build_road_graph(write_ladder(tmp_path_factory.mktemp("osm") / "ladder.osm.pbf"))


def at(*cells: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    nodes = [grid_node(i, j) for i, j in cells]
    return xy_to_lonlat([n.x_m for n in nodes], [n.y_m for n in nodes])


def test_it_covers_residents_within_the_time_limit(ladder) -> None:
    lon, lat = at((0, 0), (1, 0), (0, 1), (2, 1))
    demand = Demand.from_lonlat(["a", "b", "c", "d"], lon, lat, [10, 20, 30, 40])
    site_lon, site_lat = at((2, 0))
    sites = Sites(["s"], ["Site"], site_lon, site_lat)
    # To (2,0): a 80 s, b 40 s, c 120 + 80 = 200 s, d 60 + 120 + 40 = 220 s.
    result = coverage_by_time(demand, sites, ladder, limit_min=3.5)
    assert result.covered.tolist() == [True, True, True, False]
    np.testing.assert_allclose(result.nearest_cost[:3] * 60, [80, 40, 200], atol=0.05)
    assert result.nearest_site[3] == -1 and np.isinf(result.nearest_cost[3])
    assert result.covered_population == 60
    assert result.unit == "min"
