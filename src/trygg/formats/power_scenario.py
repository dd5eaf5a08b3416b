"""Read scenario and point files (YAML or JSON) into validated dataclasses.

Every field is checked before anything runs; an error names the file, the
field path and the value (``storm.yaml: points[2].generator.rated_kw = -20:
must be a number above zero``). Unknown fields are refused, so a misspelt
key does not silently fall back to a default. The format is documented
field by field in ``docs/power-and-fuel.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import shapely
import yaml

from trygg.analysis.power.errors import PowerInputError, require
from trygg.analysis.power.fuel import ConsumptionCurve
from trygg.analysis.power.generator import GeneratorKind, GeneratorSpec
from trygg.analysis.power.loads import HeatingSpec, HeatSource, Load, OpeningHours
from trygg.analysis.power.point import DEFAULT_PLANNED_OUTAGE_H, PointPowerSpec
from trygg.analysis.power.scenario import (
    DEFAULT_HANDLING_H,
    DEFAULT_RESERVE_H,
    DEFAULT_ROAD_FACTOR,
    DEFAULT_SPEED_KMH,
    Delivery,
    FuelSource,
    OutageArea,
    Scenario,
    ScenarioPoint,
    SourceKind,
    Truck,
)
from trygg.formats.tabular import parse_number
from trygg.rules.catalogue import LoadClass
from trygg.text import N_

_PLAN_KEYS = {"id", "name", "level", "priority", "capacity_people", "opening_hours", "loads",
              "heating", "generator"}
_LOCATION_KEYS = {"municipality", "lon", "lat", "weight"}


@contextmanager
def _within(prefix: str) -> Iterator[None]:
    """Prefix the field path of any PowerInputError raised inside."""
    try:
        yield
    except PowerInputError as err:
        raise err.at(prefix) from None


def load_file(path: str | Path) -> Any:
    """Parse a YAML or JSON file (by suffix; YAML otherwise)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PowerInputError(N_("cannot read the file ({strerror})", strerror=str(err.strerror)), source=str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise PowerInputError(N_("is not valid {value}: {err}", value='JSON' if path.suffix == '.json' else 'YAML', err=str(err)), source=str(path)) from None


def read_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    data = load_file(path)
    try:
        return parse_scenario(data)
    except PowerInputError as err:
        raise err.at(source=str(path)) from None


@dataclass(frozen=True)
class PointsFile:
    """A points file for ``trygg power check --file``: plans and the check's options."""

    points: tuple[PointPowerSpec, ...]
    outdoor_c: float | None
    planned_outage_h: float
    margin: float | None
    start: datetime | None


def read_points(path: str | Path) -> PointsFile:
    """Read and validate a points file (the ``points`` of a scenario, locations optional)."""
    data = load_file(path)
    try:
        return parse_points(data)
    except PowerInputError as err:
        raise err.at(source=str(path)) from None


def parse_points(data: Any) -> PointsFile:
    m = _mapping(data, "")
    _only(m, {"points", "outdoor_c", "planned_outage_h", "margin", "start"}, "")
    items = _list(_need(m, "points", ""), "points")
    require(len(items) > 0, N_("needs at least one point"), "points", [])
    specs = []
    for i, item in enumerate(items):
        with _within(f"points[{i}]"):
            point = _mapping(item, "")
            _only(point, _PLAN_KEYS | _LOCATION_KEYS, "")
            specs.append(parse_plan(point))
    outdoor = _number(m["outdoor_c"], "outdoor_c") if "outdoor_c" in m else None
    return PointsFile(
        points=tuple(specs),
        outdoor_c=outdoor,
        planned_outage_h=_number(m.get("planned_outage_h", DEFAULT_PLANNED_OUTAGE_H),
                                 "planned_outage_h"),
        margin=_number(m["margin"], "margin") if "margin" in m else None,
        start=_datetime(m["start"], "start") if "start" in m else None,
    )


def parse_scenario(data: Any) -> Scenario:
    """Build a :class:`Scenario` from parsed YAML/JSON (paths in errors, no file name)."""
    m = _mapping(data, "")
    _only(m, {"name", "start", "duration_h", "outdoor_c", "outage", "points", "depots",
              "stations", "trucks", "deliveries", "road_factor", "reserve_h", "margin"}, "")
    outdoor = _need(m, "outdoor_c", "")
    temps = [outdoor] if not isinstance(outdoor, list) else outdoor
    sources = tuple(
        [_source(x, f"depots[{i}]", SourceKind.DEPOT) for i, x in enumerate(_list(m.get("depots", []), "depots"))]
        + [_source(x, f"stations[{i}]", SourceKind.STATION)
           for i, x in enumerate(_list(m.get("stations", []), "stations"))]
    )
    return Scenario(
        name=str(m.get("name", "scenario")),
        start=_datetime(_need(m, "start", ""), "start"),
        duration_h=_int(_need(m, "duration_h", ""), "duration_h"),
        outdoor_c=tuple(_number(t, f"outdoor_c[{i}]" if isinstance(outdoor, list) else "outdoor_c")
                        for i, t in enumerate(temps)),
        area=_outage(_need(m, "outage", "")),
        points=tuple(_scenario_point(x, f"points[{i}]")
                     for i, x in enumerate(_list(_need(m, "points", ""), "points"))),
        sources=sources,
        trucks=tuple(_truck(x, f"trucks[{i}]") for i, x in enumerate(_list(m.get("trucks", []), "trucks"))),
        deliveries=tuple(_delivery(x, f"deliveries[{i}]")
                         for i, x in enumerate(_list(m.get("deliveries", []), "deliveries"))),
        road_factor=_number(m.get("road_factor", DEFAULT_ROAD_FACTOR), "road_factor"),
        reserve_h=_number(m.get("reserve_h", DEFAULT_RESERVE_H), "reserve_h"),
        **({"margin": _number(m["margin"], "margin")} if "margin" in m else {}),
    )


# --- parts ----------------------------------------------------------------


def parse_plan(m: Mapping[str, Any]) -> PointPowerSpec:
    """A point's power plan from its mapping (paths relative to the point)."""
    level = _int(_need(m, "level", ""), "level")
    with _within("loads"):
        loads = tuple(_load(x, f"[{i}]") for i, x in enumerate(_list(m.get("loads", []), "")))
    heating = _heating(m["heating"]) if m.get("heating") is not None else None
    generator = _generator(m["generator"]) if m.get("generator") is not None else GeneratorSpec()
    return PointPowerSpec(
        id=_str(_need(m, "id", ""), "id"),
        name=_str(m.get("name", m.get("id", "")), "name"),
        level=level,
        loads=loads,
        heating=heating,
        generator=generator,
        opening_hours=_hours(m["opening_hours"]) if "opening_hours" in m else None,
        priority_rank=_int(m["priority"], "priority") if "priority" in m else None,
        capacity_people=_int(m.get("capacity_people", 0), "capacity_people"),
    )


def _scenario_point(item: Any, prefix: str) -> ScenarioPoint:
    with _within(prefix):
        m = _mapping(item, "")
        _only(m, _PLAN_KEYS | _LOCATION_KEYS, "")
        return ScenarioPoint(
            spec=parse_plan(m),
            municipality_code=_municipality(_need(m, "municipality", ""), "municipality"),
            lon=_number(_need(m, "lon", ""), "lon"),
            lat=_number(_need(m, "lat", ""), "lat"),
            weight=_number(m["weight"], "weight") if "weight" in m else None,
        )


def _load(item: Any, prefix: str) -> Load:
    with _within(prefix):
        m = _mapping(item, "")
        _only(m, {"name", "class", "power_kw", "power_kva", "power_factor", "quantity",
                  "simultaneity"}, "")
        return Load(
            name=_str(_need(m, "name", ""), "name"),
            load_class=_enum(LoadClass, _need(m, "class", ""), "class"),
            power_kw=_opt_number(m, "power_kw"),
            quantity=_int(m.get("quantity", 1), "quantity"),
            power_kva=_opt_number(m, "power_kva"),
            power_factor=_opt_number(m, "power_factor"),
            simultaneity=_opt_number(m, "simultaneity"),
        )


def _heating(item: Any) -> HeatingSpec:
    with _within("heating"):
        m = _mapping(item, "")
        keys = {"floor_area_m2", "heat_source", "district_heating_has_backup",
                "heat_loss_w_per_m2k", "indoor_c", "closed_indoor_c", "heat_pump_cop"}
        _only(m, keys, "")
        kwargs: dict[str, Any] = {
            "floor_area_m2": _number(_need(m, "floor_area_m2", ""), "floor_area_m2"),
            "heat_source": _enum(HeatSource, _need(m, "heat_source", ""), "heat_source"),
            "district_heating_has_backup": _bool(m.get("district_heating_has_backup", False),
                                                 "district_heating_has_backup"),
        }
        for key in keys - kwargs.keys():
            if key in m:
                kwargs[key] = _number(m[key], key)
        return HeatingSpec(**kwargs)


def _generator(item: Any) -> GeneratorSpec:
    with _within("generator"):
        m = _mapping(item, "")
        _only(m, {"kind", "rated_kw", "rated_kva", "power_factor", "tank_l", "usable_fraction",
                  "fill_l", "fill_fraction", "consumption_curve", "mobile_agreement"}, "")
        tank = _number(m.get("tank_l", 0.0), "tank_l")
        fill = _opt_number(m, "fill_l")
        if "fill_fraction" in m:
            require(fill is None, N_("give fill_l or fill_fraction, not both"), "fill_fraction",
                    m["fill_fraction"])
            fraction = _number(m["fill_fraction"], "fill_fraction")
            require(0 <= fraction <= 1, N_("must be between 0 and 1"), "fill_fraction", fraction)
            fill = fraction * tank
        return GeneratorSpec(
            kind=_enum(GeneratorKind, m.get("kind", "none"), "kind"),
            rated_kw=_opt_number(m, "rated_kw"),
            rated_kva=_opt_number(m, "rated_kva"),
            power_factor=_opt_number(m, "power_factor"),
            tank_l=tank,
            usable_fraction=_number(m.get("usable_fraction", 1.0), "usable_fraction"),
            fill_l=fill,
            consumption_curve=_curve(m["consumption_curve"]) if "consumption_curve" in m else None,
            mobile_agreement=_bool(m.get("mobile_agreement", False), "mobile_agreement"),
        )


def _curve(item: Any) -> ConsumptionCurve:
    m = _mapping(item, "consumption_curve")
    _only(m, {"load_fraction", "l_per_h"}, "consumption_curve")
    fractions = _list(_need(m, "load_fraction", "consumption_curve"), "consumption_curve.load_fraction")
    litres = _list(_need(m, "l_per_h", "consumption_curve"), "consumption_curve.l_per_h")
    return ConsumptionCurve(
        tuple(_number(x, f"consumption_curve.load_fraction[{i}]") for i, x in enumerate(fractions)),
        tuple(_number(x, f"consumption_curve.l_per_h[{i}]") for i, x in enumerate(litres)),
    )


def _hours(value: Any) -> OpeningHours:
    if isinstance(value, str) and "-" in value:
        parts = value.replace("–", "-").split("-")
        try:
            return OpeningHours(int(parts[0].split(":")[0]), int(parts[1].split(":")[0]))
        except (ValueError, IndexError):
            pass
    if isinstance(value, list) and len(value) == 2:
        return OpeningHours(_int(value[0], "opening_hours[0]"), _int(value[1], "opening_hours[1]"))
    raise PowerInputError(N_("must be [open, close] in whole hours, or \"07-22\""),
                          field="opening_hours", value=value)


def _outage(item: Any) -> OutageArea:
    with _within("outage"):
        m = _mapping(item, "")
        _only(m, {"polygon", "municipalities"}, "")
        codes = tuple(_municipality(c, f"municipalities[{i}]")
                      for i, c in enumerate(_list(m.get("municipalities", []), "municipalities")))
        polygon = _polygon(m["polygon"]) if m.get("polygon") is not None else None
    return OutageArea(polygon=polygon, municipality_codes=codes)


def _polygon(item: Any) -> shapely.Polygon | shapely.MultiPolygon:
    """A GeoJSON Polygon or MultiPolygon (or a Feature holding one), [lon, lat]."""
    m = _mapping(item, "polygon")
    if m.get("type") == "Feature":
        m = _mapping(m.get("geometry"), "polygon.geometry")
    kind = m.get("type")
    require(kind in ("Polygon", "MultiPolygon"), N_("must be a GeoJSON Polygon or MultiPolygon"),
            "polygon.type", kind)
    coords = _list(_need(m, "coordinates", "polygon"), "polygon.coordinates")
    if kind == "Polygon":
        return shapely.Polygon(*_rings(coords, "polygon.coordinates"))
    parts = [shapely.Polygon(*_rings(_list(p, f"polygon.coordinates[{i}]"), f"polygon.coordinates[{i}]"))
             for i, p in enumerate(coords)]
    return shapely.MultiPolygon(parts)


def _rings(rings: list[Any], path: str) -> tuple[list[tuple[float, float]], list[list[tuple[float, float]]]]:
    require(len(rings) > 0, N_("needs an outer ring"), path, rings)
    parsed = []
    for r, ring in enumerate(rings):
        positions = _list(ring, f"{path}[{r}]")
        points = []
        for i, pos in enumerate(positions):
            ok = isinstance(pos, list) and len(pos) in (2, 3) and all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in pos)
            require(ok, N_("must be a [lon, lat] position"), f"{path}[{r}][{i}]", pos)
            points.append((float(pos[0]), float(pos[1])))
        require(len(points) >= 4, N_("a ring needs at least four positions (the last repeats the first)"),
                f"{path}[{r}]", len(points))
        require(points[0] == points[-1],
                N_("does not close: the last position {points} must repeat the first {points2}", points=str(list(points[-1])), points2=str(list(points[0]))), f"{path}[{r}]", f"{len(points)} positions")
        parsed.append(points)
    return parsed[0], parsed[1:]


