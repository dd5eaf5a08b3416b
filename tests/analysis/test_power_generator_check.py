"""Generator check: rating against peak load with margin, and the plan's weak spots."""

from __future__ import annotations

import pytest

from trygg.analysis.power import (
    DEFAULT_MARGIN,
    FlagCode,
    GeneratorKind,
    GeneratorSpec,
    HeatingSpec,
    HeatSource,
    Load,
    PointPowerSpec,
    Severity,
    check_generator,
    check_point,
)
from trygg.rules.catalogue import LoadClass


def codes(flags: list) -> set[FlagCode]:  # type: ignore[type-arg]
    return {flag.code for flag in flags}


def point(load_kw: float, generator: GeneratorSpec, level: int = 3, **kwargs: object) -> PointPowerSpec:
    loads = (Load("Last", LoadClass.OTHER, power_kw=load_kw, simultaneity=1.0),)
    return PointPowerSpec("p", "Punkt", level, loads=loads, generator=generator, **kwargs)  # type: ignore[arg-type]


def test_a_kva_rating_converts_at_power_factor_0_8_by_default() -> None:
    assert GeneratorSpec(GeneratorKind.FIXED, rated_kva=70.0, tank_l=500.0).rated_power_kw == 56.0
    own_pf = GeneratorSpec(GeneratorKind.FIXED, rated_kva=70.0, power_factor=0.9, tank_l=500.0)
    assert own_pf.rated_power_kw == pytest.approx(63.0)


def test_a_set_with_the_margin_to_spare_raises_no_sizing_flag() -> None:
    fixed = GeneratorSpec(GeneratorKind.FIXED, rated_kw=60.0, tank_l=500.0)
    assert check_generator(fixed, peak_kw=40.0, planned_outage_h=72) == []
    assert DEFAULT_MARGIN == 1.25


def test_it_flags_a_connected_load_above_the_generator() -> None:
    fixed = GeneratorSpec(GeneratorKind.FIXED, rated_kw=20.0, tank_l=200.0)
    flags = check_generator(fixed, peak_kw=25.0, planned_outage_h=72)
    assert codes(flags) == {FlagCode.LOAD_EXCEEDS_GENERATOR}
    assert flags[0].severity is Severity.HIGH
    assert "25.0 kW exceeds" in flags[0].message


def test_it_flags_a_set_inside_its_rating_but_short_of_the_margin() -> None:
    fixed = GeneratorSpec(GeneratorKind.FIXED, rated_kw=20.0, tank_l=200.0)
    assert codes(check_generator(fixed, peak_kw=18.0, planned_outage_h=72)) == {FlagCode.BELOW_MARGIN}


def test_it_flags_a_portable_set_relied_on_for_more_than_a_day() -> None:
    portable = GeneratorSpec(GeneratorKind.PORTABLE, rated_kw=20.0, tank_l=200.0)
    assert FlagCode.PORTABLE_LONG_OUTAGE in codes(check_generator(portable, 5.0, planned_outage_h=72))
    assert FlagCode.PORTABLE_LONG_OUTAGE not in codes(check_generator(portable, 5.0, planned_outage_h=12))


def test_it_flags_a_connection_point_without_a_mobile_set_agreement() -> None:
    hookup = GeneratorSpec(GeneratorKind.CONNECTION_POINT, rated_kw=40.0)
    assert not hookup.runs
    assert FlagCode.NO_MOBILE_AGREEMENT in codes(check_generator(hookup, 10.0, 72))


def test_an_agreed_mobile_set_on_a_connection_point_runs() -> None:
    agreed = GeneratorSpec(GeneratorKind.CONNECTION_POINT, rated_kw=40.0, tank_l=300.0,
                           mobile_agreement=True)
    assert agreed.runs
    assert check_generator(agreed, 10.0, 72) == []


def test_it_flags_a_point_with_no_backup_at_all() -> None:
    check = check_point(point(5.0, GeneratorSpec()))
    assert codes(check.flags) == {FlagCode.NO_BACKUP}
    assert not check.ok
    assert check.endurance_h == 0.0


def test_it_flags_district_heating_lost_without_electric_heaters() -> None:
    heating = HeatingSpec(300.0, HeatSource.DISTRICT_HEATING)
    fixed = GeneratorSpec(GeneratorKind.FIXED, rated_kw=20.0, tank_l=500.0)
    check = check_point(point(8.0, fixed, heating=heating))
    assert FlagCode.HEAT_LOST in codes(check.flags)


def test_it_flags_a_tank_that_will_not_last_the_planned_outage() -> None:
    fixed = GeneratorSpec(GeneratorKind.FIXED, rated_kw=20.0, tank_l=200.0)
    check = check_point(point(10.0, fixed), planned_outage_h=72)
    short = [f for f in check.flags if f.code is FlagCode.ENDURANCE_SHORT]
    # 72 h × 3.4 l/h = 244.8 l needed, 200 l in the tank: about 45 l more.
    assert short and "about 45 l more" in short[0].message


def test_it_notes_a_set_running_below_a_quarter_load() -> None:
    fixed = GeneratorSpec(GeneratorKind.FIXED, rated_kw=100.0, tank_l=2000.0)
    assert FlagCode.LOW_LOAD in codes(check_point(point(10.0, fixed)).flags)


def test_the_required_rating_is_peak_times_margin() -> None:
    fixed = GeneratorSpec(GeneratorKind.FIXED, rated_kw=60.0, tank_l=500.0)
    check = check_point(point(40.0, fixed), margin=1.5)
    assert check.required_kw == pytest.approx(60.0)
    assert check.to_dict()["required_kw"] == 60.0
