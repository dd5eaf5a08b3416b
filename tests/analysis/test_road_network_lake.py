"""A road network written as a real .pbf: villages around a lake, a one-way street and a ferry.

Nodes are placed in SWEREF 99 TM metres near Östersund (see osm_fixtures), so every road
length and time below is computed by hand from the design:

::

    N1 (0, 3 km) ---------- 60 km/h, 4 km ---------- N2 (4, 3 km)
     |                                                |
    3 km            the lake (no road across)        3 km
     |                                                |
    Alby (0, 0) ~~~~~~~ ferry, 4 km (route=ferry) ~~~ Byn (4, 0) --oneway 30 km/h, 2 km--> Cby (6, 0)
                                                      |                                  |
                                                     1 km   30 km/h, 4 km back        1 km
                                                      |                                  |
                                                     E (4, -1 km) ------- 2 km ------- D (6, -1 km)

Alby → Byn by road: 3 + 4 + 3 = 10 km at 60 km/h = 10 min. From Cby the one-way street
cannot be taken back: Cby → D → E → Byn is 4 km at 30 km/h = 8 min, so Cby → Alby is 14 km,
18 min. With the ferry at 40 km/h (4 km = 6 min): Byn → Alby 4 km, 6 min; Cby → Alby 8 km, 14 min.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.analysis.osm_fixtures import ORIGIN_X_M, ORIGIN_Y_M, GridNode, write_osm
from trygg.analysis.coverage import Sites, coverage_by_distance, coverage_by_road_distance
from trygg.analysis.demand import Demand
from trygg.analysis.geo import xy_to_lonlat
from trygg.analysis.network import build_road_graph, cached_road_graph, nearest_sites_on_network
from trygg.analysis.travel import metric_label

KM = 1000.0
PLACES = {"Alby": (1, 0, 0), "N1": (2, 0, 3), "N2": (3, 4, 3), "Byn": (4, 4, 0), "Cby": (5, 6, 0),
          "D": (6, 6, -1), "E": (7, 4, -1)}


def node(name: str) -> GridNode:
    ident, i, j = PLACES[name]
    return GridNode(ident, ORIGIN_X_M + i * KM, ORIGIN_Y_M + j * KM)


def ids(*names: str) -> list[int]:
    return [PLACES[n][0] for n in names]


def write_lake(path: Path, extra_ways: list[tuple[list[int], dict[str, str]]] | None = None) -> Path:
    ways = [
        (ids("Alby", "N1", "N2", "Byn"), {"highway": "secondary", "maxspeed": "60"}),
        (ids("Byn", "Cby"), {"highway": "residential", "maxspeed": "30", "oneway": "yes"}),
        (ids("Cby", "D", "E", "Byn"), {"highway": "residential", "maxspeed": "30"}),
        (ids("Alby", "Byn"), {"route": "ferry", "name": "Sjöleden"}),
        *(extra_ways or []),
    ]
    return write_osm(path, [node(n) for n in PLACES], ways)


def xy(*names: str) -> np.ndarray:
    return np.array([[node(n).x_m, node(n).y_m] for n in names])


def lonlat(*names: str) -> tuple[np.ndarray, np.ndarray]:
    return xy_to_lonlat(xy(*names)[:, 0], xy(*names)[:, 1])


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    return write_lake(tmp_path / "sjon.osm.pbf")


def to_alby(graph, *names: str, weight: str):  # type: ignore[no-untyped-def]
    return nearest_sites_on_network(graph, xy(*names), xy("Alby"), weight=weight)


def test_the_lake_forces_the_road_around_it(lake: Path) -> None:
    graph = build_road_graph(lake)  # ferries off by default
    km = to_alby(graph, "Byn", "Cby", weight="length").cost / KM
    minutes = to_alby(graph, "Byn", "Cby", weight="time").cost / 60
    np.testing.assert_allclose(km, [10.0, 14.0], atol=0.002)
    np.testing.assert_allclose(minutes, [10.0, 18.0], atol=0.01)
    # The straight line across the lake (× 1.3) says 5.2 km: the road is almost twice that.
    np.testing.assert_allclose(np.hypot(*(xy("Byn") - xy("Alby"))[0]) * 1.3 / KM, 5.2)


def test_the_one_way_street_is_driven_one_way_only(lake: Path) -> None:
    graph = build_road_graph(lake)
    to_cby = nearest_sites_on_network(graph, xy("Byn"), xy("Cby"), weight="length").cost / KM
    to_byn = nearest_sites_on_network(graph, xy("Cby"), xy("Byn"), weight="length").cost / KM
    np.testing.assert_allclose([to_cby[0], to_byn[0]], [2.0, 4.0], atol=0.002)


def test_ferries_are_an_option_with_their_own_speed(lake: Path) -> None:
    graph = build_road_graph(lake, ferry_speed_kmh=40)
    np.testing.assert_allclose(to_alby(graph, "Byn", "Cby", weight="length").cost / KM, [4.0, 8.0], atol=0.002)
    np.testing.assert_allclose(to_alby(graph, "Byn", "Cby", weight="time").cost / 60, [6.0, 14.0], atol=0.01)
    slow = build_road_graph(lake, ferry_speed_kmh=12)  # 4 km at 12 km/h = 20 min: the road is faster
    np.testing.assert_allclose(to_alby(slow, "Byn", weight="time").cost / 60, [10.0], atol=0.01)


def test_a_second_build_reads_the_cache_and_a_changed_file_rebuilds(lake: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = cached_road_graph(lake, cache)
    second = cached_road_graph(lake, cache)
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.cache_path == first.cache_path and first.cache_path.suffix == ".npz"
    assert (second.graph.time_s != first.graph.time_s).nnz == 0
    assert (second.graph.length_m != first.graph.length_m).nnz == 0
    np.testing.assert_array_equal(second.graph.osm_node_id, first.graph.osm_node_id)
    np.testing.assert_allclose(to_alby(second.graph, "Cby", weight="time").cost / 60, [18.0], atol=0.01)

    # A bridge is built across the lake: the file changes, so the graph is built again.
    lake.unlink()
    write_lake(lake, [(ids("Alby", "Byn"), {"highway": "primary", "maxspeed": "80"})])
    changed = cached_road_graph(lake, cache)
    assert not changed.from_cache and changed.cache_path != first.cache_path
    np.testing.assert_allclose(to_alby(changed.graph, "Byn", weight="length").cost / KM, [4.0], atol=0.002)
    # Other options (ferries on) are another cache entry, not a stale hit.
    with_ferry = cached_road_graph(lake, cache, ferry_speed_kmh=40)
    assert not with_ferry.from_cache and with_ferry.cache_path != changed.cache_path


def test_a_damaged_cache_file_is_built_again(lake: Path, tmp_path: Path) -> None:
    built = cached_road_graph(lake, tmp_path)
    built.cache_path.write_bytes(b"not a zip file")
    again = cached_road_graph(lake, tmp_path)
    assert not again.from_cache
    assert cached_road_graph(lake, tmp_path).from_cache


def villages() -> tuple[Demand, Sites]:
    lon, lat = lonlat("Byn", "Cby")
    demand = Demand.from_lonlat(["Byn", "Cby"], lon, lat, [300, 120])
    site_lon, site_lat = lonlat("Alby")
    return demand, Sites(["alby"], ["Skolan i Alby"], site_lon, site_lat)


def test_coverage_by_road_km_counts_only_who_the_road_brings_within_reach(lake: Path) -> None:
    demand, sites = villages()
    graph = build_road_graph(lake)
    by_road = coverage_by_road_distance(demand, sites, graph, radius_m=12 * KM)
    assert by_road.covered.tolist() == [True, False] and by_road.covered_population == 300
    assert by_road.metric_in("en") == "road km" and by_road.to_dict()["metric"] == "road km"
    by_line = coverage_by_distance(demand, sites, radius_m=12 * KM, detour=1.3)
    assert by_line.covered.tolist() == [True, True]  # the straight line ignores the lake
    assert by_line.metric_in("sv") == "fågelvägen × 1,3"


def test_the_one_label_function_names_each_metric() -> None:
    assert [metric_label(m) for m in ("road_minutes", "road_km")] == ["road minutes", "road km"]
    assert [metric_label(m, language="sv") for m in ("road_minutes", "road_km")] == ["vägminuter", "väg-km"]
    assert metric_label("straight_line", 1.3) == "straight line × 1.3"


def test_the_cli_says_which_metric_and_uses_the_cache(lake: Path, tmp_path: Path) -> None:
    from trygg.cli import main

    points = tmp_path / "points.csv"
    lon, lat = lonlat("Alby")
    points.write_text(f"id,name,lon,lat\nalby,Skolan i Alby,{lon[0]:.7f},{lat[0]:.7f}\n", encoding="utf-8")
    demand = tmp_path / "demand.csv"
    dlon, dlat = lonlat("Byn", "Cby")
    demand.write_text("id,lon,lat,population\n" + "".join(
        f"{n},{x:.7f},{y:.7f},{p}\n" for n, x, y, p in zip(["Byn", "Cby"], dlon, dlat, [300, 120], strict=True)),
        encoding="utf-8")
    env = {"TRYGG_DATA_DIR": str(tmp_path / "data")}
    runner = CliRunner()
    base = ["analyze", "coverage", "--demand", str(demand), "--points", str(points)]
    line = runner.invoke(main, [*base, "--radius-m", "12000"], env=env)
    assert line.exit_code == 0, line.output
    assert "Coverage within 12000 m (straight line × 1.3)" in line.output
    road = runner.invoke(main, [*base, "--radius-m", "12000", "--pbf", str(lake)], env=env)
    assert road.exit_code == 0, road.output
    assert "Coverage within 12000 m (road km)" in road.output and "Built and cached" in road.output
    minutes = runner.invoke(main, [*base, "--limit-min", "15", "--pbf", str(lake), "--ferry-kmh", "40", "--json"], env=env)
    figures = json.loads(minutes.stdout)
    assert figures["metric"] == "road minutes" and figures["covered"] == 420  # 6 and 14 min with the ferry
    again = runner.invoke(main, [*base, "--radius-m", "12000", "--pbf", str(lake)], env=env)
    assert "Read from the cache" in again.output
    assert len(list((tmp_path / "data" / "road-cache").glob("roads-*.npz"))) == 2


def test_the_real_command_prints_the_metric(lake: Path, tmp_path: Path) -> None:
    """The installed `trygg` in a subprocess, as a user runs it."""
    import sys

    points = tmp_path / "points.csv"
    lon, lat = lonlat("Alby")
    points.write_text(f"id,name,lon,lat\nalby,Skolan i Alby,{lon[0]:.7f},{lat[0]:.7f}\n", encoding="utf-8")
    trygg = str(Path(sys.executable).with_name("trygg"))
    result = subprocess.run([trygg, "analyze", "access", "--modelled-jamtland", "--stores", str(points), "--fuel", str(points),
                             "--pbf", str(lake)], capture_output=True, text=True,
                            env={**os.environ, "TRYGG_DATA_DIR": str(tmp_path / "data")}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "(road km)" in result.stdout and "mean min: road minutes" in result.stdout
