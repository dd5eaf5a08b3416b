"""The optimised allocation (HiGHS LP): weighted service hours under fuel and truck limits."""

from __future__ import annotations

import dataclasses

import pytest
from test_scenario_simulation import point, scenario

from trygg.analysis.power import prepare, simulate
from trygg.analysis.power.allocation import optimise_allocation


def test_the_lp_gives_scarce_fuel_to_the_heavier_weight() -> None:
    # Both points need 44.8 l more; 50 l exist. Weights 1 (rank 1) and ½ (rank 2).
    a = prepare(scenario([point("low", 2, lon=14.1), point("high", 1, lon=14.2)], depot_l=50.0, trucks=2))
    lp = optimise_allocation(a)
    assert "Optimal" in lp.status
    assert lp.caps_l.tolist() == pytest.approx([5.2, 44.8], abs=1e-6)
    assert lp.planned_service_h[1] == pytest.approx(72.0)


def test_the_lp_can_prefer_a_cheap_point_over_an_expensive_one() -> None:
    # A 10 kW load burns 3.4 l/h on 20 kW; the other burns 15.5 l/h (50 kW on 100 kW).
    # With equal weights every litre buys more hours at the cheap point.
    cheap = point("cheap", 2, lon=14.1)
    costly = point("costly", 1, load_kw=50.0, rated_kw=100.0, tank_l=200.0, lon=14.2)
    plan = scenario([cheap, costly], depot_l=100.0, trucks=2)
    plan = dataclasses.replace(plan, points=tuple(dataclasses.replace(p, weight=1.0) for p in plan.points))
    lp = optimise_allocation(prepare(plan))
    assert lp.caps_l[0] == pytest.approx(44.8, abs=1e-6)
    assert lp.caps_l[1] == pytest.approx(55.2, abs=1e-6)


def test_the_lp_cannot_carry_fuel_without_trucks() -> None:
    a = prepare(scenario([point("a", 1)], depot_l=500.0, trucks=0))
    assert optimise_allocation(a).caps_l.sum() == 0.0


def test_truck_hours_limit_what_the_lp_can_carry() -> None:
    # One 1,000 l truck, 2 h round trips, 72 h: plenty. Shrink the truck to 10 l and
    # the horizon to 30 h: at most 15 trips × 10 l = 150 l, but the need is far more.
    big = point("big", 1, load_kw=50.0, rated_kw=100.0, tank_l=200.0)
    plan = scenario([big], depot_l=5000.0, trucks=1, duration_h=30)
    truck = dataclasses.replace(plan.trucks[0], capacity_l=10.0)
    lp = optimise_allocation(prepare(dataclasses.replace(plan, trucks=(truck,))))
    assert lp.caps_l[0] == pytest.approx(150.0, rel=1e-6)


def test_the_simulation_keeps_each_point_within_its_lp_litres() -> None:
    a = prepare(scenario([point("low", 2, lon=14.1), point("high", 1, lon=14.2)], depot_l=50.0, trucks=2))
    lp = optimise_allocation(a)
    result = simulate(a, lp.caps_l)
    assert (result.delivered_l <= lp.caps_l + 1e-9).all()
