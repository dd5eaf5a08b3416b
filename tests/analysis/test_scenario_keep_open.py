"""What would keep every point open: extra litres and trucks, computed and verified."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from test_scenario_simulation import START, point, scenario

from trygg.analysis.power import prepare, simulate
from trygg.analysis.power.keep_open import keep_everyone_open


def test_nothing_is_needed_when_nobody_is_cut() -> None:
    a = prepare(scenario([point("a", 1)], depot_l=1000.0, trucks=1))
    answer = keep_everyone_open(a, simulate(a))
    assert answer.everyone_open and answer.extra_fuel_l == 0.0


def test_a_fuel_shortfall_is_answered_with_the_exact_missing_litres() -> None:
    # Two points each need 44.8 l more; 50 l exist: 39.6 l are missing, and the
    # trucks are not the limit, so the answer is the lower bound itself.
    a = prepare(scenario([point("a", 1, lon=14.1), point("b", 2, lon=14.2)], depot_l=50.0, trucks=2))
    answer = keep_everyone_open(a, simulate(a))
    assert answer.lower_bound_l == pytest.approx(39.6)
    assert answer.extra_fuel_l == 40.0  # whole litres
    assert answer.verified and answer.extra_trucks == 0
    assert answer.extra_fuel_by_source == {"osd": 40.0}


def test_a_truck_shortfall_is_answered_with_more_trucks() -> None:
    # Fuel is plenty but one truck cannot reach five thirsty points in time.
    points = [point(f"p{i}", i + 1, load_kw=50.0, rated_kw=100.0, tank_l=400.0, fill_l=100.0,
                    lon=13.0 + 0.3 * i) for i in range(5)]
    plan = scenario(points, depot_l=50_000.0, trucks=1, duration_h=48)
    slow = dataclasses.replace(plan.trucks[0], leg_h=4.0,
                               earliest_departure=START + timedelta(hours=1))
    a = prepare(dataclasses.replace(plan, trucks=(slow,)))
    base = simulate(a)
    assert base.cut.any()
    answer = keep_everyone_open(a, base)
    assert answer.verified and answer.extra_trucks >= 1
    assert answer.extra_trips > 0
    fixed = simulate(answer.apply(a))
    assert not fixed.cut.any()


def test_points_without_a_generator_are_listed_not_fuelled() -> None:
    from trygg.analysis.power import PointPowerSpec, ScenarioPoint

    dark = ScenarioPoint(PointPowerSpec("dark", "Mörk", 2, priority_rank=2), "2321", 13.0, 63.3)
    a = prepare(scenario([point("a", 1), dark], depot_l=1000.0, trucks=1))
    answer = keep_everyone_open(a, simulate(a))
    assert answer.needs_generator == ["dark"]
    assert answer.everyone_open
