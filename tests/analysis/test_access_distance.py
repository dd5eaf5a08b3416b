"""Distance to the nearest grocery store and fuel station, and shares beyond 5/10/20 km."""

from __future__ import annotations

import numpy as np
import pytest
from osm_fixtures import grid_node, write_ladder

from trygg.analysis.access import service_access
from trygg.analysis.coverage import Sites
from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import xy_to_lonlat
from trygg.analysis.network import build_road_graph

X0, Y0 = 480_000.0, 7_000_000.0


def demand_along_a_line() -> Demand:
    # People 1, 7, 12 and 30 km north of the store; 100 each, two kommuner.
    return Demand.from_xy(
        list("abcd"),
        [X0] * 4,
        [Y0 + 1000, Y0 + 7000, Y0 + 12_000, Y0 + 30_000],
        [100, 100, 100, 100],
        municipality=["2380", "2380", "2309", "2309"],
    )


def site(name: str, x: float, y: float) -> Sites:
    lon, lat = xy_to_lonlat([x], [y])
    return Sites([name], [name], lon, lat)


def test_it_gives_the_share_beyond_each_threshold() -> None:
    result = service_access(demand_along_a_line(), {"grocery": site("store", X0, Y0)})
    assert result.shares_beyond("grocery") == {"5": 0.75, "10": 0.5, "20": 0.25}
    np.testing.assert_allclose(
        result.services["grocery"].distance_m, [1000, 7000, 12_000, 30_000], atol=0.01
    )


def test_it_applies_the_detour_factor() -> None:
    result = service_access(demand_along_a_line(), {"fuel": site("pump", X0, Y0)}, detour=2.0)
    assert result.shares_beyond("fuel") == {"5": 0.75, "10": 0.75, "20": 0.5}


def test_it_reports_each_kind_by_kommun() -> None:
    services = {"grocery": site("store", X0, Y0), "fuel": site("pump", X0, Y0 + 30_000)}
    rows = {
        r["municipality"]: r
        for r in service_access(demand_along_a_line(), services).by_municipality()
    }
    assert rows["2380"]["grocery"]["share_beyond_km"] == {"5": 0.5, "10": 0.0, "20": 0.0}
    assert rows["2380"]["grocery"]["mean_distance_km"] == pytest.approx(4.0)
    assert rows["2309"]["fuel"]["share_beyond_km"] == {"5": 0.5, "10": 0.5, "20": 0.0}
    assert rows["2309"]["fuel"]["population_beyond_km"]["10"] == 100.0


def test_it_measures_road_distance_on_a_network(tmp_path) -> None:
    graph = build_road_graph(write_ladder(tmp_path / "ladder.osm.pbf"))
    home, store = grid_node(0, 1), grid_node(2, 0)
    lon, lat = xy_to_lonlat([home.x_m], [home.y_m])
    demand = Demand.from_lonlat(["home"], lon, lat, [5])
    result = service_access(
        demand, {"grocery": site("store", store.x_m, store.y_m)}, thresholds_km=[2.5], graph=graph
    )
    # Shortest road: 1 km down the rung and 2 km along the primary = 3 km
    # (against 2.24 km in a straight line).
    assert result.services["grocery"].distance_m[0] == pytest.approx(3000, abs=0.1)
    assert result.shares_beyond("grocery") == {"2.5": 1.0}
    assert result.method == "road network"


def test_it_rejects_thresholds_that_are_not_positive() -> None:
    with pytest.raises(AnalysisError, match="thresholds_km"):
        service_access(demand_along_a_line(), {"grocery": site("s", X0, Y0)}, thresholds_km=[0, 10])


def test_it_rejects_no_services() -> None:
    with pytest.raises(AnalysisError, match="no service points"):
        service_access(demand_along_a_line(), {})
