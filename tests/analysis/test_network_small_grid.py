"""The road graph of a small hand-made OSM ladder: structure, speeds, direction, travel times.

OSM stores coordinates to 7 decimals (about 1 cm), so lengths and times are
compared to 0.01 s / 0.01 m rather than exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from osm_fixtures import grid_node, ladder_xy, seconds, write_ladder, write_osm
from scipy.sparse import csgraph

from trygg.analysis.network import (
    build_road_graph,
    nearest_sites_on_network,
    network_costs,
)


@pytest.fixture(scope="module")
def ladder(tmp_path_factory: pytest.TempPathFactory):
    return build_road_graph(write_ladder(tmp_path_factory.mktemp("osm") / "ladder.osm.pbf"))


def vertex(graph, i: int, j: int) -> int:
    return int(np.flatnonzero(graph.osm_node_id == grid_node(i, j).id)[0])


def test_it_keeps_only_car_roads(ladder) -> None:
    # 5 drivable ways; the footway and the access=no primary are left out.
    assert ladder.n_ways == 5
    assert ladder.n_vertices == 6
    assert ladder.length_m.sum() == pytest.approx(13_000, abs=1)


def test_it_times_each_edge_at_its_speed(ladder) -> None:
    t = ladder.time_s
    assert t[vertex(ladder, 0, 0), vertex(ladder, 1, 0)] == pytest.approx(
        seconds(1000, 90), abs=0.01
    )
    assert t[vertex(ladder, 0, 1), vertex(ladder, 1, 1)] == pytest.approx(
        seconds(1000, 60), abs=0.01
    )
    assert t[vertex(ladder, 0, 0), vertex(ladder, 0, 1)] == pytest.approx(
        seconds(1000, 30), abs=0.01
    )


def test_it_follows_a_oneway_in_its_direction_only(ladder) -> None:
    up = ladder.time_s[vertex(ladder, 2, 0), vertex(ladder, 2, 1)]
    down = ladder.time_s[vertex(ladder, 2, 1), vertex(ladder, 2, 0)]
    assert up == pytest.approx(120.0, abs=0.01)
    assert down == 0  # no edge


def test_it_finds_the_hand_computed_fastest_route(ladder) -> None:
    # From (0,1) to (2,0): down the left rung (120 s) then along the primary
    # (2 × 40 s) = 200 s; via the top (2 × 60 s) the oneway rung cannot be
    # taken downwards, so the primary route is the only fast one.
    dist = csgraph.dijkstra(ladder.time_s, indices=vertex(ladder, 0, 1))
    assert dist[vertex(ladder, 2, 0)] == pytest.approx(200.0, abs=0.01)
    # From (2,0) to (0,1): up the oneway (120) and along the top (120) = 240,
    # or back along the primary (80) and up the left rung (120) = 200.
    dist = csgraph.dijkstra(ladder.time_s, indices=vertex(ladder, 2, 0))
    assert dist[vertex(ladder, 0, 1)] == pytest.approx(200.0, abs=0.01)


def test_it_gives_each_resident_the_time_to_the_nearest_site(ladder) -> None:
    demand = np.vstack([ladder_xy(0, 1), ladder_xy(2, 1), ladder_xy(1, 0) + [0, 30]])
    sites = np.vstack([ladder_xy(2, 0), ladder_xy(0, 0)])
    result = nearest_sites_on_network(ladder, demand, sites, access_speed_kmh=36.0)
    # (0,1) → (0,0) down the left rung: 120 s.
    # (2,1) → sites: to (2,0) the oneway runs the wrong way, so via the top and
    # a rung: 60 + 120 + 40 = 220 s to (2,0), or 60 + 120 + 40 = 220 s to (0,0)
    # via the middle rung, or 120 + 120 = 240 s via the left; the tie is broken
    # by the search, so only the time is checked.
    # (1,0)+30 m snaps to (1,0) 30 m away (3 s at 36 km/h) and reaches either
    # site in 40 s.
    assert result.site_index[0] == 1
    np.testing.assert_allclose(result.cost, [120.0, 220.0, 43.0], atol=0.01)
    np.testing.assert_allclose(result.demand_snap_m, [0.0, 0.0, 30.0], atol=0.01)


def test_it_leaves_residents_beyond_the_limit_unserved(ladder) -> None:
    demand = np.vstack([ladder_xy(0, 1), ladder_xy(1, 0)])
    result = nearest_sites_on_network(ladder, demand, ladder_xy(2, 0), limit=100.0)
    assert result.site_index.tolist() == [-1, 0]
    assert np.isinf(result.cost[0])
    assert result.cost[1] == pytest.approx(40.0, abs=0.01)


def test_its_cost_matrix_matches_a_full_dijkstra(ladder) -> None:
    points = np.vstack([ladder_xy(i, j) for i in range(3) for j in range(2)])
    costs = network_costs(ladder, points, points[:3], limit=150.0, access_speed_kmh=30.0)
    full = csgraph.dijkstra(ladder.time_s.T.tocsr())  # full[s, d]: time from d to s
    snap = ladder.snap(points)
    access_s = snap.distance_m / (30.0 / 3.6)
    expected = full[np.ix_(snap.vertex[:3], snap.vertex)].T + access_s[:, None]
    expected[expected > 150.0] = np.inf
    np.testing.assert_allclose(costs.to_dense(), expected, rtol=1e-12)
    assert (costs.cost < 0.01).sum() == 3  # each site is its own demand point, at cost ≈ 0


def test_it_measures_road_length_when_asked(ladder) -> None:
    result = nearest_sites_on_network(ladder, ladder_xy(0, 1), ladder_xy(2, 1), weight="length")
    assert result.unit == "m"
    assert result.cost[0] == pytest.approx(2000.0, abs=0.01)


def test_it_compresses_intermediate_nodes_but_splits_long_stretches(tmp_path: Path) -> None:
    # One 3 km road of 31 nodes 100 m apart: with a 500 m cap the graph keeps
    # the two ends and a vertex every 500 m, 7 in all, and the total length.
    nodes = [grid_node(0, 0, 100.0)]
    nodes += [
        type(nodes[0])(1000 + k, nodes[0].x_m + 100.0 * k, nodes[0].y_m) for k in range(1, 31)
    ]
    path = write_osm(
        tmp_path / "line.osm.pbf", nodes, [([n.id for n in nodes], {"highway": "unclassified"})]
    )
    graph = build_road_graph(path, max_edge_m=500.0)
    assert graph.n_vertices == 7
    assert graph.length_m.sum() == pytest.approx(2 * 3000.0, abs=0.5)
    coarse = build_road_graph(path, max_edge_m=10_000.0)
    assert coarse.n_vertices == 2
