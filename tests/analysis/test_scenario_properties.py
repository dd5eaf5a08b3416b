"""Properties of the simulation on generated scenarios (hypothesis, derandomised).

* fuel is conserved: start + delivered = burned + left, and nothing goes negative;
* under the rule-based allocation no lower-priority point gets fuel while a
  higher-priority one it could serve is cut and waiting;
* when trucks are not the bottleneck, a point that is cut means every
  lower-priority point got nothing; ample fuel cuts nobody;
* the vectorised engine gives the same trips and tank levels as a plain
  per-hour Python loop of the same rules.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trygg.analysis.power import (
    Delivery,
    FuelSource,
    GeneratorKind,
    GeneratorSpec,
    Load,
    OutageArea,
    PointPowerSpec,
    Scenario,
    ScenarioPoint,
    SourceKind,
    Truck,
    litres_per_hour,
    prepare,
    simulate,
)
from trygg.analysis.power._reference import simulate_reference
from trygg.analysis.power.allocation import optimise_allocation
from trygg.analysis.power.scenario import ScenarioArrays
from trygg.analysis.power.simulation import EPS_L, SimulationResult
from trygg.rules.catalogue import LoadClass

CET = timezone(timedelta(hours=1))
START = datetime(2026, 1, 12, 6, 0, tzinfo=CET)
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _point(pid: str, rank: int, level: int, load_kw: float, generator: GeneratorSpec,
           lon: float, lat: float) -> ScenarioPoint:
    spec = PointPowerSpec(
        pid, pid, level,
        loads=(Load("Last", LoadClass.OTHER, power_kw=load_kw, simultaneity=1.0),
               Load("Rakel", LoadClass.IT_COMMS, power_kw=0.5)),
        generator=generator, priority_rank=rank, capacity_people=50,
    )
    return ScenarioPoint(spec, "2321", lon, lat)


@st.composite
def any_scenario(draw: st.DrawFn, stations: bool = True, depots: int = 2) -> Scenario:
    """Anything goes: ties in rank, sets without fuel, stations, late deliveries, slow trucks."""
    n = draw(st.integers(1, 6))
    duration = draw(st.integers(6, 96))
    points = []
    for i in range(n):
        kind = draw(st.sampled_from([GeneratorKind.FIXED, GeneratorKind.FIXED, GeneratorKind.NONE]))
        rated = draw(st.floats(10.0, 120.0))
        generator = GeneratorSpec() if kind is GeneratorKind.NONE else GeneratorSpec(
            kind, rated_kw=rated, tank_l=(tank := draw(st.floats(30.0, 1500.0))),
            fill_l=draw(st.floats(0.0, 1.0)) * tank)
        points.append(_point(f"p{i}", draw(st.integers(1, n)), draw(st.integers(1, 3)),
                             draw(st.floats(1.0, 90.0)), generator,
                             draw(st.floats(13.0, 15.0)), draw(st.floats(62.5, 64.0))))
    sources = [FuelSource(f"d{j}", "Depå", SourceKind.DEPOT, draw(st.floats(13.0, 15.0)),
                          draw(st.floats(62.5, 64.0)), draw(st.floats(0.0, 3000.0)))
               for j in range(draw(st.integers(1, depots)))]
    if stations:
        for j in range(draw(st.integers(0, 2))):
            powered = draw(st.sampled_from([None] + [p.spec.id for p in points]))
            sources.append(FuelSource(f"s{j}", "Mack", SourceKind.STATION, draw(st.floats(13.0, 15.0)),
                                      draw(st.floats(62.5, 64.0)), draw(st.floats(0.0, 1000.0)),
                                      powered_by=powered))
    depot_ids = [s.id for s in sources if s.kind is SourceKind.DEPOT]
    trucks = tuple(
        Truck(f"t{k}", "Bil", draw(st.floats(100.0, 5000.0)), draw(st.sampled_from(depot_ids)),
              speed_kmh=draw(st.floats(20.0, 90.0)),
              earliest_departure=START + timedelta(hours=draw(st.integers(0, 24))),
              handling_h=draw(st.floats(0.0, 1.0)))
        for k in range(draw(st.integers(0, 3)))
    )
    deliveries = []
    for j in range(draw(st.integers(0, 2))):
        arrive = START + timedelta(hours=draw(st.floats(-5.0, duration + 24.0)))
        deliveries.append(Delivery(f"lev{j}", draw(st.sampled_from([s.id for s in sources])),
                                   draw(st.floats(1.0, 2000.0)), arrive - timedelta(hours=3), arrive))
    return Scenario("gen", START, duration, (draw(st.floats(-30.0, 5.0)),),
                    OutageArea(municipality_codes=("2321",)), tuple(points), tuple(sources),
                    trucks, tuple(deliveries), reserve_h=draw(st.floats(0.0, 36.0)))


@st.composite
def easy_logistics(draw: st.DrawFn, fuel_share: st.SearchStrategy[float]) -> Scenario:
    """Trucks are never the bottleneck: one depot next door, two fast trucks per point,
    tanks that last at least 10 h and start at least 30 % full, unique ranks."""
    n = draw(st.integers(1, 5))
    duration = draw(st.integers(24, 96))
    ranks = draw(st.permutations(range(1, n + 1)))
    points, tanks = [], []
    for i in range(n):
        rated = draw(st.floats(15.0, 100.0))
        full_lph = float(litres_per_hour(rated, rated)[0])
        tank = full_lph * draw(st.floats(10.0, 60.0))
        generator = GeneratorSpec(GeneratorKind.FIXED, rated_kw=rated, tank_l=tank,
                                  fill_l=tank * draw(st.floats(0.3, 1.0)))
        points.append(_point(f"p{i}", ranks[i], 3, draw(st.floats(0.5, 1.0)) * rated - 0.5,
                             generator, 14.0 + 0.01 * i, 63.2))
        tanks.append(tank)
    plan = Scenario("easy", START, duration, (-15.0,), OutageArea(municipality_codes=("2321",)),
                    tuple(points), (FuelSource("d", "Depå", SourceKind.DEPOT, 14.0, 63.2, 0.0),))
    a = prepare(plan)
    need = float(np.maximum(a.demand_l.sum(axis=1) - a.level0_l, 0.0).sum())
    depot = FuelSource("d", "Depå", SourceKind.DEPOT, 14.0, 63.2, need * draw(fuel_share))
    trucks = tuple(Truck(f"t{k}", "Bil", max(tanks), "d", leg_h=1.0, handling_h=0.0)
                   for k in range(2 * n))
    return Scenario("easy", START, duration, (-15.0,), OutageArea(municipality_codes=("2321",)),
                    tuple(points), (depot,), trucks)


def assert_fuel_conserved(a: ScenarioArrays, r: SimulationResult) -> None:
    f = r.fuel_balance()
    total_in = f["start_in_tanks_l"] + f["start_in_sources_l"] + f["agreed_deliveries_in_l"]
    total_out = f["burned_l"] + f["left_in_tanks_l"] + f["left_in_sources_l"]
    assert total_in == pytest.approx(total_out, rel=1e-9, abs=1e-6)
    tanks_in = f["start_in_tanks_l"] + f["delivered_to_points_l"]
    assert tanks_in == pytest.approx(f["burned_l"] + f["left_in_tanks_l"], rel=1e-9, abs=1e-6)
    assert r.level_l.min() >= -1e-9 and r.stock_l.min() >= -1e-9
    assert (r.level_l <= a.tank_l[:, None] + 1e-6).all()
    assert (r.burned_l <= a.demand_l + 1e-12).all()


@SETTINGS
@given(any_scenario())
def test_fuel_is_conserved_and_never_negative(plan: Scenario) -> None:
    a = prepare(plan)
    assert_fuel_conserved(a, simulate(a))


@SETTINGS
@given(any_scenario())
def test_fuel_is_conserved_under_the_optimised_allocation_too(plan: Scenario) -> None:
    a = prepare(plan)
    lp = optimise_allocation(a)
    result = simulate(a, lp.caps_l)
    assert_fuel_conserved(a, result)
    assert (result.delivered_l <= lp.caps_l + 1e-6).all()


@SETTINGS
@given(any_scenario())
def test_the_vectorised_engine_matches_a_plain_python_loop(plan: Scenario) -> None:
    a = prepare(plan)
    result = simulate(a)
    levels, trips = simulate_reference(a)
    assert [(t.truck, t.source, t.point, t.depart_h, t.arrive_h, t.return_h, t.fuel_l)
            for t in result.trips] == trips
    assert np.array_equal(result.level_l, np.array(levels))


@SETTINGS
@given(any_scenario(stations=False, depots=1))
def test_no_lower_priority_point_gets_fuel_while_a_higher_one_waits_cut(plan: Scenario) -> None:
    a = prepare(plan)
    r = simulate(a)
    T = a.n_hours
    for trip in r.trips:
        t, b, k = trip.depart_h, trip.point, trip.truck
        if t == 0:
            continue
        for higher in np.flatnonzero(a.rank < a.rank[b]):
            waiting = (
                r.served[higher, t - 1] < 1 - 1e-9
                and a.runs[higher] and a.affected[higher]
                and a.demand_l[higher, t] > 0
                and r.level_l[higher, t] <= EPS_L
                and not any(x.point == higher and x.depart_h < t < x.arrive_h for x in r.trips)
            )
            reachable = t + max(math.ceil(a.out_h[k, 0, higher] - 1e-9), 1) <= T - 1
            if waiting and reachable:
                served_now = [x for x in r.trips if x.point == higher and x.depart_h == t]
                assert served_now, (f"{a.point_ids[b]} (rank {a.rank[b]}) got fuel in hour {t} while "
                                    f"{a.point_ids[higher]} (rank {a.rank[higher]}) was cut")


@SETTINGS
@given(easy_logistics(st.floats(0.0, 1.0)))
def test_when_trucks_suffice_a_cut_point_means_every_lower_one_got_nothing(plan: Scenario) -> None:
    a = prepare(plan)
    r = simulate(a)
    delivered = r.delivered_l
    cut = r.cut.any(axis=1)
    for higher in np.flatnonzero(cut):
        lower = a.rank > a.rank[higher]
        assert delivered[lower].sum() == 0.0, (a.point_ids[higher], dict(zip(a.point_ids, delivered, strict=True)))


@SETTINGS
@given(easy_logistics(st.floats(1.0, 3.0)))
def test_ample_fuel_cuts_nobody(plan: Scenario) -> None:
    a = prepare(plan)
    r = simulate(a)
    assert not r.cut.any(), dict(zip(a.point_ids, r.first_cut_h.tolist(), strict=True))
