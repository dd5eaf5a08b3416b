"""Benchmark: national coverage and nearest site, ~1,000,000 populated 250 m squares × 20,000 premises.

Run: ``.venv/bin/python bench/bench_national.py`` (about a minute on 2 cores).

The squares are synthetic but shaped like Swedish settlement: every one of the
2,017 real SCB tätorter (bundled, ``sweden_tatorter_2020.csv``) is filled with
250 m squares over its own area, its 2020 population spread over them, and
the countryside is scattered around the tätorter (more around bigger ones,
thinning with distance) until there are about a million populated squares in
all. The 20,000 candidate premises are drawn where people live. Each stage
runs in its own process so its peak memory is its own.

Goal (issue 12, item 6): coverage and nearest site < 30 s and < 8 GB.
Baseline measured in the same run: brute-force numpy distances on a
subsample of the squares, checked for the same answers and extrapolated.
"""

from __future__ import annotations

import csv
import multiprocessing
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from trygg.data import data_path

N_SQUARES = 1_000_000
N_CANDIDATES = 20_000
SQUARE_M = 250.0
RADIUS_M = 10_000.0
DETOUR = 1.3
RURAL_MEAN_KM = 8.0
BRUTE_SUBSAMPLE = 20_000
GOAL_S, GOAL_GB = 30.0, 8.0


def tatorter() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    with data_path("sweden_tatorter_2020.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    x = np.array([float(r["x_sweref99tm"]) for r in rows])
    y = np.array([float(r["y_sweref99tm"]) for r in rows])
    area_ha = np.array([float(r["area_ha"]) for r in rows])
    population = np.array([float(r["befolkning"]) for r in rows])
    return x, y, area_ha, population


def settlement(seed: int = 2026) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Square corners (x, y) and residents of about N_SQUARES populated 250 m squares."""
    rng = np.random.default_rng(seed)
    tx, ty, area_ha, population = tatorter()
    radius = np.sqrt(area_ha * 10_000 / np.pi)
    per_town = np.maximum(1, np.round(area_ha * 10_000 / SQUARE_M**2)).astype(int)
    town = np.repeat(np.arange(len(tx)), per_town)
    # Urban squares: uniform over the tätort's equivalent circle, denser towards the centre.
    r = radius[town] * np.sqrt(rng.uniform(0, 1, len(town))) * 0.9
    angle = rng.uniform(0, 2 * np.pi, len(town))
    ux, uy = tx[town] + r * np.cos(angle), ty[town] + r * np.sin(angle)
    weight = 1.5 - r / np.maximum(radius[town], 1.0)
    share = weight / np.bincount(town, weights=weight)[town]
    upop = population[town] * share
    # Countryside: around every tätort (more around bigger ones), thinning with distance; drawn until the
    # squares (urban and rural merged where they fall on the same square) reach N_SQUARES.
    x, y, pop = _on_grid(ux, uy, upop)
    p = np.sqrt(population) / np.sqrt(population).sum()
    while len(x) < N_SQUARES:
        n_rural = int((N_SQUARES - len(x)) * 1.3)
        around = rng.choice(len(tx), n_rural, p=p)
        d = radius[around] + rng.exponential(RURAL_MEAN_KM * 1000, n_rural)
        angle = rng.uniform(0, 2 * np.pi, n_rural)
        x, y, pop = _on_grid(np.concatenate([x, tx[around] + d * np.cos(angle)]),
                             np.concatenate([y, ty[around] + d * np.sin(angle)]),
                             np.concatenate([pop, rng.geometric(0.7, n_rural).astype(float)]))
    keep = np.sort(rng.permutation(len(x))[:N_SQUARES])
    return x[keep], y[keep], pop[keep]


def _on_grid(x: np.ndarray, y: np.ndarray, pop: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions snapped to 250 m square corners, residents of one square summed."""
    ix = np.floor(x / SQUARE_M).astype(np.int64)
    iy = np.floor(y / SQUARE_M).astype(np.int64)
    keys, inverse = np.unique(ix * (1 << 26) + iy, return_inverse=True)
    return (keys >> 26) * SQUARE_M, (keys & ((1 << 26) - 1)) * SQUARE_M, np.bincount(inverse, weights=pop)


def candidates(x: np.ndarray, y: np.ndarray, pop: np.ndarray, seed: int = 7) -> np.ndarray:
    """Premises where people live: squares drawn by population, placed inside the square."""
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(x), N_CANDIDATES, replace=False, p=pop / pop.sum())
    return np.column_stack([x[chosen], y[chosen]]) + rng.uniform(0, SQUARE_M, (N_CANDIDATES, 2))


