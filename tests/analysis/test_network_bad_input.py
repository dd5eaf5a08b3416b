"""A road file that is missing, unreadable or has no roads gives a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from osm_fixtures import grid_node, write_ladder, write_osm

from trygg.analysis.errors import AnalysisError
from trygg.analysis.network import build_road_graph, network_costs


def test_it_rejects_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="no such file"):
        build_road_graph(tmp_path / "nowhere.osm.pbf")


def test_it_rejects_a_file_that_is_not_osm_data(tmp_path: Path) -> None:
    path = tmp_path / "junk.osm.pbf"
    path.write_bytes(b"this is not a pbf file")
    with pytest.raises(AnalysisError, match="junk.osm.pbf"):
        build_road_graph(path)


def test_it_rejects_a_file_without_car_roads(tmp_path: Path) -> None:
    a, b = grid_node(0, 0), grid_node(1, 0)
    path = write_osm(tmp_path / "paths.osm.pbf", [a, b], [([a.id, b.id], {"highway": "footway"})])
    with pytest.raises(AnalysisError, match="no car-drivable roads"):
        build_road_graph(path)


def test_it_rejects_a_zero_speed(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="highway=primary"):
        build_road_graph(write_ladder(tmp_path / "l.osm.pbf"), speeds_kmh={"primary": 0.0})


def test_it_rejects_a_zero_limit_for_the_cost_matrix(tmp_path: Path) -> None:
    graph = build_road_graph(write_ladder(tmp_path / "l.osm.pbf"))
    xy = [[grid_node(0, 0).x_m, grid_node(0, 0).y_m]]
    with pytest.raises(AnalysisError, match="limit=0"):
        network_costs(graph, xy, xy, limit=0)
