"""The shipped example: a three-day winter storm over western Jämtland loads and runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from trygg.analysis.power import GeneratorKind, ScenarioRun, simulate
from trygg.analysis.power.generator import FlagCode
from trygg.formats.power_scenario import read_scenario

EXAMPLE = Path(__file__).parents[2] / "examples" / "scenario-storm-jamtland.yaml"


@pytest.fixture(scope="module")
def run() -> ScenarioRun:
    return ScenarioRun(read_scenario(EXAMPLE)).solve()


def test_the_example_reads_as_a_72_hour_winter_outage(run: ScenarioRun) -> None:
    plan = run.scenario
    assert plan.duration_h == 72 and plan.outdoor_c == (-15.0,)
    assert plan.start.isoformat() == "2026-01-12T06:00:00+01:00"
    assert {p.municipality_code for p in plan.points} >= {"2321", "2309", "2326", "2361"}
    assert min(run.arrays_.rated_kw[run.arrays_.runs]) >= 20 and max(run.arrays_.rated_kw) <= 100
    assert sum(p.spec.generator.kind is GeneratorKind.PORTABLE for p in plan.points) == 1


def test_the_polygon_takes_the_west_and_spares_ostersund_sveg_and_lillhardal(run: ScenarioRun) -> None:
    affected = dict(zip(run.arrays_.point_ids, run.arrays_.affected.tolist(), strict=True))
    assert affected["jarpen"] and affected["funasdalen"] and affected["sot-rotviken"]
    assert not affected["sveg"] and not affected["sot-lillhardal"]


def test_fuel_is_short_so_the_order_decides_who_is_cut(run: ScenarioRun) -> None:
    rows = {row["id"]: row for row in run.point_rows()}
    assert all(rows[pid]["hours_cut"] == 0 for pid in ("jarpen", "sot-kall", "are", "follinge"))
    cut = [pid for pid, row in rows.items() if row["cut_reason"] == "ran_dry"]
    assert cut and all(rows[pid]["priority"] > 4 for pid in cut)
    assert rows["undersaker"]["cut_reason"] == "no_backup"
    assert run.keep_open_ is not None and run.keep_open_.lower_bound_l > 0


def test_what_keeps_everyone_open_is_verified_by_simulation(run: ScenarioRun) -> None:
    k = run.keep_open_
    assert k is not None and k.verified and not k.everyone_open
    assert k.extra_fuel_l >= k.lower_bound_l
    fixed = simulate(k.apply(run.arrays_))
    fixable = run.arrays_.affected & run.arrays_.runs
    assert not fixed.cut[fixable].any()
    assert k.needs_generator == ["undersaker"]


def test_the_example_flags_the_portable_set_and_the_missing_agreement(run: ScenarioRun) -> None:
    flags = {c.spec.id: {f.code for f in c.flags} for c in run.checks_}
    assert FlagCode.PORTABLE_LONG_OUTAGE in flags["funasdalen"]
    assert FlagCode.NO_MOBILE_AGREEMENT in flags["undersaker"]


def test_the_optimised_allocation_serves_at_least_as_many_weighted_hours(run: ScenarioRun) -> None:
    optimised = ScenarioRun(run.scenario, optimize=True, keep_open=False).solve()
    assert optimised.lp_ is not None
    assert optimised.result_.weighted_service_h() >= run.result_.weighted_service_h()
    # The simulation enforces what the LP relaxes (truck timing, tank room): never more than its litres.
    assert (optimised.result_.delivered_l <= optimised.lp_.caps_l + 1e-6).all()