def _stage_demand() -> dict[str, Any]:
    from trygg.analysis.demand import Demand

    start = time.perf_counter()
    x, y, pop = settlement()
    settle_s = time.perf_counter() - start
    start = time.perf_counter()
    ids = [f"{int(a)}{int(b)}" for a, b in zip(x, y, strict=True)]  # SCB-like square id: the corner
    demand = Demand.from_xy(ids, x + SQUARE_M / 2, y + SQUARE_M / 2, pop)
    return {"seconds": time.perf_counter() - start, "settle_s": settle_s, "squares": demand.n,
            "residents": float(demand.population.sum())}


def _stage_coverage() -> dict[str, Any]:
    from trygg.analysis.coverage import Sites, coverage_by_distance
    from trygg.analysis.demand import Demand
    from trygg.analysis.geo import xy_to_lonlat

    x, y, pop = settlement()
    demand = Demand.from_xy(np.arange(len(x)), x + SQUARE_M / 2, y + SQUARE_M / 2, pop)
    sites_xy = candidates(x, y, pop)
    lon, lat = xy_to_lonlat(sites_xy[:, 0], sites_xy[:, 1])
    sites = Sites([f"c{i}" for i in range(N_CANDIDATES)], [f"Lokal {i}" for i in range(N_CANDIDATES)], lon, lat)
    start = time.perf_counter()
    result = coverage_by_distance(demand, sites, radius_m=RADIUS_M, detour=DETOUR)
    covered = result.covered_population
    return {"seconds": time.perf_counter() - start, "covered_share": covered / float(pop.sum())}


def _stage_nearest() -> dict[str, Any]:
    from trygg.analysis.travel import nearest_sites

    x, y, pop = settlement()
    demand_xy = np.column_stack([x + SQUARE_M / 2, y + SQUARE_M / 2])
    sites_xy = candidates(x, y, pop)
    start = time.perf_counter()
    nearest = nearest_sites(demand_xy, sites_xy, detour=DETOUR)
    seconds = time.perf_counter() - start
    sample = demand_xy[:BRUTE_SUBSAMPLE]
    start = time.perf_counter()
    brute = brute_force_nearest(sample, sites_xy)
    brute_s = time.perf_counter() - start
    return {"seconds": seconds, "median_km": float(np.median(nearest.distance_m)) / 1000,
            "brute_sample_s": brute_s, "agree": float(np.mean(brute == nearest.site_index[:BRUTE_SUBSAMPLE]))}


def brute_force_nearest(demand: np.ndarray, sites: np.ndarray, chunk: int = 2_000) -> np.ndarray:
    sites_sq = (sites**2).sum(axis=1)
    out = np.empty(len(demand), dtype=np.intp)
    for begin in range(0, len(demand), chunk):
        block = demand[begin : begin + chunk]
        out[begin : begin + chunk] = np.argmin(sites_sq[None, :] - 2.0 * block @ sites.T, axis=1)
    return out


def _measured(stage: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    figures = stage()
    figures["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
    return figures


def in_own_process(stage: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measured, (stage,))


def main() -> None:
    demand = in_own_process(_stage_demand)
    coverage = in_own_process(_stage_coverage)
    nearest = in_own_process(_stage_nearest)
    brute_full_s = nearest["brute_sample_s"] * demand["squares"] / BRUTE_SUBSAMPLE
    print(f"national scale: {demand['squares']:,} populated 250 m squares ({demand['residents']:,.0f} residents, "
          f"settled around SCB's 2,017 tätorter) × {N_CANDIDATES:,} candidate premises")
    print(f"  (making the synthetic settlement: {demand['settle_s']:.1f} s, not counted)")
    print(f"  demand from the squares (ids, SWEREF 99 TM → WGS 84)  {demand['seconds']:7.2f} s   "
          f"peak {demand['peak_gb']:.2f} GB")
    print(f"  coverage within {RADIUS_M / 1000:g} km (straight line × {DETOUR})       {coverage['seconds']:7.2f} s   "
          f"peak {coverage['peak_gb']:.2f} GB   {100 * coverage['covered_share']:.1f} % of residents covered")
    print(f"  nearest site of every square (cKDTree)         {nearest['seconds']:7.2f} s   "
          f"peak {nearest['peak_gb']:.2f} GB   median {nearest['median_km']:.1f} km")
    print(f"  brute-force numpy on {BRUTE_SUBSAMPLE:,} squares, extrapolated   {brute_full_s:7.1f} s   "
          f"({brute_full_s / nearest['seconds']:.0f}× ours); same answer on the subsample: "
          f"{100 * nearest['agree']:.2f} %")
    total = demand["seconds"] + coverage["seconds"] + nearest["seconds"]
    peak = max(demand["peak_gb"], coverage["peak_gb"], nearest["peak_gb"])
    met = total < GOAL_S and peak < GOAL_GB
    print(f"  all three {total:.1f} s, peak {peak:.2f} GB: goal < {GOAL_S:g} s and < {GOAL_GB:g} GB "
          f"{'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
