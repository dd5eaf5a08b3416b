"""Demand files: SCB's population grid, population points and polygons, kommun boundaries.

The file side of :mod:`trygg.analysis.demand`: these readers turn a user's
CSV (through :func:`trygg.formats.tabular.read_rows`, so any encoding,
separator and number spelling ``trygg import points`` accepts), GeoJSON or
GeoPackage into the :class:`~trygg.analysis.demand.Demand` arrays the
analyses compute on. Every bad value is named by file, row and field
(:class:`~trygg.analysis.errors.AnalysisError`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from trygg.analysis.demand import ELDERLY_MIN_AGE, Demand, FloatArray, MunicipalityBoundaries
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import (
    SWEREF99TM,
    WGS84,
    lonlat_to_xy,
    read_gpkg_layer,
    transformer,
    validate_lonlat_in_sweden,
    validate_xy_in_sweden,
)
from trygg.formats.demand_columns import (
    Table,
    cell_number,
    cell_population,
    group_columns,
    groups_from_age_bands,
    parse_scb_square_id,
    square_centres,
)
from trygg.formats.errors import ImportRejected
from trygg.formats.tabular import read_rows
from trygg.text import N_


def read_csv_table(path: Path) -> Table:
    """Read a CSV the way :func:`trygg.formats.tabular.read_rows` reads every user file.

    UTF-8 (BOM allowed), UTF-16 or Windows-1252; ``,``, ``;`` or tab separators.
    """
    if not path.is_file():
        raise AnalysisError(N_("{path}: no such file", path=str(path)))
    try:
        table = read_rows(path, source_name=str(path))
    except ImportRejected as exc:
        raise AnalysisError(str(exc)) from None
    if table.errors:
        raise AnalysisError(table.errors[0].describe(table.source))
    if not table.rows:
        raise AnalysisError(N_("{path}: no data rows (empty file)", path=str(path)))
    return Table(table.source, table.header, [r.cells for r in table.rows], [r.row for r in table.rows])


SCB_ID_COLUMNS = ("ruta", "rutid", "rut_id", "rutid_scb", "ruta_id", "rutkod")
SCB_POPULATION_COLUMNS = ("pop", "beftotalt", "befolkning", "population", "totalt", "tot", "antal")
CORNER_X_COLUMNS = (
    "x_corner",
    "xkoord",
    "x_koord",
    "x_sweref",
    "x_sweref99tm",
    "easting",
    "x",
    "e",
)
CORNER_Y_COLUMNS = (
    "y_corner",
    "ykoord",
    "y_koord",
    "y_sweref",
    "y_sweref99tm",
    "northing",
    "y",
    "n",
)
MUNICIPALITY_COLUMNS = ("kommun_kod", "kommunkod", "kommun", "kn", "municipality", "kom_kod")


def _grid_corners(table: Table, id_col: str | None) -> tuple[NDArray[np.int64], ...]:
    if id_col is not None:
        pairs = [
            parse_scb_square_id(r[id_col], table.source, table.row_numbers[i])
            for i, r in enumerate(table.rows)
        ]
        return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    x_col = table.column(CORNER_X_COLUMNS, required="square id or corner x")
    y_col = table.column(CORNER_Y_COLUMNS, required="corner y")
    assert x_col is not None and y_col is not None
    x = np.array(
        [
            cell_number(r[x_col], table.source, table.row_numbers[i], x_col)
            for i, r in enumerate(table.rows)
        ]
    )
    y = np.array(
        [
            cell_number(r[y_col], table.source, table.row_numbers[i], y_col)
            for i, r in enumerate(table.rows)
        ]
    )
    validate_xy_in_sweden(x, y, table.source, table.row_numbers, x_col, y_col)
    return np.round(x).astype(np.int64), np.round(y).astype(np.int64)


def _grid_from_table(
    table: Table,
    cell_size_m: int | None,
    population_column: str | None,
    group_fields: Mapping[str, str] | None,
    square_centres_m: tuple[FloatArray, FloatArray] | None = None,
    elderly_min_age: int = ELDERLY_MIN_AGE,
) -> Demand:
    id_col = table.column(SCB_ID_COLUMNS)
    pop_col = table.column(
        [population_column] if population_column else SCB_POPULATION_COLUMNS,
        required="population",
    )
    assert pop_col is not None
    population = np.array(
        [
            cell_population(r[pop_col], table.source, table.row_numbers[i], pop_col)
            for i, r in enumerate(table.rows)
        ]
    )
    if square_centres_m is not None:
        x, y = square_centres_m
        ids = [
            r[id_col] if id_col else f"{int(xi)}_{int(yi)}"
            for r, xi, yi in zip(table.rows, x, y, strict=True)
        ]
    else:
        cx, cy = _grid_corners(table, id_col)
        validate_xy_in_sweden(
            cx, cy, table.source, table.row_numbers, "corner easting", "corner northing"
        )
        x, y, _ = square_centres(cx, cy, table.source, cell_size_m)
        ids = [f"{a:06d}{b:07d}" for a, b in zip(cx, cy, strict=True)]
    groups = groups_from_age_bands(
        table.rows, table.header, table.source, table.row_numbers, elderly_min_age
    )
    groups.update(
        group_columns(table.rows, table.header, table.source, table.row_numbers, group_fields)
    )
    mun_col = table.column(MUNICIPALITY_COLUMNS)
    municipality = [r[mun_col] for r in table.rows] if mun_col else None
    return Demand.from_xy(
        ids,
        x,
        y,
        population,
        municipality,
        groups,
        source=table.source,
        note="SCB population grid: one point per square at the square's centre.",
    )


def read_scb_grid(
    path: str | Path,
    cell_size_m: int | None = None,
    population_column: str | None = None,
    layer: str | None = None,
    group_fields: Mapping[str, str] | None = None,
    elderly_min_age: int = ELDERLY_MIN_AGE,
) -> Demand:
    """Read SCB's open population grid (CSV or GeoPackage) as demand points.

    Each square becomes one point at its centre. A CSV names the square by
    SCB's 13-digit id (``Ruta``, ``Rutid`` …; see :func:`parse_scb_square_id`)
    or by its south-west corner (``x_corner``/``y_corner``, ``xkoord``/
    ``ykoord``, ``x``/``y``, SWEREF 99 TM metres). A GeoPackage square's
    centre is taken from its polygon. Total population is read from ``Pop``,
    ``Beftotalt``, ``befolkning`` or ``population`` (or ``population_column``).
    Five-year age-band columns (``ald0_4`` … ``ald100w``, ``0-4`` …, ``85+``)
    give the children (0–17) and elderly (65+, or ``elderly_min_age``+ such as
    80) counts, assuming ages evenly spread within a band; columns named after a
    group (``children``, ``elderly``, ``other_mother_tongue``, ``disability``)
    give those counts directly.

    Parameters
    ----------
    path : str or Path
        ``.csv`` (``,`` ``;`` or tab separated) or ``.gpkg``.
    cell_size_m : int, optional
        Square side, m (1000 or 250); inferred from the corners when omitted.
    population_column : str, optional
        The total-population column, when not one of the usual names.
    layer : str, optional
        The GeoPackage layer, when the file has several.
    elderly_min_age : int
        First age of the elderly group (65; 80 for the oldest old).

    Returns
    -------
    Demand
        ``modelled=False``; municipality codes only if the file has them.
    """
    path = Path(path)
    if path.suffix.lower() == ".gpkg":
        return _read_grid_gpkg(path, population_column, layer, group_fields, elderly_min_age)
    return _grid_from_table(
        read_csv_table(path),
        cell_size_m,
        population_column,
        group_fields,
        elderly_min_age=elderly_min_age,
    )


def _read_grid_gpkg(
    path: Path,
    population_column: str | None,
    layer: str | None,
    group_fields: Mapping[str, str] | None,
    elderly_min_age: int,
) -> Demand:
    gpkg = read_gpkg_layer(path, layer)
    source = f"{path} (layer {gpkg.name})"
    if not gpkg.rows:
        raise AnalysisError(N_("{source}: no data rows (empty layer)", source=source))
    rows_n = list(range(1, len(gpkg.rows) + 1))
    missing = [i for i, g in enumerate(gpkg.geometries) if g is None or g.is_empty]
    if missing:
        raise AnalysisError(N_("{source}, row {value}: the square has no geometry", source=source, value=missing[0] + 1))
    centres = shapely.centroid(np.asarray(gpkg.geometries, dtype=object))
    x, y = shapely.get_x(centres), shapely.get_y(centres)
    if gpkg.srs_id == 4326:
        validate_lonlat_in_sweden(x, y, source, rows_n)
        x, y = lonlat_to_xy(x, y)
    elif gpkg.srs_id != 3006:
        x, y = transformer(f"EPSG:{gpkg.srs_id}", SWEREF99TM).transform(x, y)
    validate_xy_in_sweden(x, y, source, rows_n)
    table = Table(
        source, gpkg.columns, [{k: _cell(v) for k, v in r.items()} for r in gpkg.rows], rows_n
    )
    return _grid_from_table(
        table,
        None,
        population_column,
        group_fields,
        square_centres_m=(np.asarray(x), np.asarray(y)),
        elderly_min_age=elderly_min_age,
    )


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


# --- points and polygons with a population field ---------------------------------

POPULATION_FIELDS = ("population", "pop", "befolkning", "folkmangd", "invanare", "beftotalt")
ID_FIELDS = ("id", "fid", "name", "namn")
LON_FIELDS = ("lon", "lng", "longitude", "long")
LAT_FIELDS = ("lat", "latitude")


def read_demand_points(
    path: str | Path,
    population_field: str | None = None,
    id_field: str | None = None,
    municipality_field: str | None = None,
    group_fields: Mapping[str, str] | None = None,
    elderly_min_age: int = ELDERLY_MIN_AGE,
) -> Demand:
    """Read points or polygons with a population field as demand points.

    GeoJSON (RFC 7946, WGS 84): Point features as they are; Polygon and
    MultiPolygon features at their centroid computed in SWEREF 99 TM (a
    centroid in degrees is skewed at Swedish latitudes). CSV: ``lon``/``lat``
    columns (WGS 84) or ``x``/``y`` columns (SWEREF 99 TM, m).

    Parameters
    ----------
    path : str or Path
        ``.geojson``/``.json`` or ``.csv``.
    population_field : str, optional
        Defaults to the first of ``population``, ``pop``, ``befolkning`` ….
    id_field, municipality_field : str, optional
        Defaults: ``id``/``fid``/``name``; ``kommun_kod``/``kommun`` ….
    group_fields : mapping, optional
        Group name → field with that group's count; by default fields named
        after the groups are used when present.
    elderly_min_age : int
        First age of the elderly group when age bands are given (65 or 80).
    """
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        table, x, y = _geojson_points(path)
    else:
        table = read_csv_table(path)
        x, y = _csv_points(table)
    pop_col = table.column(
        [population_field] if population_field else POPULATION_FIELDS, "population"
    )
    assert pop_col is not None
    population = np.array(
        [
            cell_population(r.get(pop_col), table.source, table.row_numbers[i], pop_col)
            for i, r in enumerate(table.rows)
        ]
    )
    id_col = table.column([id_field] if id_field else ID_FIELDS, "id" if id_field else None)
    ids = [r[id_col] if id_col and r.get(id_col) else str(i + 1) for i, r in enumerate(table.rows)]
    mun_col = table.column([municipality_field] if municipality_field else MUNICIPALITY_COLUMNS)
    municipality = [r.get(mun_col, "") for r in table.rows] if mun_col else None
    groups = groups_from_age_bands(
        table.rows, table.header, table.source, table.row_numbers, elderly_min_age
    )
    groups.update(
        group_columns(table.rows, table.header, table.source, table.row_numbers, group_fields)
    )
    return Demand.from_xy(ids, x, y, population, municipality, groups, source=table.source)


def _csv_points(table: Table) -> tuple[FloatArray, FloatArray]:
    lon_col, lat_col = table.column(LON_FIELDS), table.column(LAT_FIELDS)
    rows = table.row_numbers
    if lon_col and lat_col:
        lon = np.array(
            [
                cell_number(r[lon_col], table.source, rows[i], lon_col)
                for i, r in enumerate(table.rows)
            ]
        )
        lat = np.array(
            [
                cell_number(r[lat_col], table.source, rows[i], lat_col)
                for i, r in enumerate(table.rows)
            ]
        )
        validate_lonlat_in_sweden(lon, lat, table.source, rows, lon_col, lat_col)
        return lonlat_to_xy(lon, lat)
    x_col = table.column(("x", "x_sweref99tm", "easting"), "lon/lat or x/y (SWEREF 99 TM)")
    y_col = table.column(("y", "y_sweref99tm", "northing"), "y (SWEREF 99 TM)")
    assert x_col is not None and y_col is not None
    x = np.array(
        [cell_number(r[x_col], table.source, rows[i], x_col) for i, r in enumerate(table.rows)]
    )
    y = np.array(
        [cell_number(r[y_col], table.source, rows[i], y_col) for i, r in enumerate(table.rows)]
    )
    validate_xy_in_sweden(x, y, table.source, rows, x_col, y_col)
    return x, y


def read_geojson_features(path: Path) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection, with a clear error otherwise."""
    if not path.is_file():
        raise AnalysisError(N_("{path}: no such file", path=str(path)))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AnalysisError(N_("{path}: not valid JSON ({exc})", path=str(path), exc=str(exc))) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AnalysisError(N_("{path}: not a GeoJSON FeatureCollection", path=str(path)))
    features = data.get("features") or []
    if not features:
        raise AnalysisError(N_("{path}: no features (empty FeatureCollection)", path=str(path)))
    return list(features)


