"""The hourly simulation on small scenarios worked out by hand."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

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
    PowerSource,
    Scenario,
    ScenarioPoint,
    SourceKind,
    Truck,
    prepare,
    simulate,
)
from trygg.rules.catalogue import LoadClass

CET = timezone(timedelta(hours=1))
START = datetime(2026, 1, 12, 6, 0, tzinfo=CET)
OSTERSUND = (14.717, 63.145)


def point(pid: str, rank: int, load_kw: float = 10.0, rated_kw: float = 20.0, tank_l: float = 200.0,
          fill_l: float | None = None, lon: float = 14.0, capacity: int = 100) -> ScenarioPoint:
    spec = PointPowerSpec(
        pid, pid.title(), 3,
        loads=(Load("Last", LoadClass.OTHER, power_kw=load_kw, simultaneity=1.0),),
        generator=GeneratorSpec(GeneratorKind.FIXED, rated_kw=rated_kw, tank_l=tank_l, fill_l=fill_l),
        priority_rank=rank,
        capacity_people=capacity,
    )
    return ScenarioPoint(spec, "2321", lon, 63.3)


def scenario(points: list[ScenarioPoint], depot_l: float = 0.0, trucks: int = 0,
             duration_h: int = 72, outdoor_c: tuple[float, ...] = (-15.0,),
             **extra: object) -> Scenario:
    depots = (FuelSource("osd", "Depå", SourceKind.DEPOT, *OSTERSUND, depot_l),)
    fleet = tuple(Truck(f"t{k}", "Bil", 1000.0, "osd", leg_h=1.0, handling_h=0.0) for k in range(trucks))
    return Scenario(
        name="test", start=START, duration_h=duration_h, outdoor_c=outdoor_c,
        area=OutageArea(municipality_codes=("2321",)), points=tuple(points),
        sources=depots + tuple(extra.pop("stations", ())),  # type: ignore[arg-type]
        trucks=fleet, **extra,  # type: ignore[arg-type]
    )


def test_a_lone_20_kw_set_at_half_load_runs_dry_in_hour_58() -> None:
    # 200 l at 3.4 l/h: 58 full hours (197.2 l), then 2.8 l for 82 % of hour 58.
    result = simulate(prepare(scenario([point("a", 1)])))
    assert result.first_cut_h[0] == 58
    assert result.served[0, 58] == pytest.approx(2.8 / 3.4)
    assert result.burned_l.sum() == pytest.approx(200.0)
    assert result.hours_cut[0] == pytest.approx(72 - 200 / 3.4)
    assert result.people_hours[0] == pytest.approx(100 * 200 / 3.4)
    assert result.power_source[0, 57] == PowerSource.GENERATOR
    assert result.power_source[0, 59] == PowerSource.NONE


def test_a_truck_brings_exactly_the_missing_fuel_a_day_before_the_tank_runs_dry() -> None:
    # Dry in hour 58; with a 1 h trip and a 24 h reserve the truck leaves in hour 33
    # and brings 72 × 3.4 − 200 = 44.8 l, so the tank is empty just as the outage ends.
    result = simulate(prepare(scenario([point("a", 1)], depot_l=1000.0, trucks=1)))
    assert len(result.trips) == 1
    trip = result.trips[0]
    assert (trip.depart_h, trip.arrive_h, trip.return_h) == (33, 34, 35)
    assert trip.fuel_l == pytest.approx(44.8)
    assert result.first_cut_h[0] == -1
    assert result.level_l[0, -1] == pytest.approx(0.0, abs=1e-9)
    assert result.stock_l[0, -1] == pytest.approx(1000.0 - 44.8)


def test_scarce_fuel_goes_to_the_higher_priority_point_first() -> None:
    # Each point needs 44.8 l more; 50 l exist: the first gets all it needs, the second the rest.
    points = [point("low", 2, lon=14.1), point("high", 1, lon=14.2)]
    result = simulate(prepare(scenario(points, depot_l=50.0, trucks=2)))
    delivered = dict(zip(["low", "high"], result.delivered_l, strict=True))
    assert delivered["high"] == pytest.approx(44.8)
    assert delivered["low"] == pytest.approx(5.2)
    assert result.first_cut_h.tolist()[1] == -1
    assert result.first_cut_h.tolist()[0] > 58


def test_a_lower_priority_point_gets_nothing_while_a_higher_one_is_short() -> None:
    points = [point("low", 2, lon=14.1), point("high", 1, lon=14.2)]
    result = simulate(prepare(scenario(points, depot_l=40.0, trucks=2)))
    assert result.delivered_l.tolist() == pytest.approx([0.0, 40.0])
    assert (result.first_cut_h >= 0).all()


def test_a_point_outside_the_outage_keeps_mains_and_burns_nothing() -> None:
    outside = ScenarioPoint(point("b", 2).spec, "2380", 14.7, 63.2)
    result = simulate(prepare(scenario([point("a", 1), outside])))
    assert (result.power_source[1] == PowerSource.MAINS).all()
    assert result.burned_l[1].sum() == 0.0
    assert result.people_hours[1] == pytest.approx(100 * 72)


def test_a_point_without_backup_is_dark_for_the_whole_outage() -> None:
    dark = ScenarioPoint(PointPowerSpec("d", "Mörk", 2, priority_rank=2, capacity_people=50), "2321", 13.0, 63.3)
    result = simulate(prepare(scenario([point("a", 1), dark])))
    assert (result.power_source[1] == PowerSource.NONE).all()
    assert result.people_hours[1] == 0.0


def test_a_station_cannot_pump_once_the_point_powering_it_runs_dry() -> None:
    # The SOT-punkt's own tank lasts 10 h (34 l at 3.4 l/h) and its station holds the only
    # fuel; the truck can leave only after 12 h, when the pumps are already dark.
    sot = point("sot", 2, fill_l=34.0, lon=13.5)
    station = FuelSource("st", "Mack", SourceKind.STATION, 13.5, 63.3, 500.0, powered_by="sot")
    far = point("far", 1, fill_l=100.0, lon=14.0)
    truck = Truck("t", "Bil", 1000.0, "osd", leg_h=1.0, earliest_departure=START + timedelta(hours=12))
    plan = scenario([sot, far], stations=(station,))
    result = simulate(prepare(dataclasses.replace(plan, trucks=(truck,))))
    assert result.trips == []
    assert result.first_cut_h.tolist() == [10, 29]
    assert result.stock_l[1, -1] == 500.0


def test_the_same_station_serves_while_its_point_has_power() -> None:
    sot = point("sot", 2, fill_l=34.0, lon=13.5)
    station = FuelSource("st", "Mack", SourceKind.STATION, 13.5, 63.3, 500.0, powered_by="sot")
    far = point("far", 1, fill_l=100.0, lon=14.0)
    result = simulate(prepare(scenario([sot, far], trucks=1, stations=(station,))))
    assert {trip.source for trip in result.trips} == {1}
    assert (result.first_cut_h == -1).all()


def test_an_agreed_delivery_fills_the_depot_when_it_arrives() -> None:
    delivery = Delivery("lev", "osd", 300.0, START + timedelta(hours=5), START + timedelta(hours=10, minutes=30))
    late = Delivery("sen", "osd", 300.0, START, START + timedelta(hours=100))
    arrays = prepare(scenario([point("a", 1)], depot_l=0.0, deliveries=(delivery, late)))
    result = simulate(arrays)
    assert result.stock_l[0, 10] == 0.0
    assert result.stock_l[0, 11] == pytest.approx(300.0)
    assert arrays.late_deliveries == ("sen",)


def test_a_colder_day_burns_more() -> None:
    heated = ScenarioPoint(
        PointPowerSpec(
            "h", "Hall", 3, priority_rank=1,
            heating=HeatingSpec(300.0, HeatSource.ELECTRIC),
            generator=GeneratorSpec(GeneratorKind.FIXED, rated_kw=60.0, tank_l=2000.0),
        ),
        "2321", 14.0, 63.3,
    )
    arrays = prepare(scenario([heated], outdoor_c=(-5.0, -25.0, -25.0)))
    day1, day2 = arrays.demand_l[0, :24].sum(), arrays.demand_l[0, 24:48].sum()
    assert day2 > day1
    assert np.allclose(arrays.load_kw[0, :24], 300 * 1.2 * 23 / 1000)
