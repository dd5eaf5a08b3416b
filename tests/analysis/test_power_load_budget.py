"""Load budget: nameplate × simultaneity per class, by hour, plus the heating model."""

from __future__ import annotations

import pytest

from trygg.analysis.power import (
    SIMULTANEITY,
    HeatingSpec,
    HeatSource,
    Load,
    OpeningHours,
    load_budget,
)
from trygg.analysis.power.loads import ALWAYS_ON_CLASSES, INDOOR_CLOSED_C, INDOOR_OPEN_C
from trygg.rules.catalogue import LoadClass

DAY = OpeningHours(7, 22)


def test_every_load_class_has_a_simultaneity_factor_in_range() -> None:
    assert set(SIMULTANEITY) == set(LoadClass)
    assert all(0 < factor <= 1 for factor in SIMULTANEITY.values())


def test_it_sums_nameplate_times_quantity_times_factor_while_open() -> None:
    loads = [
        Load("Spis", LoadClass.KITCHEN, power_kw=10.0, quantity=2),
        Load("Lysrör", LoadClass.LIGHTING, power_kw=0.5, quantity=10),
    ]
    budget = load_budget(loads, None, DAY)
    expected_open = 20.0 * SIMULTANEITY[LoadClass.KITCHEN] + 5.0 * SIMULTANEITY[LoadClass.LIGHTING]
    assert budget.hourly_kw[12] == pytest.approx(expected_open)
    assert budget.hourly_kw[3] == 0.0
    assert budget.peak_kw == pytest.approx(expected_open)
    assert budget.mean_kw == pytest.approx(expected_open * 15 / 24)
    assert budget.connected_kw == pytest.approx(25.0)


def test_communications_and_pumps_run_around_the_clock() -> None:
    assert {LoadClass.IT_COMMS, LoadClass.WATER_PUMPS} == ALWAYS_ON_CLASSES
    loads = [Load("Rakel", LoadClass.IT_COMMS, power_kw=0.4),
             Load("Pump", LoadClass.WATER_PUMPS, power_kw=1.0)]
    budget = load_budget(loads, None, OpeningHours(10, 16))
    assert budget.hourly_kw[3] == pytest.approx(0.4 + 0.6)
    assert budget.hourly_kw[12] == pytest.approx(0.4 + 0.6)


def test_a_load_given_in_kva_uses_its_power_factor() -> None:
    motor = Load("Fläkt", LoadClass.OTHER, power_kva=5.0, power_factor=0.8, simultaneity=1.0)
    assert motor.unit_kw == pytest.approx(4.0)
    assert load_budget([motor], None, DAY).peak_kw == pytest.approx(4.0)


def test_a_per_load_simultaneity_overrides_the_class_factor() -> None:
    heater = Load("Varmluft", LoadClass.HEATING, power_kw=50.0, simultaneity=0.7)
    assert load_budget([heater], None, DAY).peak_kw == pytest.approx(35.0)


def test_electric_heating_loads_the_generator_with_the_building_heat_demand() -> None:
    # 400 m² × 1.2 W/m²K × (18 − (−15)) K = 15.84 kW open; frost guard at +10 °C closed:
    # 400 × 1.2 × 25 = 12.0 kW.
    heating = HeatingSpec(400.0, HeatSource.ELECTRIC)
    budget = load_budget([], heating, DAY, outdoor_c=-15.0)
    assert (INDOOR_OPEN_C, INDOOR_CLOSED_C) == (18.0, 10.0)
    assert budget.hourly_kw[12] == pytest.approx(15.84)
    assert budget.hourly_kw[2] == pytest.approx(12.0)
    assert budget.by_class_kw[LoadClass.HEATING][12] == pytest.approx(15.84)


def test_no_heating_load_when_it_is_warmer_outside_than_the_target() -> None:
    budget = load_budget([], HeatingSpec(400.0, HeatSource.ELECTRIC), DAY, outdoor_c=20.0)
    assert budget.peak_kw == 0.0


def test_district_heating_without_backup_is_lost_and_adds_no_load() -> None:
    heating = HeatingSpec(400.0, HeatSource.DISTRICT_HEATING)
    assert heating.heat_lost
    assert load_budget([], heating, DAY).peak_kw == 0.0


def test_district_heating_with_backup_needs_only_circulation_pumps() -> None:
    heating = HeatingSpec(400.0, HeatSource.DISTRICT_HEATING, district_heating_has_backup=True)
    assert not heating.heat_lost
    assert load_budget([], heating, DAY).peak_kw == pytest.approx(15.84 * 0.01)


def test_a_heat_pump_draws_the_heat_demand_divided_by_its_cop() -> None:
    heating = HeatingSpec(400.0, HeatSource.HEAT_PUMP, heat_pump_cop=2.0)
    assert load_budget([], heating, DAY).peak_kw == pytest.approx(15.84 / 2)


def test_a_wood_stove_needs_no_electricity() -> None:
    assert load_budget([], HeatingSpec(400.0, HeatSource.WOOD), DAY).peak_kw == 0.0


def test_default_opening_hours_follow_the_level() -> None:
    assert OpeningHours.for_level(1) == OpeningHours(10, 16)
    assert OpeningHours.for_level(2) == OpeningHours(7, 22)
    assert OpeningHours.for_level(3).mask().all()