def _geojson_points(path: Path) -> tuple[Table, FloatArray, FloatArray]:
    features = read_geojson_features(path)
    rows: list[dict[str, str]] = []
    lon = np.empty(len(features))
    lat = np.empty(len(features))
    polygon_rows: list[int] = []
    geoms: list[shapely.Geometry] = []
    for i, feature in enumerate(features):
        props = {k: _cell(v) for k, v in (feature.get("properties") or {}).items()}
        if feature.get("id") is not None and "id" not in props:
            props["id"] = str(feature["id"])
        rows.append(props)
        try:
            geom = shapely.geometry.shape(feature.get("geometry"))
        except (AttributeError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
            raise AnalysisError(N_("{path}, feature {value}: unreadable geometry ({exc})", path=str(path), value=i + 1, exc=str(exc))) from exc
        if geom.geom_type == "Point":
            lon[i], lat[i] = geom.x, geom.y
        elif geom.geom_type in ("Polygon", "MultiPolygon"):
            polygon_rows.append(i)
            geoms.append(geom)
            lon[i], lat[i] = geom.representative_point().coords[0]
        else:
            raise AnalysisError(
                N_("{path}, feature {value}: geometry {geom_type} is not a Point or Polygon", path=str(path), value=i + 1, geom_type=geom.geom_type)
            )
    numbers = list(range(1, len(features) + 1))
    validate_lonlat_in_sweden(lon, lat, str(path), numbers)
    x, y = lonlat_to_xy(lon, lat)
    if geoms:
        projected = shapely.transform(
            np.asarray(geoms, dtype=object),
            lambda c: np.column_stack(transformer(WGS84, SWEREF99TM).transform(c[:, 0], c[:, 1])),
        )
        centres = shapely.centroid(projected)
        x[polygon_rows], y[polygon_rows] = shapely.get_x(centres), shapely.get_y(centres)
    header = sorted({k for r in rows for k in r})
    return Table(str(path), header, rows, numbers), x, y


def read_municipality_boundaries(path: str | Path) -> MunicipalityBoundaries:
    """Read kommun polygons from GeoJSON (WGS 84) with ``kommun_kod`` and ``namn``."""
    path = Path(path)
    features = read_geojson_features(path)
    to_m = transformer(WGS84, SWEREF99TM)
    codes, names, polygons = [], [], []
    for i, feature in enumerate(features):
        props = feature.get("properties") or {}
        code = props.get("kommun_kod") or props.get("kommunkod") or props.get("code")
        if not code:
            raise AnalysisError(N_("{path}, feature {value}: no kommun_kod", path=str(path), value=i + 1))
        geom = shapely.geometry.shape(feature["geometry"])
        polygons.append(
            shapely.transform(geom, lambda c: np.column_stack(to_m.transform(c[:, 0], c[:, 1])))
        )
        codes.append(str(code))
        names.append(str(props.get("namn") or props.get("name") or code))
    return MunicipalityBoundaries(tuple(codes), tuple(names), tuple(polygons))


def read_demand(path: str | Path, **kwargs: Any) -> Demand:
    """Read any supported demand file: SCB grid (``.gpkg``, or a CSV with a
    square id or corner columns) or points/polygons with a population field."""
    path = Path(path)
    if path.suffix.lower() == ".gpkg":
        return read_scb_grid(path, **kwargs)
    if path.suffix.lower() == ".csv":
        table = read_csv_table(path)
        if table.column(SCB_ID_COLUMNS) or (
            table.column(("x_corner", "xkoord", "x_koord"))
            and table.column(("y_corner", "ykoord", "y_koord"))
        ):
            return read_scb_grid(path, **kwargs)
    return read_demand_points(path, **kwargs)
