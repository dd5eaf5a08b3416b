"""Benchmark: a county-sized outage scenario, 300 points × 14 days hourly, with allocation.

Run:  .venv/bin/python bench/bench_power.py [--points 300] [--days 14] [--seed 7]

Prints the time to prepare the arrays (loads, fuel curves, travel times) and to
simulate with the rule-based priority allocation (target: under 1 s together),
the optimised LP allocation, and the "keep everyone open" search, and the ratio
against the plain per-hour Python loop of the same rules
(:mod:`trygg.analysis.power._reference`), measured in the same run on the same
arrays, whose trips and tank levels must match exactly.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta, timezone

import numpy as np

from trygg.analysis.power import (
    Delivery,
    FuelSource,
    GeneratorKind,
    GeneratorSpec,
    HeatingSpec,
    HeatSource,
    Load,
    OutageArea,
    PointPowerSpec,
    Scenario,
    ScenarioPoint,
    SourceKind,
    Truck,
    prepare,
    simulate,
)
from trygg.analysis.power._reference import simulate_reference
from trygg.analysis.power.allocation import optimise_allocation
from trygg.analysis.power.keep_open import keep_everyone_open
from trygg.rules.catalogue import LoadClass

START = datetime(2026, 1, 12, 6, 0, tzinfo=timezone(timedelta(hours=1)))
# Jämtland's eight municipalities and a rough box around the county (lon, lat).
MUNICIPALITIES = ["2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"]
BOX = (12.3, 16.5, 61.7, 64.9)


def county_scenario(n_points: int, days: int, seed: int) -> Scenario:
    """A seeded, county-sized scenario: every point in the county loses mains power."""
    rng = np.random.default_rng(seed)
    points = []
    for i in range(n_points):
        rated = float(rng.choice([20.0, 30.0, 40.0, 60.0, 80.0, 100.0]))
        tank = float(rng.uniform(200.0, 2000.0))
        kind = GeneratorKind.PORTABLE if rng.random() < 0.05 else GeneratorKind.FIXED
        generator = GeneratorSpec(kind, rated_kw=rated, tank_l=tank,
                                  fill_l=tank * float(rng.uniform(0.3, 1.0)))
        if rng.random() < 0.05:
            generator = GeneratorSpec()  # no backup at all
        loads = (
            Load("Belysning", LoadClass.LIGHTING, power_kw=float(rng.uniform(1, 6))),
            Load("Kök", LoadClass.KITCHEN, power_kw=float(rng.uniform(0, 20)) + 0.5),
            Load("Rakel", LoadClass.IT_COMMS, power_kw=float(rng.uniform(0.3, 1.5))),
        )
        source = HeatSource.ELECTRIC if rng.random() < 0.4 else HeatSource.OIL_BOILER
        spec = PointPowerSpec(
            f"p{i:03d}", f"Punkt {i}", int(rng.integers(1, 4)), loads=loads,
            heating=HeatingSpec(float(rng.uniform(100, 600)), source),
            generator=generator, priority_rank=i + 1, capacity_people=int(rng.integers(20, 200)),
        )
        lon, lat = rng.uniform(BOX[0], BOX[1]), rng.uniform(BOX[2], BOX[3])
        points.append(ScenarioPoint(spec, str(rng.choice(MUNICIPALITIES)), float(lon), float(lat)))
    depots = [FuelSource(f"d{j}", f"Depå {j}", SourceKind.DEPOT, float(rng.uniform(BOX[0], BOX[1])),
                         float(rng.uniform(BOX[2], BOX[3])), float(rng.uniform(5e3, 3e4)))
              for j in range(8)]
    stations = [FuelSource(f"s{j}", f"Mack {j}", SourceKind.STATION, points[j * 20].lon,
                           points[j * 20].lat, float(rng.uniform(500, 3000)),
                           powered_by=points[j * 20].spec.id)
                for j in range(15)]
    trucks = [Truck(f"t{k}", f"Bil {k}", float(rng.choice([1000.0, 3000.0, 5000.0])), f"d{k % 8}",
                    speed_kmh=50.0) for k in range(16)]
    deliveries = [Delivery(f"lev{j}", f"d{j}", 1e4, START + timedelta(hours=24 * j),
                           START + timedelta(hours=24 * j + 6)) for j in range(8)]
    return Scenario("county benchmark", START, 24 * days, tuple(rng.uniform(-25, -5, days)),
                    OutageArea(municipality_codes=tuple(MUNICIPALITIES)), tuple(points),
                    tuple(depots + stations), tuple(trucks), tuple(deliveries))


def best_of(repeats: int, func):  # type: ignore[no-untyped-def]
    best, value = float("inf"), None
    for _ in range(repeats):
        begin = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - begin)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=300)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    plan = county_scenario(args.points, args.days, args.seed)
    t_prepare, arrays = best_of(args.repeats, lambda: prepare(plan))
    t_simulate, result = best_of(args.repeats, lambda: simulate(arrays))
    t_lp, lp = best_of(args.repeats, lambda: optimise_allocation(arrays))
    t_lp_sim, _ = best_of(args.repeats, lambda: simulate(arrays, lp.caps_l))
    t_keep, keep = best_of(1, lambda: keep_everyone_open(arrays, result))
    begin = time.perf_counter()
    levels, trips = simulate_reference(arrays)
    t_naive = time.perf_counter() - begin

    same = np.array_equal(np.array(levels), result.level_l) and trips == [
        (t.truck, t.source, t.point, t.depart_h, t.arrive_h, t.return_h, t.fuel_l) for t in result.trips
    ]
    P, T = arrays.demand_l.shape
    cut = int(result.cut.any(axis=1).sum())
    print(f"scenario: {P} points × {T} h, {len(arrays.source_ids)} sources, "
          f"{len(arrays.truck_ids)} trucks; {len(result.trips)} trips, {cut} points cut")
    print(f"prepare (loads, fuel curves, travel)   {t_prepare * 1000:8.1f} ms")
    print(f"simulate, priority allocation          {t_simulate * 1000:8.1f} ms")
    print(f"  prepare + simulate                   {(t_prepare + t_simulate) * 1000:8.1f} ms  "
          f"(target < 1000 ms: {'met' if t_prepare + t_simulate < 1.0 else 'MISSED'})")
    print(f"LP allocation (HiGHS)                  {t_lp * 1000:8.1f} ms  ({lp.status})")
    print(f"simulate, LP allocation                {t_lp_sim * 1000:8.1f} ms")
    print(f"keep everyone open (search)            {t_keep * 1000:8.1f} ms  "
          f"(+{keep.extra_fuel_l:.0f} l, +{keep.extra_trucks} trucks, verified={keep.verified})")
    print(f"baseline: plain Python per-hour loop   {t_naive * 1000:8.1f} ms  "
          f"(same trips and levels: {same})")
    print(f"ratio baseline / vectorised simulate   {t_naive / t_simulate:8.1f} ×")


if __name__ == "__main__":
    main()
