"""GeoJSON input for the point and site readers: limits checked before parsing, features to rows."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from trygg.formats.errors import ImportRejected, RowError, RowWarning
from trygg.formats.limits import (
    MAX_CELL_CHARS,
    MAX_GEOJSON_DEPTH,
    MAX_IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
)
from trygg.formats.point_coordinates import RowContext
from trygg.formats.point_schema import COORDINATE_NAMES
from trygg.formats.point_values import as_text
from trygg.formats.tabular import (
    header_key,
    limit_exceeded,
)
from trygg.text import N_, Text

# --- GeoJSON input ------------------------------------------------------------------

_EPSG_NAME = re.compile(r"(?:urn:ogc:def:crs:)?EPSG:{1,2}(?:[\d.]*:)?(\d+)", re.IGNORECASE)


def _file_error(source_name: str, message: Text, value: str = "") -> ImportRejected:
    return ImportRejected([RowError(None, "", value, message)], source_name)


def _crs_is_sweref(document: Mapping[str, Any], source_name: str) -> bool:
    """True when an old-style ``crs`` member names EPSG:3006; WGS 84 (no crs, CRS84, 4326) is False."""
    crs = document.get("crs")
    if crs is None:
        return False
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str):
        raise _file_error(source_name, N_("The crs member has no name."), as_text(crs))
    if name.upper().endswith("CRS84"):
        return False
    match = _EPSG_NAME.fullmatch(name.strip())
    code = match.group(1) if match else None
    if code == "3006":
        return True
    if code == "4326":
        return False
    raise _file_error(
        source_name,
        N_("The coordinate system is not supported; use WGS 84 or SWEREF 99 TM (EPSG:3006)."),
        name,
    )


# A string (skipped whole), a bracket, or a number, true, false or null.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|[-\d.eE+]+|true|false|null')


_MAX_JSON_VALUES = MAX_IMPORT_ROWS * MAX_IMPORT_COLUMNS


def _check_depth(text: str, source_name: str) -> None:
    """Refuse JSON past the depth, feature or value limits before parsing it.

    Parsing builds a Python object for every value, so a small file of many
    tiny values (``[{},{},…]``) would cost far more memory than its size;
    the scan counts nesting, features (objects directly in a top-level list)
    and values (strings, numbers, literals, objects, lists) first, skipping
    the text of strings.
    """
    stack: list[str] = []
    features = values = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        values += 1
        if bracket in "]}":
            if stack:
                stack.pop()
            values -= 1
        elif bracket in "[{":
            if bracket == "{" and len(stack) == 2 and stack[1] == "[":
                features += 1
                if features > MAX_IMPORT_ROWS:
                    raise _too_many_features(source_name, features)
            stack.append(bracket)
            if len(stack) > MAX_GEOJSON_DEPTH:
                raise _file_error(
                    source_name,
                    N_("The GeoJSON file is nested deeper than {MAX_GEOJSON_DEPTH} levels (MAX_GEOJSON_DEPTH).", MAX_GEOJSON_DEPTH=MAX_GEOJSON_DEPTH),
                )
        if values > _MAX_JSON_VALUES:
            raise _file_error(
                source_name,
                N_("The GeoJSON file holds more than {MAX_JSON_VALUES} values (MAX_IMPORT_ROWS × MAX_IMPORT_COLUMNS).", MAX_JSON_VALUES=_MAX_JSON_VALUES),
            )


def _too_many_features(source_name: str, count: int) -> ImportRejected:
    return _file_error(
        source_name,
        N_("The file has more than {MAX_IMPORT_ROWS} features (MAX_IMPORT_ROWS). Split it.", MAX_IMPORT_ROWS=MAX_IMPORT_ROWS),
    )


def _check_feature_limits(features: list[Any], source_name: str) -> None:
    if len(features) > MAX_IMPORT_ROWS:  # a features list not at the usual place escapes the scan
        raise _too_many_features(source_name, len(features))
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            continue
        if len(properties) > MAX_IMPORT_COLUMNS:
            raise limit_exceeded(
                source_name, number, "",
                N_("The feature has {properties_count} properties; the limit is {MAX_IMPORT_COLUMNS} (MAX_IMPORT_COLUMNS).", properties_count=len(properties), MAX_IMPORT_COLUMNS=MAX_IMPORT_COLUMNS),
                "feature",
            )
        for key, value in properties.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise limit_exceeded(
                    source_name, number, key,
                    N_("A value is longer than {MAX_CELL_CHARS} characters (MAX_CELL_CHARS).", MAX_CELL_CHARS=MAX_CELL_CHARS),
                    "feature",
                )


def _features(text: str, source_name: str) -> tuple[list[Any], bool]:
    _check_depth(text, source_name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _file_error(
            source_name,
            N_("The file is not valid JSON (line {lineno}, column {colno}: {msg}).", lineno=exc.lineno, colno=exc.colno, msg=exc.msg),
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        kind = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise _file_error(source_name, N_("The file must be a GeoJSON FeatureCollection."), as_text(kind))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise _file_error(source_name, N_("The FeatureCollection has no features."))
    _check_feature_limits(features, source_name)
    return features, _crs_is_sweref(document, source_name)


def _geometry_cells(feature: Mapping[str, Any], sweref: bool, ctx: RowContext) -> dict[str, object] | RowError:
    geometry = feature.get("geometry")
    if geometry is None:
        return {}
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        return ctx.error("geometry", as_text(kind), N_("The geometry must be a Point."))
    coordinates = geometry.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or len(coordinates) not in (2, 3)
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        return ctx.error("geometry", as_text(coordinates), N_("The coordinates must be [x, y], two numbers."))
    x, y = coordinates[0], coordinates[1]
    return {"e": x, "n": y} if sweref else {"lon": x, "lat": y}


def geojson_rows(
    text: str, source_name: str, aliases: Mapping[str, str], errors: list[RowError], warnings: list[RowWarning]
) -> list[tuple[int, dict[str, object]]]:
    """Each feature's properties by canonical name, plus its coordinates as lon/lat or e/n."""
    features, sweref = _features(text, source_name)
    warned: set[str] = set()
    rows: list[tuple[int, dict[str, object]]] = []
    for number, feature in enumerate(features, start=1):
        ctx = RowContext(number, "feature", in_geometry=True)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(ctx.error("", as_text(feature)[:80], N_("The item is not a GeoJSON Feature.")))
            continue
        properties = feature.get("properties") or {}
        cells: dict[str, object] = {}
        for key, value in properties.items() if isinstance(properties, dict) else ():
            canonical = aliases.get(header_key(key))
            if canonical is None or canonical in COORDINATE_NAMES:
                _warn_property_once(key, canonical is not None, number, warned, warnings)
            elif canonical in cells:
                errors.append(ctx.error(
                    canonical, as_text(value),
                    N_("Two properties mean '{canonical}'; remove one of them.", canonical=canonical),
                ))
            else:
                cells[canonical] = value
        geometry = _geometry_cells(feature, sweref, ctx)
        if isinstance(geometry, RowError):
            errors.append(geometry)
            continue
        cells.update(geometry)
        rows.append((number, cells))
    return rows


def _warn_property_once(key: str, is_coordinate: bool, number: int, warned: set[str], warnings: list[RowWarning]) -> None:
    if key in warned:
        return
    warned.add(key)
    if is_coordinate:
        warnings.append(RowWarning(
            number, key,
            N_("Property '{key}' was ignored; coordinates come from the geometry.", key=key),
        ))
    else:
        warnings.append(RowWarning(number, key, N_("Unknown property '{key}' was ignored.", key=key)))