def _source(item: Any, prefix: str, kind: SourceKind) -> FuelSource:
    with _within(prefix):
        m = _mapping(item, "")
        allowed = {"id", "name", "lon", "lat", "fuel_l"} | ({"powered_by"} if kind is SourceKind.STATION else set())
        _only(m, allowed, "")
        return FuelSource(
            id=_str(_need(m, "id", ""), "id"),
            name=_str(m.get("name", m.get("id", "")), "name"),
            kind=kind,
            lon=_number(_need(m, "lon", ""), "lon"),
            lat=_number(_need(m, "lat", ""), "lat"),
            fuel_l=_number(_need(m, "fuel_l", ""), "fuel_l"),
            powered_by=_str(m["powered_by"], "powered_by") if m.get("powered_by") else None,
        )


def _truck(item: Any, prefix: str) -> Truck:
    with _within(prefix):
        m = _mapping(item, "")
        _only(m, {"id", "name", "capacity_l", "depot", "speed_kmh", "leg_h",
                  "earliest_departure", "handling_h"}, "")
        departure = m.get("earliest_departure")
        return Truck(
            id=_str(_need(m, "id", ""), "id"),
            name=_str(m.get("name", m.get("id", "")), "name"),
            capacity_l=_number(_need(m, "capacity_l", ""), "capacity_l"),
            depot=_str(_need(m, "depot", ""), "depot"),
            speed_kmh=_number(m.get("speed_kmh", DEFAULT_SPEED_KMH), "speed_kmh"),
            leg_h=_opt_number(m, "leg_h"),
            earliest_departure=_datetime(departure, "earliest_departure") if departure else None,
            handling_h=_number(m.get("handling_h", DEFAULT_HANDLING_H), "handling_h"),
        )


