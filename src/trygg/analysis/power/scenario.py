"""The outage scenario: its model, validation, and the arrays the simulation runs on.

A :class:`Scenario` names an outage (an area, a start, a duration, outdoor
temperatures), the points with their loads, generators and tanks, and the
fuel that exists: municipal depots, fuel stations with backup power (the
SOT-punkter), trucks that carry fuel and agreed deliveries into the depots.
:func:`prepare` turns it into arrays: one row per point, one column per hour.

Travel: straight-line distance in SWEREF 99 TM (EPSG:3006) × ``road_factor``
(default 1.3: roads in the Norrland inland wind around lakes and
mountains; a stated assumption, typical circuity factors are 1.2–1.4) ÷ the
truck's speed, or a fixed ``leg_h`` per leg when the plan knows its times.

Time: whole hours from ``start``. The clock keeps the start's UTC offset for
the whole outage (a daylight-saving change inside an outage shifts opening
hours by one hour; ignored).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np
import shapely
from numpy.typing import NDArray

from trygg.analysis.geo import SWEDEN_LAT_RANGE, SWEDEN_LON_RANGE, lonlat_to_xy
from trygg.analysis.power.errors import (
    PowerInputError,
    require,
    require_non_negative,
    require_positive,
)
from trygg.analysis.power.fuel import litres_per_hour
from trygg.analysis.power.generator import DEFAULT_MARGIN
from trygg.analysis.power.loads import load_model
from trygg.analysis.power.point import PointPowerSpec
from trygg.text import N_

DEFAULT_ROAD_FACTOR = 1.3
DEFAULT_SPEED_KMH = 50.0  # a tank truck on winter roads in a storm; stated assumption
DEFAULT_HANDLING_H = 0.5  # filling at the source plus pumping into the tank
DEFAULT_RESERVE_H = 24.0  # refuel a point when it would run dry within a day of arrival
MAX_DURATION_H = 24 * 90  # the handbook's horizon: plan fuel for three months


class SourceKind(StrEnum):
    DEPOT = "depot"  # the municipality's own storage
    STATION = "station"  # a fuel station with backup power (SOT-punkt)


@dataclass(frozen=True)
class OutageArea:
    """Where the mains fail: inside a polygon, or in whole municipalities.

    Parameters
    ----------
    polygon : shapely Polygon or MultiPolygon, optional
        WGS 84 lon/lat.
    municipality_codes : tuple of str
        SCB four-digit municipality codes ("2321").
    """

    polygon: shapely.Polygon | shapely.MultiPolygon | None = None
    municipality_codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require(
            self.polygon is not None or bool(self.municipality_codes),
            N_("name a polygon or municipality codes"),
            "outage",
            None,
        )
        for i, code in enumerate(self.municipality_codes):
            require(_is_municipality_code(code), N_("must be a four-digit SCB municipality code"),
                    f"outage.municipalities[{i}]", code)
        if self.polygon is not None:
            _check_polygon(self.polygon)

    def covers(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64], codes: Sequence[str]
    ) -> NDArray[np.bool_]:
        """True for each place that loses mains power."""
        inside = np.isin(np.asarray(codes), np.asarray(self.municipality_codes, dtype=str))
        if self.polygon is not None:
            inside |= shapely.contains_xy(self.polygon, lon, lat)
        return np.asarray(inside, dtype=bool)


@dataclass(frozen=True)
class ScenarioPoint:
    """A point in a scenario: its power plan and where it is.

    ``weight`` is its weight in the optimised allocation; default 1 / priority rank.
    """

    spec: PointPowerSpec
    municipality_code: str
    lon: float
    lat: float
    weight: float | None = None


@dataclass(frozen=True)
class FuelSource:
    """Diesel that trucks can load: a depot, or a station with backup power.

    ``powered_by`` names the point whose generator runs a station's pumps
    (a SOT-punkt): when that point runs dry, the station cannot pump.
    """

    id: str
    name: str
    kind: SourceKind
    lon: float
    lat: float
    fuel_l: float
    powered_by: str | None = None


@dataclass(frozen=True)
class Truck:
    """A vehicle that carries fuel from a source to points and back to its depot."""

    id: str
    name: str
    capacity_l: float
    depot: str
    speed_kmh: float = DEFAULT_SPEED_KMH
    leg_h: float | None = None
    earliest_departure: datetime | None = None
    handling_h: float = DEFAULT_HANDLING_H


@dataclass(frozen=True)
class Delivery:
    """An agreed delivery of fuel into a depot or station (e.g. a supplier's tanker)."""

    id: str
    to: str
    fuel_l: float
    departs: datetime
    arrives: datetime
    agreement: str = ""


@dataclass(frozen=True)
class Scenario:
    """A whole outage scenario; validated on construction (nothing runs half way)."""

    name: str
    start: datetime
    duration_h: int
    outdoor_c: tuple[float, ...]
    area: OutageArea
    points: tuple[ScenarioPoint, ...]
    sources: tuple[FuelSource, ...] = ()
    trucks: tuple[Truck, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    road_factor: float = DEFAULT_ROAD_FACTOR
    reserve_h: float = DEFAULT_RESERVE_H
    margin: float = DEFAULT_MARGIN

    def __post_init__(self) -> None:
        _check_times(self)
        _check_points(self.points)
        _check_sources(self.sources, {p.spec.id for p in self.points})
        _check_trucks(self.trucks, self.sources)
        _check_deliveries(self.deliveries, self.sources)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(hours=self.duration_h)

    def hour_of(self, moment: datetime) -> int:
        """The first whole simulation hour at or after ``moment`` (may be < 0 or ≥ duration)."""
        return math.ceil((moment - self.start).total_seconds() / 3600.0 - 1e-9)


# --- validation -----------------------------------------------------------


def _is_municipality_code(code: object) -> bool:
    return isinstance(code, str) and len(code) == 4 and code.isdigit() and 1 <= int(code[:2]) <= 25


def _check_polygon(polygon: shapely.Geometry) -> None:
    require(
        isinstance(polygon, shapely.Polygon | shapely.MultiPolygon) and not polygon.is_empty,
        N_("must be a GeoJSON Polygon or MultiPolygon"),
        "outage.polygon",
        getattr(polygon, "geom_type", polygon),
    )
    require(bool(polygon.is_valid), N_("is not a valid polygon ({value})", value=shapely.is_valid_reason(polygon)),
            "outage.polygon", polygon.geom_type)
    lon_min, lat_min, lon_max, lat_max = polygon.bounds
    inside = (
        SWEDEN_LON_RANGE[0] <= lon_min and lon_max <= SWEDEN_LON_RANGE[1]
        and SWEDEN_LAT_RANGE[0] <= lat_min and lat_max <= SWEDEN_LAT_RANGE[1]
    )
    require(
        inside,
        N_("lies outside Sweden (lon {SWEDEN_LON_RANGE}–{SWEDEN_LON_RANGE2}, lat {SWEDEN_LAT_RANGE}–{SWEDEN_LAT_RANGE2} in WGS 84 [lon, lat] order)", SWEDEN_LON_RANGE=SWEDEN_LON_RANGE[0], SWEDEN_LON_RANGE2=SWEDEN_LON_RANGE[1], SWEDEN_LAT_RANGE=SWEDEN_LAT_RANGE[0], SWEDEN_LAT_RANGE2=SWEDEN_LAT_RANGE[1]),
        "outage.polygon bounds",
        [round(v, 4) for v in polygon.bounds],
    )


def check_lonlat(lon: float, lat: float, field_prefix: str) -> None:
    """Raise unless (lon, lat) is a WGS 84 position within Sweden's bounding box."""
    for name, value, (low, high) in (("lon", lon, SWEDEN_LON_RANGE), ("lat", lat, SWEDEN_LAT_RANGE)):
        if _is_number(value) and low <= value <= high:
            continue
        swapped = (
            _is_number(lon) and _is_number(lat)
            and SWEDEN_LON_RANGE[0] <= lat <= SWEDEN_LON_RANGE[1]
            and SWEDEN_LAT_RANGE[0] <= lon <= SWEDEN_LAT_RANGE[1]
        )
        problem = (N_("must lie in Sweden, {low}–{high} (lon and lat look swapped)", low=low, high=high)
                   if swapped else N_("must lie in Sweden, {low}–{high}", low=low, high=high))
        raise PowerInputError(problem,
                              field=f"{field_prefix}.{name}", value=value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_times(s: Scenario) -> None:
    require(s.start.tzinfo is not None, N_("needs a UTC offset, e.g. 2026-01-12T06:00:00+01:00"),
            "start", s.start.isoformat())
    ok = isinstance(s.duration_h, int) and not isinstance(s.duration_h, bool)
    require(ok and 1 <= s.duration_h <= MAX_DURATION_H,
            N_("must be whole hours, 1–{MAX_DURATION_H}", MAX_DURATION_H=MAX_DURATION_H), "duration_h", s.duration_h)
    days = math.ceil(s.duration_h / 24)
    require(len(s.outdoor_c) == 1 or len(s.outdoor_c) >= days,
            N_("give one temperature or one per 24 h of the outage ({days} values)", days=days),
            "outdoor_c", list(s.outdoor_c))
    for i, value in enumerate(s.outdoor_c):
        ok = isinstance(value, int | float) and not isinstance(value, bool) and -60 <= value <= 45
        require(ok, N_("must be °C between −60 and 45"), f"outdoor_c[{i}]", value)
    require_positive(s.road_factor, "road_factor")
    require_non_negative(s.reserve_h, "reserve_h")
    require_positive(s.margin, "margin")


def _check_points(points: Sequence[ScenarioPoint]) -> None:
    require(len(points) > 0, N_("a scenario needs at least one point"), "points", [])
    seen: set[str] = set()
    for i, point in enumerate(points):
        prefix = f"points[{i}]"
        spec = point.spec
        require(spec.id not in seen, N_("is used by two points"), f"{prefix}.id", spec.id)
        seen.add(spec.id)
        require(spec.priority_rank is not None,
                N_("every point in a scenario needs a priority (1 = served first)"),
                f"{prefix}.priority", None)
        require(_is_municipality_code(point.municipality_code),
                N_("must be a four-digit SCB municipality code"), f"{prefix}.municipality",
                point.municipality_code)
        check_lonlat(point.lon, point.lat, prefix)
        if point.weight is not None:
            require_positive(point.weight, f"{prefix}.weight")


def _check_sources(sources: Sequence[FuelSource], point_ids: set[str]) -> None:
    seen: set[str] = set()
    for i, source in enumerate(sources):
        prefix = f"{source.kind.value}s[{_index_of_kind(sources, i)}]"
        require(bool(source.id) and source.id not in seen, N_("must be a unique id"),
                f"{prefix}.id", source.id)
        seen.add(source.id)
        check_lonlat(source.lon, source.lat, prefix)
        require_non_negative(source.fuel_l, f"{prefix}.fuel_l")
        if source.powered_by is not None:
            require(source.powered_by in point_ids, N_("names no point in the scenario"),
                    f"{prefix}.powered_by", source.powered_by)


def _index_of_kind(sources: Sequence[FuelSource], i: int) -> int:
    return sum(1 for s in sources[:i] if s.kind is sources[i].kind)


def _check_trucks(trucks: Sequence[Truck], sources: Sequence[FuelSource]) -> None:
    depots = {s.id for s in sources if s.kind is SourceKind.DEPOT}
    seen: set[str] = set()
    for i, truck in enumerate(trucks):
        prefix = f"trucks[{i}]"
        require(bool(truck.id) and truck.id not in seen, N_("must be a unique id"), f"{prefix}.id",
                truck.id)
        seen.add(truck.id)
        require_positive(truck.capacity_l, f"{prefix}.capacity_l")
        require(truck.depot in depots, N_("names no depot in the scenario"), f"{prefix}.depot",
                truck.depot)
        require_positive(truck.speed_kmh, f"{prefix}.speed_kmh")
        if truck.leg_h is not None:
            require_positive(truck.leg_h, f"{prefix}.leg_h")
        require_non_negative(truck.handling_h, f"{prefix}.handling_h")
        if truck.earliest_departure is not None:
            require(truck.earliest_departure.tzinfo is not None, N_("needs a UTC offset"),
                    f"{prefix}.earliest_departure", truck.earliest_departure.isoformat())


def _check_deliveries(deliveries: Sequence[Delivery], sources: Sequence[FuelSource]) -> None:
    ids = {s.id for s in sources}
    for i, delivery in enumerate(deliveries):
        prefix = f"deliveries[{i}]"
        require(delivery.to in ids, N_("names no depot or station in the scenario"), f"{prefix}.to",
                delivery.to)
        require_positive(delivery.fuel_l, f"{prefix}.fuel_l")
        for name in ("departs", "arrives"):
            moment = getattr(delivery, name)
            require(moment.tzinfo is not None, N_("needs a UTC offset"), f"{prefix}.{name}",
                    moment.isoformat())
        require(
            delivery.arrives >= delivery.departs,
            N_("arrives before it departs ({value})", value=delivery.departs.isoformat()),
            f"{prefix}.arrives",
            delivery.arrives.isoformat(),
        )


# --- arrays ---------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioArrays:
    """A scenario as arrays: P points × T hours, S sources, K trucks.

    Fuel in litres, power in kW, time in whole hours from the start.
    """

    point_ids: tuple[str, ...]
    rank: NDArray[np.int64]  # (P,) priority rank, 1 = first
    order: NDArray[np.intp]  # (P,) point indices in priority order (rank, then file order)
    weight: NDArray[np.float64]  # (P,) weight in the optimised allocation
    affected: NDArray[np.bool_]  # (P,) loses mains power
    runs: NDArray[np.bool_]  # (P,) has a generator that will run
    rated_kw: NDArray[np.float64]  # (P,)
    load_kw: NDArray[np.float64]  # (P, T)
    demand_l: NDArray[np.float64]  # (P, T) litres the set burns in each hour if it has fuel
    open: NDArray[np.bool_]  # (P, T)
    capacity_people: NDArray[np.float64]  # (P,)
    tank_l: NDArray[np.float64]  # (P,) usable tank volume
    level0_l: NDArray[np.float64]  # (P,) usable fuel at the start
    source_ids: tuple[str, ...]
    stock0_l: NDArray[np.float64]  # (S,)
    powered_by: NDArray[np.intp]  # (S,) index of the point running a station's pumps, or -1
    truck_ids: tuple[str, ...]
    truck_capacity_l: NDArray[np.float64]  # (K,)
    truck_base: NDArray[np.intp]  # (K,) source index of each truck's depot
    truck_start_h: NDArray[np.int64]  # (K,) first hour a truck may leave
    truck_profile: NDArray[np.intp]  # (K,) trucks with equal depot, capacity, speed, start share one
    out_h: NDArray[np.float64]  # (K, S, P) depot → source → point, with handling
    back_h: NDArray[np.float64]  # (K, P) point → depot
    arrivals: tuple[tuple[int, int, float], ...]  # (hour, source index, litres) in horizon
    late_deliveries: tuple[str, ...] = ()  # ids of deliveries arriving after the end
    hours: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    reserve_h: float = DEFAULT_RESERVE_H

    @property
    def n_hours(self) -> int:
        return int(self.load_kw.shape[1])

    def with_extra(self, fuel_l: NDArray[np.float64], clones: Sequence[int] = ()) -> ScenarioArrays:
        """A copy with ``fuel_l`` (S,) more litres at the sources and a copy of each truck in ``clones``.

        A copy keeps its original's depot, capacity and speed; it is named ``extra-1``, ….
        """
        stock = self.stock0_l + np.asarray(fuel_l, dtype=np.float64)
        if len(clones) == 0:
            return replace(self, stock0_l=stock)
        pick = np.concatenate([np.arange(len(self.truck_ids)), np.asarray(clones, dtype=np.intp)])
        return replace(
            self,
            stock0_l=stock,
            truck_ids=self.truck_ids + tuple(f"extra-{i + 1}" for i in range(len(clones))),
            truck_capacity_l=self.truck_capacity_l[pick],
            truck_base=self.truck_base[pick],
            truck_start_h=self.truck_start_h[pick],
            truck_profile=self.truck_profile[pick],
            out_h=self.out_h[pick],
            back_h=self.back_h[pick],
        )


def prepare(scenario: Scenario) -> ScenarioArrays:
    """Turn a scenario into the arrays :func:`~trygg.analysis.power.simulation.simulate` runs on."""
    T = scenario.duration_h
    hours = np.arange(T)
    hour_of_day = (scenario.start.hour + hours) % 24
    temps = np.asarray(scenario.outdoor_c, dtype=np.float64)
    outdoor = temps[np.minimum(hours // 24, len(temps) - 1)]
    points = scenario.points
    specs = [p.spec for p in points]
    lon = np.array([p.lon for p in points])
    lat = np.array([p.lat for p in points])
    affected = scenario.area.covers(lon, lat, [p.municipality_code for p in points])
    runs = np.array([s.generator.runs for s in specs])
    rated = np.array([s.generator.rated_power_kw for s in specs])
    load, is_open = _point_loads(specs, hour_of_day, outdoor)
    demand = _demand_litres(specs, load, rated, affected & runs)
    rank = np.array([s.priority_rank for s in specs], dtype=np.int64)
    sources, trucks = scenario.sources, scenario.trucks
    out_h, back_h = _travel(scenario, lon, lat)
    arrivals, late = _arrivals(scenario)
    return ScenarioArrays(
        point_ids=tuple(s.id for s in specs),
        rank=rank,
        order=np.lexsort((np.arange(len(points)), rank)).astype(np.intp),
        weight=np.array([p.weight if p.weight is not None else 1.0 / float(r)
                         for p, r in zip(points, rank.tolist(), strict=True)]),
        affected=affected,
        runs=runs,
        rated_kw=rated,
        load_kw=load,
        demand_l=demand,
        open=is_open,
        capacity_people=np.array([s.capacity_people for s in specs], dtype=np.float64),
        tank_l=np.array([s.generator.usable_tank_l for s in specs]),
        level0_l=np.array([s.generator.usable_fill_l for s in specs]),
        source_ids=tuple(s.id for s in sources),
        stock0_l=np.array([s.fuel_l for s in sources], dtype=np.float64),
        powered_by=np.array(
            [[s.spec.id for s in points].index(src.powered_by) if src.powered_by else -1
             for src in sources], dtype=np.intp),
        truck_ids=tuple(t.id for t in trucks),
        truck_capacity_l=np.array([t.capacity_l for t in trucks], dtype=np.float64),
        truck_base=np.array([[s.id for s in sources].index(t.depot) for t in trucks], dtype=np.intp),
        truck_start_h=np.array(
            [max(scenario.hour_of(t.earliest_departure), 0) if t.earliest_departure else 0
             for t in trucks], dtype=np.int64),
        truck_profile=_profiles(scenario),
        out_h=out_h,
        back_h=back_h,
        arrivals=arrivals,
        late_deliveries=late,
        hours=hours,
        reserve_h=scenario.reserve_h,
    )


def _point_loads(
    specs: Sequence[PointPowerSpec], hour_of_day: NDArray[np.int64], outdoor: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    models = [load_model(s.loads, s.heating, s.hours) for s in specs]
    fixed = np.stack([m.fixed_kw for m in models])  # (P, 24)
    target = np.stack([m.target_c for m in models])
    coef = np.array([m.heat_kw_per_k for m in models])
    open_mask = np.stack([m.open_mask for m in models])
    heat = coef[:, None] * np.maximum(target[:, hour_of_day] - outdoor[None, :], 0.0)
    return fixed[:, hour_of_day] + heat, open_mask[:, hour_of_day]


def _demand_litres(
    specs: Sequence[PointPowerSpec],
    load: NDArray[np.float64],
    rated: NDArray[np.float64],
    on_generator: NDArray[np.bool_],
) -> NDArray[np.float64]:
    demand = np.zeros_like(load)
    idx = np.flatnonzero(on_generator)
    if idx.size:
        served = np.minimum(load[idx], rated[idx, None])
        curves = [specs[i].generator.consumption_curve for i in idx.tolist()]
        demand[idx] = litres_per_hour(rated[idx], served, curves)
    return demand


def _travel(
    scenario: Scenario, lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    sources, trucks = scenario.sources, scenario.trucks
    P, S, K = len(lon), len(sources), len(trucks)
    if K == 0 or S == 0:
        return np.zeros((K, S, P)), np.zeros((K, P))
    px, py = lonlat_to_xy(lon, lat)
    sx, sy = lonlat_to_xy([s.lon for s in sources], [s.lat for s in sources])
    road_km_sp = np.hypot(sx[:, None] - px[None, :], sy[:, None] - py[None, :]) / 1000.0
    road_km_ss = np.hypot(sx[:, None] - sx[None, :], sy[:, None] - sy[None, :]) / 1000.0
    road_km_sp *= scenario.road_factor
    road_km_ss *= scenario.road_factor
    base = np.array([[s.id for s in sources].index(t.depot) for t in trucks])
    out_h = np.empty((K, S, P))
    back_h = np.empty((K, P))
    for k, truck in enumerate(trucks):
        leg_sp = _legs(road_km_sp, truck)
        leg_ss = _legs(road_km_ss, truck)
        out_h[k] = leg_ss[base[k]][:, None] + leg_sp + truck.handling_h
        back_h[k] = leg_sp[base[k]]
    return out_h, back_h


def _profiles(scenario: Scenario) -> NDArray[np.intp]:
    """Equal trucks (same depot, capacity, speed, leg time, handling, start) share an id."""
    keys = [(t.depot, t.capacity_l, t.speed_kmh, t.leg_h, t.handling_h,
             scenario.hour_of(t.earliest_departure) if t.earliest_departure else 0)
            for t in scenario.trucks]
    first: dict[object, int] = {}
    return np.array([first.setdefault(key, i) for i, key in enumerate(keys)], dtype=np.intp)


def _legs(road_km: NDArray[np.float64], truck: Truck) -> NDArray[np.float64]:
    if truck.leg_h is not None:
        # A fixed time per leg; staying in place takes none.
        return np.where(road_km > 0.05, truck.leg_h, 0.0)
    return road_km / truck.speed_kmh


def _arrivals(scenario: Scenario) -> tuple[tuple[tuple[int, int, float], ...], tuple[str, ...]]:
    index = {s.id: i for i, s in enumerate(scenario.sources)}
    arrivals, late = [], []
    for delivery in scenario.deliveries:
        hour = max(scenario.hour_of(delivery.arrives), 0)
        if hour >= scenario.duration_h:
            late.append(delivery.id)
        else:
            arrivals.append((hour, index[delivery.to], float(delivery.fuel_l)))
    return tuple(arrivals), tuple(late)

