"""A row's position: WGS 84 degrees or SWEREF 99 TM metres, checked to lie in Sweden and to agree."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trygg.analysis.geo import (
    SWEDEN_LAT_RANGE,
    SWEDEN_LON_RANGE,
    SWEDEN_X_RANGE_M,
    SWEDEN_Y_RANGE_M,
    SWEREF99TM,
    WGS84,
    round_lonlat,
    transformer,
)
from trygg.formats.errors import RowError
from trygg.text import N_, Text

# --- coordinates ----------------------------------------------------------------

# Two readings of one place further apart than this are a contradiction, not rounding.
_MAX_COORDINATE_DISAGREEMENT_M = 50.0


@dataclass(frozen=True)
class RowContext:
    """Where a row comes from, for messages."""

    row: int
    unit: str  # "row" or "feature"
    in_geometry: bool  # coordinates come from a GeoJSON geometry, not from columns

    def error(self, field_name: str, value: str, message: Text) -> RowError:
        return RowError(self.row, field_name, value, message, self.unit)


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _in_sweden_lonlat(lat: float, lon: float) -> bool:
    return _inside(lat, SWEDEN_LAT_RANGE) and _inside(lon, SWEDEN_LON_RANGE)


_OUTSIDE = N_("The point is outside Sweden (lat {lat_low:g}–{lat_high:g}, lon {lon_low:g}–{lon_high:g} in WGS 84).",
              lat_low=SWEDEN_LAT_RANGE[0], lat_high=SWEDEN_LAT_RANGE[1],
              lon_low=SWEDEN_LON_RANGE[0], lon_high=SWEDEN_LON_RANGE[1])


def _check_lonlat(lat: float, lon: float, fields: tuple[str, str], ctx: RowContext) -> tuple[float, float] | RowError:
    """The WGS 84 position if it is in Sweden; otherwise the error, naming a swap when it looks like one."""
    lat_field, lon_field = fields
    value = f"[{lon}, {lat}]" if ctx.in_geometry else f"{lat}, {lon}"
    field_name = "geometry" if ctx.in_geometry else lat_field
    if _in_sweden_lonlat(lat, lon):
        return round_lonlat(lat), round_lonlat(lon)
    if _in_sweden_lonlat(lon, lat):
        if ctx.in_geometry:
            return ctx.error(
                field_name, value,
                N_("The coordinates look swapped: GeoJSON is [longitude, latitude], but here the latitude comes first."),
            )
        return ctx.error(
            field_name, value,
            N_("{lat_field} and {lon_field} look swapped: {lat_field} {lat} is a longitude in Sweden and {lon_field} {lon} a latitude.", lat_field=lat_field, lon_field=lon_field, lat=lat, lon=lon),
        )
    if abs(lat) > 1000 and abs(lon) > 1000:
        if ctx.in_geometry:
            message = N_("The coordinates look like SWEREF 99 TM metres, not WGS 84 degrees. "
                         "Add a \"crs\" member naming EPSG:3006 or export as WGS 84.")
        else:
            message = N_("The coordinates look like SWEREF 99 TM metres, not WGS 84 degrees. "
                         "Name the columns n and e.")
        return ctx.error(field_name, value, message)
    return ctx.error(field_name, value, _OUTSIDE)


def _check_sweref(n: float, e: float, fields: tuple[str, str], ctx: RowContext) -> tuple[float, float] | RowError:
    """The WGS 84 position of a SWEREF 99 TM point (m) if it is in Sweden; otherwise the error."""
    n_field, e_field = fields
    value = f"[{e}, {n}]" if ctx.in_geometry else f"{n}, {e}"
    field_name = "geometry" if ctx.in_geometry else n_field
    if _inside(n, SWEDEN_Y_RANGE_M) and _inside(e, SWEDEN_X_RANGE_M):
        lon, lat = transformer(SWEREF99TM, WGS84).transform(e, n)
        if _in_sweden_lonlat(lat, lon):
            return round_lonlat(lat), round_lonlat(lon)
        return ctx.error(field_name, value, _OUTSIDE)
    if _inside(e, SWEDEN_Y_RANGE_M) and _inside(n, SWEDEN_X_RANGE_M):
        if ctx.in_geometry:
            message = N_("Northing and easting look swapped: GeoJSON with EPSG:3006 is [easting, northing].")
        else:
            message = N_("Northing and easting look swapped: {n_field} is the northing (7 digits), "
                         "{e_field} the easting (6 digits).", n_field=n_field, e_field=e_field)
        return ctx.error(field_name, value, message)
    if abs(n) <= 180 and abs(e) <= 180:
        return ctx.error(
            field_name, value,
            N_("The coordinates look like WGS 84 degrees, not SWEREF 99 TM metres."),
        )
    return ctx.error(
        field_name, value,
        N_("The point is outside Sweden (SWEREF 99 TM: northing 6 100 000–7 700 000 m, easting 200 000–1 000 000 m)."),
    )


def _check_xy(x: float, y: float, ctx: RowContext) -> tuple[float, float] | RowError:
    """Columns named x/y: degrees are (lon, lat); metres are SWEREF 99 TM in either axis convention.

    Swedish surveying calls the northing X, GIS tools call the easting x; the
    northing has 7 digits and the easting 6, so the magnitude decides.
    """
    if abs(x) <= 180 and abs(y) <= 180:
        return _check_lonlat(y, x, ("y", "x"), ctx)
    if abs(x) >= 1000 and abs(y) >= 1000:
        if y >= x:  # the larger is the northing
            return _check_sweref(y, x, ("y", "x"), ctx)
        return _check_sweref(x, y, ("x", "y"), ctx)
    return ctx.error(
        "x", f"{x}, {y}",
        N_("x and y are neither both degrees (WGS 84) nor both metres (SWEREF 99 TM)."),
    )


def _pair(values: Mapping[str, Any], first: str, second: str, ctx: RowContext, errors: list[RowError]) -> tuple[float, float] | None:
    a, b = values.get(first), values.get(second)
    if a is None and b is None:
        return None
    if a is None or b is None:
        missing, given = (first, second) if a is None else (second, first)
        errors.append(ctx.error(missing, "", N_("'{given}' is given but '{missing}' is blank.", given=given, missing=missing)))
        return None
    return float(a), float(b)


def _positions(values: Mapping[str, Any], ctx: RowContext, errors: list[RowError]) -> list[tuple[str, tuple[float, float]]]:
    """Every position the row gives (lat/lon, n/e, x/y), each checked and in WGS 84."""
    found: list[tuple[str, tuple[float, float] | RowError]] = []
    if (wgs := _pair(values, "lat", "lon", ctx, errors)) is not None:
        found.append(("lat/lon", _check_lonlat(*wgs, ("lat", "lon"), ctx)))
    if (grid := _pair(values, "n", "e", ctx, errors)) is not None:
        found.append(("n/e", _check_sweref(*grid, ("n", "e"), ctx)))
    if (xy := _pair(values, "x", "y", ctx, errors)) is not None:
        found.append(("x/y", _check_xy(*xy, ctx)))
    good: list[tuple[str, tuple[float, float]]] = []
    for label, result in found:
        if isinstance(result, RowError):
            errors.append(result)
        else:
            good.append((label, result))
    return good


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    to_grid = transformer(WGS84, SWEREF99TM)
    ax, ay = to_grid.transform(a[1], a[0])
    bx, by = to_grid.transform(b[1], b[0])
    return float(math.hypot(ax - bx, ay - by))


def resolve_position(
    values: Mapping[str, Any], required: bool, ctx: RowContext, errors: list[RowError]
) -> tuple[float, float] | None:
    """The row's WGS 84 (lat, lon), or None; errors for bad, missing or contradictory coordinates."""
    before = len(errors)
    good = _positions(values, ctx, errors)
    if len(errors) > before:
        return None
    if not good:
        if required:
            errors.append(ctx.error(
                "geometry" if ctx.in_geometry else "lat", "",
                N_("Coordinates are missing: give lat and lon (WGS 84) or n and e (SWEREF 99 TM)."),
            ))
        return None
    first_label, first = good[0]
    for label, other in good[1:]:
        gap_m = _distance_m(first, other)
        if gap_m > _MAX_COORDINATE_DISAGREEMENT_M:
            errors.append(ctx.error(
                label.split("/")[0], f"{first_label} {first[0]}, {first[1]}; {label} {other[0]}, {other[1]}",
                N_("{first_label} and {label} point to places {gap_m:.0f} m apart; give one pair or correct them.", first_label=first_label, label=label, gap_m=gap_m),
            ))
            return None
    return first