def _delivery(item: Any, prefix: str) -> Delivery:
    with _within(prefix):
        m = _mapping(item, "")
        _only(m, {"id", "to", "fuel_l", "departs", "arrives", "agreement"}, "")
        return Delivery(
            id=_str(_need(m, "id", ""), "id"),
            to=_str(_need(m, "to", ""), "to"),
            fuel_l=_number(_need(m, "fuel_l", ""), "fuel_l"),
            departs=_datetime(_need(m, "departs", ""), "departs"),
            arrives=_datetime(_need(m, "arrives", ""), "arrives"),
            agreement=str(m.get("agreement", "")),
        )


# --- scalars --------------------------------------------------------------


def _mapping(value: Any, path: str) -> Any:
    require(isinstance(value, dict), N_("must be a mapping of fields"), path or "(top level)",
            type(value).__name__)
    return value


def _list(value: Any, path: str) -> Any:
    require(isinstance(value, list), N_("must be a list"), path, value)
    return value


def _only(m: Mapping[str, Any], allowed: set[str], path: str) -> None:
    for key in m:
        require(key in allowed, N_("unknown field (allowed: {value})", value=', '.join(sorted(allowed))),
                f"{path}.{key}" if path else str(key), m[key])


def _need(m: Mapping[str, Any], key: str, path: str) -> Any:
    require(key in m and m[key] is not None, N_("is required"), f"{path}.{key}" if path else key, None)
    return m[key]


