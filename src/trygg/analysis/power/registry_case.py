"""The outage scenario built from registry records: the fuel plan (Bränsleplan).

Pure: the Django layer gathers plain records (each point's power plan, its
position, the fuel stations with backup power, and during an event the
latest status reports) and :func:`registry_scenario` turns them into a
:class:`~trygg.analysis.power.scenario.Scenario`. The registry lacks some of
what a scenario needs; those are :class:`FuelPlanAssumptions`, stated on the
page and in the CLI's output, each overridable:

* the whole of each municipality loses mains power for ``duration_h`` hours,
  from ``start``, at ``outdoor_c`` °C;
* each fuel station with backup power (its own fixed set, or the generator
  of the SOT-punkt that feeds its pumps) holds ``station_stock_l`` litres of
  diesel the municipality may draw; a station without backup power cannot
  pump and is left out;
* each municipality has one depot, without fuel of its own
  (``depot_stock_l``), at the mean position of its points, with one truck of
  ``truck_capacity_l`` litres at ``truck_speed_kmh`` that can leave
  ``truck_start_h`` hours into the outage;
* a supplier delivers ``delivery_l`` litres to each depot every
  ``delivery_interval_h`` hours (0: no deliveries), the first one interval
  after the start;
* points without a priority rank come after the ranked ones, by name; in a
  county plan the municipalities' orders interleave (every rank 1 first).

During an event (``statuses``), a point on mains keeps its mains and is left
out of the simulation; a point on backup power starts from its reported fuel
less what its set burned, at the planned load, since the report; a point
whose status reports no fuel starts from its planned fill.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import numpy as np

from trygg.analysis.power.errors import PowerInputError, require
from trygg.analysis.power.generator import GeneratorSpec
from trygg.analysis.power.point import PointPowerSpec, check_point
from trygg.analysis.power.run import ScenarioRun
from trygg.analysis.power.scenario import (
    MAX_DURATION_H,
    Delivery,
    FuelSource,
    OutageArea,
    Scenario,
    ScenarioPoint,
    SourceKind,
    Truck,
)
from trygg.text import N_, Text

MAX_STOCK_L = 1_000_000.0  # a million litres is more than any municipality's stock


class NothingToSimulate(PowerInputError):
    """No point with a position is off mains: a fact to report, not bad input."""


@dataclass(frozen=True)
class FuelPlanAssumptions:
    """What the registry does not hold; every figure is shown beside the plan."""

    duration_h: int = 72
    outdoor_c: float = -15.0
    station_stock_l: float = 3000.0
    depot_stock_l: float = 0.0
    delivery_interval_h: int = 24
    delivery_l: float = 3000.0
    truck_capacity_l: float = 1000.0
    truck_speed_kmh: float = 50.0
    truck_start_h: int = 2

    def __post_init__(self) -> None:
        _whole(self.duration_h, "duration_h", 1, MAX_DURATION_H)
        _whole(self.delivery_interval_h, "delivery_interval_h", 0, MAX_DURATION_H)
        _whole(self.truck_start_h, "truck_start_h", 0, MAX_DURATION_H)
        _number(self.outdoor_c, "outdoor_c", -60.0, 45.0)
        for name in ("station_stock_l", "depot_stock_l", "delivery_l"):
            _number(getattr(self, name), name, 0.0, MAX_STOCK_L)
        _number(self.truck_capacity_l, "truck_capacity_l", 1.0, 100_000.0)
        _number(self.truck_speed_kmh, "truck_speed_kmh", 1.0, 130.0)


def _whole(value: object, name: str, low: int, high: int) -> None:
    ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    require(ok, N_("must be a whole number, {low}–{high}", low=low, high=high), name, value)


def _number(value: object, name: str, low: float, high: float) -> None:
    ok = (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
          and low <= value <= high)
    require(ok, N_("must be a number, {low:g}–{high:g}", low=low, high=high), name, value)


@dataclass(frozen=True)
class PlanPoint:
    """A registry point: its power plan (with its priority rank) and where it is."""

    spec: PointPowerSpec
    municipality_code: str
    lon: float | None
    lat: float | None


@dataclass(frozen=True)
class StationRecord:
    """A fuel station. ``own_backup``: it has its own fixed set; ``powered_by``: the
    id of the point whose generator feeds its pumps (a SOT-punkt), if any."""

    id: str
    name: str
    municipality_code: str
    lon: float | None
    lat: float | None
    own_backup: bool = False
    powered_by: str | None = None
    stock_l: float | None = None  # None: the assumption's station_stock_l


@dataclass(frozen=True)
class StatusRecord:
    """A point's latest status in an event: ``power_source`` mains, backup, none or ''."""

    point_id: str
    power_source: str
    fuel_l: float | None
    reported_at: datetime | None


