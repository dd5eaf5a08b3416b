"""Coordinates: WGS 84 ↔ SWEREF 99 TM, Sweden checks, GeoPackage geometry.

All distances in ``trygg.analysis`` are measured in SWEREF 99 TM (EPSG:3006),
Sweden's national projected grid, whose units are metres. Coordinates come in
as WGS 84 longitude/latitude (EPSG:4326) and are projected here with pyproj.
The transformers use ``always_xy=True`` so every pair is (x, y) = (lon, lat)
or (easting, northing), never the axis order of the CRS definition.

GeoPackage files are SQLite databases; their geometry blobs are a short
header followed by standard WKB, read here with the stdlib ``sqlite3`` and
shapely, so no GDAL is needed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer

from trygg.analysis.errors import AnalysisError
from trygg.text import N_

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"

# Sweden's extreme points are about 55.34–69.06 °N and 10.96–24.17 °E
# (Smygehuk, Treriksröset, Koster, Haparanda); the box is a little wider so
# islands and border-straddling roads are not rejected.
SWEDEN_LON_RANGE = (10.0, 24.5)
SWEDEN_LAT_RANGE = (55.0, 69.5)
# The same area in SWEREF 99 TM metres (easting, northing).
SWEDEN_X_RANGE_M = (200_000.0, 1_000_000.0)
SWEDEN_Y_RANGE_M = (6_100_000.0, 7_700_000.0)


@lru_cache(maxsize=16)
def transformer(source_crs: str, target_crs: str) -> Transformer:
    """A cached pyproj transformer with (x, y) = (lon, lat) axis order.

    Parameters
    ----------
    source_crs, target_crs : str
        CRS identifiers such as ``"EPSG:4326"`` or ``"EPSG:3006"``.
    """
    return Transformer.from_crs(source_crs, target_crs, always_xy=True)


def lonlat_to_xy(
    lon: ArrayLike, lat: ArrayLike, crs: str = SWEREF99TM
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Project WGS 84 degrees to a projected CRS (default SWEREF 99 TM), in m.

    Examples
    --------
    >>> x, y = lonlat_to_xy([14.6357], [63.1792])  # Östersund
    >>> round(float(x[0]) / 1000), round(float(y[0]) / 1000)
    (482, 7006)
    """
    lon_a = np.asarray(lon, dtype=np.float64)
    lat_a = np.asarray(lat, dtype=np.float64)
    x, y = transformer(WGS84, crs).transform(lon_a, lat_a)
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def xy_to_lonlat(
    x: ArrayLike, y: ArrayLike, crs: str = SWEREF99TM
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unproject metres in a projected CRS (default SWEREF 99 TM) to WGS 84 degrees."""
    x_a = np.asarray(x, dtype=np.float64)
    y_a = np.asarray(y, dtype=np.float64)
    lon, lat = transformer(crs, WGS84).transform(x_a, y_a)
    return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)


def _row_label(rows: Sequence[int] | None, index: int) -> int:
    return rows[index] if rows is not None else index + 1


def _in_range(values: NDArray[np.float64], bounds: tuple[float, float]) -> NDArray[np.bool_]:
    return (values >= bounds[0]) & (values <= bounds[1])


def validate_lonlat_in_sweden(
    lon: ArrayLike,
    lat: ArrayLike,
    source: str,
    rows: Sequence[int] | None = None,
    lon_field: str = "lon",
    lat_field: str = "lat",
) -> None:
    """Raise :class:`AnalysisError` unless every point lies in Sweden.

    The message names the source, the row (1-based data row unless ``rows``
    gives the numbers), the field and the value, and says when the pair looks
    like latitude and longitude swapped (a common mistake, since Swedish
    latitudes 55–69 are not valid Swedish longitudes and vice versa).

    Parameters
    ----------
    lon, lat : array_like
        WGS 84 degrees.
    source : str
        The file or input name used in messages.
    rows : sequence of int, optional
        The row number of each point in the source, for messages.
    """
    lon_a = np.asarray(lon, dtype=np.float64)
    lat_a = np.asarray(lat, dtype=np.float64)
    bad_number = ~(np.isfinite(lon_a) & np.isfinite(lat_a))
    if bad_number.any():
        i = int(np.flatnonzero(bad_number)[0])
        raise AnalysisError(
            N_("{source}, row {row_label}: coordinates {lon_field}={lon_a!r}, {lat_field}={lat_a!r} are not numbers", source=source, row_label=_row_label(rows, i), lon_field=lon_field, lon_a=lon_a[i], lat_field=lat_field, lat_a=lat_a[i])
        )
    inside = _in_range(lon_a, SWEDEN_LON_RANGE) & _in_range(lat_a, SWEDEN_LAT_RANGE)
    if inside.all():
        return
    i = int(np.flatnonzero(~inside)[0])
    swapped = (
        _in_range(lat_a[i : i + 1], SWEDEN_LON_RANGE)[0]
        and _in_range(lon_a[i : i + 1], SWEDEN_LAT_RANGE)[0]
    )
    hint = (
        N_(" — it looks like latitude and longitude are swapped ({lon_field} should be "
           "{lat:g} and {lat_field} {lon:g})", lon_field=lon_field, lat=lat_a[i], lat_field=lat_field, lon=lon_a[i])
        if swapped
        else N_(" (Sweden lies within {lon_field} {lon_low}–{lon_high}, "
                "{lat_field} {lat_low}–{lat_high} in WGS 84 degrees)", lon_field=lon_field,
                lon_low=SWEDEN_LON_RANGE[0], lon_high=SWEDEN_LON_RANGE[1], lat_field=lat_field,
                lat_low=SWEDEN_LAT_RANGE[0], lat_high=SWEDEN_LAT_RANGE[1])
    )
    raise AnalysisError(
        N_("{source}, row {row_label}: {lon_field}={lon_a:g}, {lat_field}={lat_a:g} is outside Sweden{hint}", source=source, row_label=_row_label(rows, i), lon_field=lon_field, lon_a=lon_a[i], lat_field=lat_field, lat_a=lat_a[i], hint=hint)
    )


def validate_xy_in_sweden(
    x: ArrayLike,
    y: ArrayLike,
    source: str,
    rows: Sequence[int] | None = None,
    x_field: str = "x",
    y_field: str = "y",
) -> None:
    """Raise :class:`AnalysisError` unless every SWEREF 99 TM point (m) lies in Sweden.

    A swapped pair (northing given as easting) is named as such in the message.
    """
    x_a = np.asarray(x, dtype=np.float64)
    y_a = np.asarray(y, dtype=np.float64)
    finite = np.isfinite(x_a) & np.isfinite(y_a)
    inside = finite & _in_range(x_a, SWEDEN_X_RANGE_M) & _in_range(y_a, SWEDEN_Y_RANGE_M)
    if inside.all():
        return
    i = int(np.flatnonzero(~inside)[0])
    swapped = bool(
        finite[i]
        and SWEDEN_X_RANGE_M[0] <= y_a[i] <= SWEDEN_X_RANGE_M[1]
        and SWEDEN_Y_RANGE_M[0] <= x_a[i] <= SWEDEN_Y_RANGE_M[1]
    )
    hint = (
        N_(" — it looks like {x_field} and {y_field} are swapped (easting has 6 digits, "
           "northing 7 in SWEREF 99 TM)", x_field=x_field, y_field=y_field)
        if swapped
        else N_(" (SWEREF 99 TM, EPSG:3006, metres: easting 200 000–1 000 000, "
                "northing 6 100 000–7 700 000)")
    )
    raise AnalysisError(
        N_("{source}, row {row_label}: {x_field}={x_a!r}, {y_field}={y_a!r} is outside Sweden{hint}", source=source, row_label=_row_label(rows, i), x_field=x_field, x_a=x_a[i], y_field=y_field, y_a=y_a[i], hint=hint)
    )


def round_lonlat(value: float) -> float:
    """Round a WGS 84 degree to 7 decimals (≈ 1 cm), the RFC 7946 recommendation."""
    return round(float(value), 7)


# --- GeoPackage -------------------------------------------------------------

# Envelope sizes in bytes by the envelope indicator in the GeoPackage blob
# header flags (OGC 12-128r18, 2.1.3): none, xy, xyz, xym, xyzm.
_GPKG_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


@dataclass(frozen=True)
class GpkgLayer:
    """The features of one GeoPackage table: attribute rows and shapely geometries."""

    name: str
    srs_id: int
    columns: list[str]
    rows: list[dict[str, Any]]
    geometries: list[shapely.Geometry | None]


def gpkg_blob_to_geometry(blob: bytes | None) -> shapely.Geometry | None:
    """Decode a GeoPackage geometry blob (header + WKB) into a shapely geometry.

    Returns ``None`` for a NULL or empty geometry.
    """
    if blob is None:
        return None
    if len(blob) < 8 or blob[:2] != b"GP":
        raise AnalysisError(N_("GeoPackage geometry blob does not start with the 'GP' magic"))
    flags = blob[3]
    envelope = (flags >> 1) & 0b111
    if envelope not in _GPKG_ENVELOPE_BYTES:
        raise AnalysisError(N_("GeoPackage geometry blob has an unknown envelope code {envelope}", envelope=envelope))
    if flags & 0b1_0000:  # the empty-geometry flag
        return None
    return shapely.from_wkb(bytes(blob[8 + _GPKG_ENVELOPE_BYTES[envelope] :]))


def _gpkg_feature_tables(con: sqlite3.Connection, path: Path) -> list[tuple[str, str, int]]:
    try:
        return list(
            con.execute(
                "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
                "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
                "WHERE c.data_type = 'features' ORDER BY c.table_name"
            )
        )
    except sqlite3.DatabaseError as exc:
        raise AnalysisError(N_("{path}: not a GeoPackage ({exc})", path=str(path), exc=str(exc))) from exc


def read_gpkg_layer(path: str | Path, layer: str | None = None) -> GpkgLayer:
    """Read one feature table of a GeoPackage without GDAL.

    Parameters
    ----------
    path : str or Path
        The ``.gpkg`` file.
    layer : str, optional
        The table to read; required only when the file has several.

    Returns
    -------
    GpkgLayer
        Attribute rows (dicts, geometry column left out), geometries and the
        layer's SRS id (e.g. 3006 for SWEREF 99 TM).
    """
    path = Path(path)
    if not path.is_file():
        raise AnalysisError(N_("{path}: no such file", path=str(path)))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = _gpkg_feature_tables(con, path)
        name, geom_col, srs_id = _pick_layer(tables, layer, path)
        cursor = con.execute(f'SELECT * FROM "{name}"')
        columns = [d[0] for d in cursor.description]
        rows: list[dict[str, Any]] = []
        geometries: list[shapely.Geometry | None] = []
        for values in cursor:
            record = dict(zip(columns, values, strict=True))
            try:
                geometries.append(gpkg_blob_to_geometry(record.pop(geom_col)))
            except (AnalysisError, shapely.errors.GEOSException) as exc:
                raise AnalysisError(N_("{path}, layer {name}, row {value}: {exc}", path=str(path), name=name, value=len(rows) + 1, exc=str(exc))) from exc
            rows.append(record)
    finally:
        con.close()
    return GpkgLayer(name, int(srs_id), [c for c in columns if c != geom_col], rows, geometries)


def _pick_layer(
    tables: list[tuple[str, str, int]], layer: str | None, path: Path
) -> tuple[str, str, int]:
    if not tables:
        raise AnalysisError(N_("{path}: the GeoPackage has no feature table", path=str(path)))
    if layer is None:
        if len(tables) > 1:
            names = ", ".join(t[0] for t in tables)
            raise AnalysisError(N_("{path}: several layers ({names}); name one", path=str(path), names=names))
        return tables[0]
    for table in tables:
        if table[0] == layer:
            return table
    raise AnalysisError(N_("{path}: no layer {layer!r} (has {value})", path=str(path), layer=layer, value=', '.join(t[0] for t in tables)))
