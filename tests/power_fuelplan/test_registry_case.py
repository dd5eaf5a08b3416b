"""The fuel plan's scenario from plain registry records (pure; no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from trygg.analysis.power import (
    GeneratorKind,
    GeneratorSpec,
    Load,
    PointPowerSpec,
    PowerInputError,
    ScenarioRun,
)
from trygg.analysis.power.registry_case import (
    FuelPlanAssumptions,
    PlanPoint,
    StationRecord,
    StatusRecord,
    first_to_run_dry,
    registry_scenario,
)
from trygg.rules.catalogue import LoadClass

START = dt.datetime(2026, 1, 12, 6, tzinfo=ZoneInfo("Europe/Stockholm"))
NO_FUEL = FuelPlanAssumptions(duration_h=150, station_stock_l=0, delivery_interval_h=0)


def spec(ident, rank, tank_l=340.0, kw=10.0, rated_kw=20.0):
    """Level 3 (open around the clock), one 10 kW load on a 20 kW set: ½ load, 3.4 l/h by the table."""
    return PointPowerSpec(id=ident, name=ident.title(), level=3, priority_rank=rank,
                          loads=(Load(name="Last", load_class=LoadClass.OTHER, power_kw=kw, simultaneity=1.0),),
                          generator=GeneratorSpec(kind=GeneratorKind.FIXED, rated_kw=rated_kw, tank_l=tank_l,
                                                  usable_fraction=1.0))


def point(ident, rank, lon=14.0, lat=63.2, **kw):
    return PlanPoint(spec=spec(ident, rank, **kw), municipality_code="2309", lon=lon, lat=lat)


def test_a_full_340_litre_tank_at_3_4_litres_an_hour_lasts_100_hours():
    case = registry_scenario("t", START, [point("a", 1)], assumptions=NO_FUEL)
    run = ScenarioRun(case.scenario).solve()
    assert run.arrays_.demand_l[0, 0] == pytest.approx(3.4)
    assert first_to_run_dry(run) == (0, 100)
    assert run.time_at(100) == dt.datetime(2026, 1, 16, 10, tzinfo=ZoneInfo("Europe/Stockholm"))


def test_the_priority_order_decides_who_gets_the_stations_diesel():
    # Each point needs 150 h × 3.4 − 340 = 170 l more; the powered station holds 200 l: one is served.
    stations = [StationRecord("st", "Mack", "2309", 14.0, 63.2, own_backup=True, stock_l=200.0)]
    assumptions = FuelPlanAssumptions(duration_h=150, delivery_interval_h=0, truck_start_h=0)

    def cut_hours(rank_a, rank_b):
        case = registry_scenario("t", START, [point("a", rank_a), point("b", rank_b, lon=14.01)], stations,
                                 assumptions)
        run = ScenarioRun(case.scenario, keep_open=False).solve()
        return dict(zip(run.arrays_.point_ids, run.result_.hours_cut.round(1), strict=True))

    first = cut_hours(1, 2)
    assert first["a"] == 0 and first["b"] > 0
    swapped = cut_hours(2, 1)
    assert swapped["b"] == 0 and swapped["a"] > 0


def test_a_station_without_backup_power_cannot_pump_and_is_left_out():
    stations = [StationRecord("dark", "Mörk mack", "2309", 14.0, 63.2),
                StationRecord("sot", "SOT-mack", "2309", 14.0, 63.2, powered_by="a")]
    case = registry_scenario("t", START, [point("a", 1)], stations, NO_FUEL)
    assert [s.id for s in case.stations] == ["sot"]
    assert case.stations[0].powered_by == "a" and case.stations[0].fuel_l == 0


def test_points_without_a_rank_come_last_by_name_and_a_point_without_position_is_named():
    pts = [point("zeta", None), point("alfa", None), point("mid", 2),
           PlanPoint(spec=spec("nowhere", 1), municipality_code="2309", lon=None, lat=None)]
    case = registry_scenario("t", START, pts, assumptions=NO_FUEL)
    assert [(p.spec.id, p.spec.priority_rank) for p in case.scenario.points] == [
        ("mid", 2), ("alfa", 3), ("zeta", 4)]
    assert [(x.id, x.reason) for x in case.left_out] == [("nowhere", "no_position")]


def test_deliveries_arrive_every_interval_at_the_assumed_depot():
    a = FuelPlanAssumptions(duration_h=72, delivery_interval_h=24, delivery_l=500)
    case = registry_scenario("t", START, [point("a", 1)], assumptions=a)
    assert [(d.to, d.arrives - START, d.fuel_l) for d in case.scenario.deliveries] == [
        ("depot-2309", dt.timedelta(hours=24), 500.0), ("depot-2309", dt.timedelta(hours=48), 500.0)]
    assert [t.capacity_l for t in case.scenario.trucks] == [1000.0]


def test_event_mode_starts_from_the_reported_fuel_less_what_burned_since():
    statuses = [StatusRecord("a", "backup", 100.0, START - dt.timedelta(hours=10)),
                StatusRecord("b", "mains", None, START),
                StatusRecord("c", "none", 30.0, START - dt.timedelta(hours=10))]
    case = registry_scenario("t", START, [point("a", 1), point("b", 2), point("c", 3)], assumptions=NO_FUEL,
                             statuses=statuses)
    run = ScenarioRun(case.scenario, keep_open=False).solve()
    # a: 100 − 10 h × 3.4 = 66 l, dry after 66 / 3.4 = 19.4 h; c was not running, keeps its 30 l.
    assert case.reported_fuel == {"a": pytest.approx(66.0), "c": pytest.approx(30.0)}
    assert [x.id for x in case.left_out] == ["b"]
    assert first_to_run_dry(run) == (run.arrays_.point_ids.index("c"), 8)  # 30 / 3.4 = 8.8 h


@pytest.mark.parametrize(("field", "value"), [("duration_h", 0), ("delivery_interval_h", -1),
                                              ("station_stock_l", float("nan")), ("outdoor_c", -80)])
def test_bad_assumptions_name_the_field(field, value):
    with pytest.raises(PowerInputError, match=field):
        FuelPlanAssumptions(**{field: value})


def test_nothing_to_simulate_is_said_plainly():
    with pytest.raises(PowerInputError, match="nothing to simulate"):
        registry_scenario("t", START, [PlanPoint(spec=spec("x", 1), municipality_code="2309", lon=None, lat=None)])