@dataclass(frozen=True)
class LeftOut:
    """A record the plan could not use, and why (a code the page words)."""

    id: str
    name: str
    reason: str  # no_position, on_mains, invalid
    detail: Text | None = None  # why the data is invalid, in words


@dataclass(frozen=True)
class RegistryCase:
    """The scenario, and what went into it that the registry did not say."""

    scenario: Scenario
    assumptions: FuelPlanAssumptions
    left_out: tuple[LeftOut, ...] = ()
    stations: tuple[FuelSource, ...] = ()
    reported_fuel: dict[str, float] = field(default_factory=dict)  # point id → usable litres at start


def registry_scenario(
    name: str,
    start: datetime,
    points: Sequence[PlanPoint],
    stations: Sequence[StationRecord] = (),
    assumptions: FuelPlanAssumptions | None = None,
    statuses: Sequence[StatusRecord] | None = None,
) -> RegistryCase:
    """Build the fuel plan's scenario from registry records (see the module docstring).

    Raises
    ------
    PowerInputError
        No point with a position is left to simulate, or a record is invalid.
    """
    a = assumptions or FuelPlanAssumptions()
    require(start.tzinfo is not None, N_("needs a UTC offset"), "start", start.isoformat())
    left_out: list[LeftOut] = []
    placed = _placed_points(points, left_out)
    reported: dict[str, float] = {}
    if statuses is not None:
        placed = _apply_statuses(placed, statuses, start, a, left_out, reported)
    if not placed:
        raise NothingToSimulate(N_("no point with a position loses mains power: nothing to simulate"),
                                field="points", value=[p.spec.id for p in points])
    ranked = _ranked(placed)
    point_ids = {p.spec.id for p in ranked}
    sources = _stations(stations, point_ids, a, left_out)
    depots, trucks, deliveries = _depots(ranked, start, a)
    codes = tuple(sorted({p.municipality_code for p in ranked}))
    scenario = Scenario(
        name=name,
        start=start,
        duration_h=a.duration_h,
        outdoor_c=(float(a.outdoor_c),),
        area=OutageArea(municipality_codes=codes),
        points=tuple(ranked),
        sources=tuple(depots) + tuple(sources),
        trucks=tuple(trucks),
        deliveries=tuple(deliveries),
    )
    return RegistryCase(scenario, a, tuple(left_out), tuple(sources), reported)


def _placed_points(points: Sequence[PlanPoint], left_out: list[LeftOut]) -> list[ScenarioPoint]:
    placed = []
    for p in points:
        if p.lon is None or p.lat is None:
            left_out.append(LeftOut(p.spec.id, p.spec.name, "no_position"))
            continue
        placed.append(ScenarioPoint(spec=p.spec, municipality_code=p.municipality_code, lon=p.lon, lat=p.lat))
    return placed


def _ranked(points: list[ScenarioPoint]) -> list[ScenarioPoint]:
    """Every point gets a rank: its own, else after its municipality's ranked points, by name."""
    out = []
    by_code: dict[str, list[ScenarioPoint]] = {}
    for p in points:
        by_code.setdefault(p.municipality_code, []).append(p)
    for group in by_code.values():
        taken = [p.spec.priority_rank for p in group if p.spec.priority_rank is not None]
        next_rank = max(taken, default=0) + 1
        for p in sorted(group, key=lambda q: (q.spec.priority_rank is None, q.spec.priority_rank or 0,
                                              q.spec.name)):
            if p.spec.priority_rank is None:
                p = replace(p, spec=replace(p.spec, priority_rank=next_rank))
                next_rank += 1
            out.append(p)
    return sorted(out, key=lambda q: (q.spec.priority_rank or 0, q.municipality_code))


def _apply_statuses(
    points: list[ScenarioPoint], statuses: Sequence[StatusRecord], start: datetime,
    a: FuelPlanAssumptions, left_out: list[LeftOut], reported: dict[str, float],
) -> list[ScenarioPoint]:
    by_point = {s.point_id: s for s in statuses}
    out = []
    for p in points:
        status = by_point.get(p.spec.id)
        if status is None:
            continue  # not in the event
        if status.power_source == "mains":
            left_out.append(LeftOut(p.spec.id, p.spec.name, "on_mains"))
            continue
        if status.fuel_l is not None and p.spec.generator.runs:
            litres = _fuel_at_start(p.spec, status, start, a.outdoor_c)
            reported[p.spec.id] = litres
            p = replace(p, spec=replace(p.spec, generator=_with_usable_fuel(p.spec, litres)))
        out.append(p)
    return out


