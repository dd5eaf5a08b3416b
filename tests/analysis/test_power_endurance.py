"""Fuel endurance: usable tank ÷ consumption over the hourly profile, and when it runs dry."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from trygg.analysis.power import (
    GeneratorKind,
    GeneratorSpec,
    Load,
    OpeningHours,
    PointPowerSpec,
    check_point,
    endurance_h,
    runs_dry_at,
)
from trygg.rules.catalogue import LoadClass

CET = timezone(timedelta(hours=1))


def constant_point(load_kw: float, rated_kw: float, tank_l: float, **generator: float) -> PointPowerSpec:
    return PointPowerSpec(
        "p", "Bygdegården", 3,
        loads=(Load("Last", LoadClass.OTHER, power_kw=load_kw, simultaneity=1.0),),
        generator=GeneratorSpec(GeneratorKind.FIXED, rated_kw=rated_kw, tank_l=tank_l, **generator),
    )


def test_a_20_kw_set_at_half_load_runs_59_hours_on_200_litres() -> None:
    # Reference table: 3.4 l/h at ½ load on 20 kW; 200 / 3.4 = 58.8 h.
    check = check_point(constant_point(10.0, 20.0, 200.0))
    assert check.l_per_h.tolist() == pytest.approx([3.4] * 24)
    assert check.endurance_h == pytest.approx(200 / 3.4)
    assert round(check.endurance_h) == 59


def test_it_gives_the_hour_the_tank_runs_dry() -> None:
    start = datetime(2026, 1, 12, 6, 0, tzinfo=CET)
    check = check_point(constant_point(10.0, 20.0, 200.0), start=start)
    assert check.runs_dry_at == start + timedelta(hours=200 / 3.4)
    assert check.runs_dry_at.strftime("%Y-%m-%d %H:%M") == "2026-01-14 16:49"


def test_only_the_usable_part_of_the_current_fill_counts() -> None:
    # 200 l tank, 90 % usable, 150 l in it: 150 − 20 unusable = 130 l usable.
    check = check_point(constant_point(10.0, 20.0, 200.0, usable_fraction=0.9, fill_l=150.0))
    assert check.usable_l == pytest.approx(130.0)
    assert check.endurance_h == pytest.approx(130 / 3.4)


def test_it_walks_a_daily_profile_from_the_start_hour() -> None:
    # 10 l/h from 08 to 18, nothing else: 100 l per day. 150 l from 08:00 lasts
    # one day (24 h) plus 5 hours of the next day's burning.
    profile = [10.0 if 8 <= h < 18 else 0.0 for h in range(24)]
    assert endurance_h(150.0, profile, start_hour=8) == pytest.approx(29.0)
    # Started at midnight the first 8 hours burn nothing.
    assert endurance_h(150.0, profile, start_hour=0) == pytest.approx(8 + 24 + 5)


def test_a_profile_that_burns_nothing_never_runs_dry() -> None:
    assert math.isinf(endurance_h(100.0, [0.0] * 24))
    assert runs_dry_at(datetime(2026, 1, 1, tzinfo=CET), math.inf) is None


def test_a_long_endurance_is_counted_in_whole_days_then_hours() -> None:
    assert endurance_h(3.4 * 24 * 100 + 3.4 * 5, [3.4] * 24) == pytest.approx(2405.0)


def test_a_point_closed_at_night_burns_only_its_base_load_then() -> None:
    spec = PointPowerSpec(
        "p", "Bibliotek", 1,
        loads=(Load("Belysning", LoadClass.LIGHTING, power_kw=10.0),
               Load("Router", LoadClass.IT_COMMS, power_kw=1.0)),
        generator=GeneratorSpec(GeneratorKind.FIXED, rated_kw=20.0, tank_l=200.0),
        opening_hours=OpeningHours(10, 16),
    )
    check = check_point(spec)
    # Open: 9 + 1 = 10 kW (½ load, 3.4 l/h); closed: 1 kW = 5 % load, between no load
    # (1.2 l/h) and ¼ load (2.3 l/h): 1.2 + 1.1 × 0.05 / 0.25 = 1.42 l/h.
    assert check.l_per_h[12] == pytest.approx(3.4)
    assert check.l_per_h[2] == pytest.approx(1.42)
    assert check.litres_per_day == pytest.approx(6 * 3.4 + 18 * 1.42)