def _number(value: Any, path: str) -> float:
    """A YAML/JSON number, or a text written as a number (``"1 200"``, ``"12,5"``, ``"−10"``).

    A quoted figure is read by the one number parser of every trygg reader,
    :func:`trygg.formats.tabular.parse_number`, so a value pasted from a
    Swedish spreadsheet means the same here as in an imported CSV.
    """
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            raise PowerInputError(N_("must be a number"), field=path, value=value) from None
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    require(ok, N_("must be a number"), path, value)
    return float(value)


def _opt_number(m: Mapping[str, Any], key: str) -> float | None:
    return _number(m[key], key) if m.get(key) is not None else None


def _int(value: Any, path: str) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool)
    ok = ok or (isinstance(value, float) and value.is_integer())
    require(ok, N_("must be a whole number"), path, value)
    return int(value)


def _str(value: Any, path: str) -> str:
    require(isinstance(value, str | int) and not isinstance(value, bool) and str(value) != "",
            N_("must be a non-empty text"), path, value)
    return str(value)


def _bool(value: Any, path: str) -> bool:
    require(isinstance(value, bool), N_("must be true or false"), path, value)
    return bool(value)


def _enum(kind: Any, value: Any, path: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise PowerInputError(N_("must be one of {value}", value=', '.join(v.value for v in kind)), field=path,
                              value=value) from None


def _municipality(value: Any, path: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"  # YAML reads 0114 or 2321 as numbers
    require(isinstance(value, str) and len(value) == 4 and value.isdigit(),
            N_("must be a four-digit SCB municipality code"), path, value)
    return str(value)


def _datetime(value: Any, path: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise PowerInputError(N_("must be an ISO 8601 time, e.g. 2026-01-12T06:00:00+01:00"),
                                  field=path, value=value) from None
    elif isinstance(value, date):
        raise PowerInputError(N_("needs a time of day and UTC offset, e.g. 2026-01-12T06:00:00+01:00"),
                              field=path, value=value.isoformat())
    else:
        raise PowerInputError(N_("must be an ISO 8601 time"), field=path, value=value)
    require(moment.tzinfo is not None, N_("needs a UTC offset, e.g. +01:00"), path, str(value))
    return moment