def _fuel_at_start(spec: PointPowerSpec, status: StatusRecord, start: datetime, outdoor_c: float) -> float:
    """Reported litres less what the set burned between the report and ``start``."""
    require(status.fuel_l is not None and status.fuel_l >= 0, N_("fuel left cannot be negative"),
            f"status[{spec.id}].fuel_l", status.fuel_l)
    litres = float(status.fuel_l or 0.0)
    if status.power_source != "backup" or status.reported_at is None or status.reported_at >= start:
        return litres
    per_hour = check_point(spec, outdoor_c).l_per_h  # (24,) by hour of day
    hours = int((start - status.reported_at).total_seconds() // 3600)
    local = status.reported_at.astimezone(start.tzinfo)
    burned = float(np.sum(per_hour[(local.hour + np.arange(hours)) % 24])) if hours > 0 else 0.0
    return max(litres - burned, 0.0)


def _with_usable_fuel(spec: PointPowerSpec, usable_l: float) -> GeneratorSpec:
    """The generator with ``usable_l`` litres above the unusable bottom (at most a full tank)."""
    g = spec.generator
    bottom = g.tank_l * (1.0 - g.usable_fraction)
    return replace(g, fill_l=min(usable_l + bottom, g.tank_l))


def _stations(
    stations: Sequence[StationRecord], point_ids: set[str], a: FuelPlanAssumptions, left_out: list[LeftOut],
) -> list[FuelSource]:
    out = []
    for s in stations:
        if not (s.own_backup or s.powered_by):
            continue  # no backup power: cannot pump in an outage
        if s.lon is None or s.lat is None:
            left_out.append(LeftOut(s.id, s.name, "no_position"))
            continue
        powered_by = s.powered_by if s.powered_by in point_ids and not s.own_backup else None
        stock = a.station_stock_l if s.stock_l is None else s.stock_l
        out.append(FuelSource(id=s.id, name=s.name, kind=SourceKind.STATION, lon=s.lon, lat=s.lat,
                              fuel_l=float(stock), powered_by=powered_by))
    return out


def _depots(
    points: list[ScenarioPoint], start: datetime, a: FuelPlanAssumptions,
) -> tuple[list[FuelSource], list[Truck], list[Delivery]]:
    depots, trucks, deliveries = [], [], []
    for code in sorted({p.municipality_code for p in points}):
        here = [p for p in points if p.municipality_code == code]
        depot_id = f"depot-{code}"
        depots.append(FuelSource(
            id=depot_id, name=f"Depot {code}", kind=SourceKind.DEPOT,
            lon=float(np.mean([p.lon for p in here])), lat=float(np.mean([p.lat for p in here])),
            fuel_l=float(a.depot_stock_l)))
        trucks.append(Truck(id=f"truck-{code}", name=f"Truck {code}", capacity_l=float(a.truck_capacity_l),
                            depot=depot_id, speed_kmh=float(a.truck_speed_kmh),
                            earliest_departure=start + timedelta(hours=a.truck_start_h)))
        deliveries += _deliveries_to(depot_id, start, a)
    return depots, trucks, deliveries


def _deliveries_to(depot_id: str, start: datetime, a: FuelPlanAssumptions) -> list[Delivery]:
    if a.delivery_interval_h == 0 or a.delivery_l == 0:
        return []
    out = []
    for n, hour in enumerate(range(a.delivery_interval_h, a.duration_h, a.delivery_interval_h), start=1):
        moment = start + timedelta(hours=hour)
        out.append(Delivery(id=f"{depot_id}-delivery-{n}", to=depot_id, fuel_l=float(a.delivery_l),
                            departs=moment, arrives=moment, agreement="assumed"))
    return out


def first_to_run_dry(run: ScenarioRun) -> tuple[int, int] | None:
    """(point index, hour) of the point with a running set that is cut first; None if none is."""
    a = run.arrays_
    first = run.result_.first_cut_h
    candidates = np.flatnonzero(a.affected & a.runs & (first >= 0))
    if candidates.size == 0:
        return None
    i = int(candidates[np.lexsort((a.rank[candidates], first[candidates]))[0]])
    return i, int(first[i])


__all__ = [
    "FuelPlanAssumptions",
    "LeftOut",
    "NothingToSimulate",
    "PlanPoint",
    "PowerInputError",
    "RegistryCase",
    "StationRecord",
    "StatusRecord",
    "first_to_run_dry",
    "registry_scenario",
]
