"""Service-point files: grocery stores and fuel stations from a CSV list or OpenStreetMap.

The file side of :mod:`trygg.analysis.access`: a CSV list is read with the
project's tabular reader (any encoding, separator and number spelling
``trygg import points`` accepts), an ``.osm.pbf`` with osmium; both become
:class:`~trygg.analysis.coverage.Sites` per service kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from trygg.analysis.access import KINDS_PROVIDING, LOCALITY_ALIASES, PlacedServices
from trygg.analysis.coverage import Sites
from trygg.analysis.demand_model import locality_name_parts
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import SWEDEN_LAT_RANGE, SWEDEN_LON_RANGE, xy_to_lonlat
from trygg.data import data_path, municipality_names
from trygg.formats.errors import ImportRejected, RowError
from trygg.formats.localities import read_localities, trustworthy_place_coordinates
from trygg.formats.tabular import NumberError, parse_number, read_rows, read_table, row_number
from trygg.text import N_

#: POI kinds as written in a list → the service they provide. Both the
#: OSM tag values and the registry's site kinds (and their Swedish names) are
#: accepted, so an export from either reads back.
POI_KIND_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ("grocery", "grocery_store", "supermarket", "convenience", "dagligvarubutik",
         "livsmedelsbutik", "butik"),
        "grocery",
    ),
    **dict.fromkeys(
        ("fuel", "fuel_station", "drivmedel", "drivmedelsstation", "bensinstation", "mack"),
        "fuel",
    ),
}

_POI_COLUMNS = {
    "name": "name", "namn": "name",
    "kind": "kind", "typ": "kind", "slag": "kind",
    "lat": "lat", "latitude": "lat", "latitud": "lat",
    "lon": "lon", "lng": "lon", "longitude": "lon", "longitud": "lon",
}


def read_poi_csv(path: str | Path) -> dict[str, Sites]:
    """Grocery stores and fuel stations from a CSV list with name, kind, lat, lon.

    Read with the project's tabular reader (UTF-8 or Windows-1252, comma or
    semicolon, decimal comma), all or nothing: every bad row is named in one
    :class:`~trygg.formats.errors.ImportRejected`. ``kind`` is one of
    :data:`POI_KIND_ALIASES` (``grocery``, ``supermarket``, ``convenience``,
    ``fuel`` …); coordinates are WGS 84 degrees inside Sweden.
    """

    table = read_table(path, aliases=_POI_COLUMNS)
    errors = list(table.errors)
    for column in ("name", "kind", "lat", "lon"):
        if column not in table.fields:
            errors.append(RowError(table.header_row, column, "", N_("The column {column} is missing.", column=column)))
    if errors:
        raise ImportRejected(errors, str(path))
    placed: dict[str, list[tuple[str, float, float, int]]] = {}
    for row in table.rows:
        item = _poi_row(row.row, row.cells, errors)
        if item is not None:
            placed.setdefault(item[0], []).append((*item[1:], row.row))
    if errors:
        raise ImportRejected(errors, str(path))
    return {kind: _poi_sites(kind, items, str(path)) for kind, items in placed.items()}


def _poi_row(
    row: int, cells: Mapping[str, str], errors: list[Any]
) -> tuple[str, str, float, float] | None:
    name, kind_text = cells.get("name", ""), cells.get("kind", "")
    before = len(errors)
    if not name:
        errors.append(RowError(row, "name", name, N_("The name is missing.")))
    kind = POI_KIND_ALIASES.get(kind_text.strip().casefold())
    if kind is None:
        errors.append(RowError(row, "kind", kind_text,
                               N_("Unknown kind: give grocery (store) or fuel (fuel station).")))
    coordinates = {}
    for column, (low, high) in (("lat", SWEDEN_LAT_RANGE), ("lon", SWEDEN_LON_RANGE)):
        text = cells.get(column, "")
        try:
            value = parse_number(text)
        except ValueError:
            errors.append(RowError(row, column, text, N_("Not a number.")))
            continue
        if not low <= value <= high:
            errors.append(RowError(row, column, text,
                                   N_("Outside Sweden ({column} {low:g}–{high:g} degrees WGS 84).", column=column, low=low, high=high)))
        coordinates[column] = value
    if len(errors) > before or kind is None:
        return None
    return kind, name, coordinates["lon"], coordinates["lat"]


def _poi_sites(kind: str, items: list[tuple[str, float, float, int]], source: str) -> Sites:
    return Sites(
        ids=[f"{source}:{row}" for _, _, _, row in items],
        names=[name for name, _, _, _ in items],
        lon=np.array([lon for _, lon, _, _ in items]),
        lat=np.array([lat for _, _, lat, _ in items]),
        kind=[kind] * len(items),
        source=source,
    )


def osm_service_kind(tags: Mapping[str, str]) -> str | None:
    """The service an OSM object provides: ``grocery``, ``fuel`` or None.

    ``shop=supermarket`` and ``shop=convenience`` are grocery stores (the
    Swedish lanthandel is usually tagged convenience); ``amenity=fuel`` is a
    fuel station.
    """
    if tags.get("shop") in ("supermarket", "convenience"):
        return "grocery"
    if tags.get("amenity") == "fuel":
        return "fuel"
    return None


def read_osm_pois(path: str | Path) -> dict[str, Sites]:
    """Grocery stores and fuel stations from an OpenStreetMap ``.osm.pbf``.

    Nodes are placed at their location, ways (a building or a forecourt
    drawn as an area) at the mean of their nodes. Objects without a name get
    the OSM id as their name.

    Raises
    ------
    AnalysisError
        If the file cannot be read or holds no store and no fuel station.
    """
    import osmium

    path = Path(path)
    found: dict[str, list[tuple[str, float, float]]] = {}
    processor = (
        osmium.FileProcessor(str(path))
        .with_locations()
        .with_filter(osmium.filter.TagFilter(("shop", "supermarket"), ("shop", "convenience"),
                                             ("amenity", "fuel")))
    )
    try:
        for obj in processor:
            _collect_osm_poi(obj, found)
    except RuntimeError as exc:  # osmium's error for an unreadable file
        raise AnalysisError(N_("{path}: cannot be read as OpenStreetMap data ({exc})", path=str(path), exc=str(exc))) from exc
    if not found:
        raise AnalysisError(N_("{path}: no shop=supermarket|convenience and no amenity=fuel in the file", path=str(path)))
    return {
        kind: Sites(
            ids=[f"osm:{kind}:{i + 1}" for i in range(len(items))],
            names=[n for n, _, _ in items],
            lon=np.array([lon for _, lon, _ in items]),
            lat=np.array([lat for _, _, lat in items]),
            kind=[kind] * len(items),
            source=str(path),
        )
        for kind, items in found.items()
    }


def _collect_osm_poi(obj: Any, found: dict[str, list[tuple[str, float, float]]]) -> None:
    tags = dict(obj.tags)
    kind = osm_service_kind(tags)
    if kind is None:
        return
    if obj.is_node():
        if not obj.location.valid():
            return
        lon, lat = obj.location.lon, obj.location.lat
        label = f"node {obj.id}"
    elif obj.is_way():
        nodes = [n for n in obj.nodes if n.location.valid()]
        if not nodes:
            return
        lon = sum(n.lon for n in nodes) / len(nodes)
        lat = sum(n.lat for n in nodes) / len(nodes)
        label = f"way {obj.id}"
    else:
        return  # relations (multipolygon stores) are rare; their outer way usually carries no tag
    found.setdefault(kind, []).append((tags.get("name") or f"OSM {label}", lon, lat))


# --- the bundled Jämtland list, placed at its localities --------------------------------


def _locality_points() -> dict[str, tuple[float, float, str]]:
    """Locality name (case-folded) → (lon, lat, source) from SCB tätorter, then GeoNames."""
    points: dict[str, tuple[float, float, str]] = {}
    postal = read_rows(data_path("jamtland_postal_codes_geonames.csv"))
    for key, (_, lon, lat) in trustworthy_place_coordinates([r.cells for r in postal.rows]).items():
        points[key] = (lon, lat, "GeoNames postal place")
    for locality in read_localities(data_path("jamtland_tatorter_2020.geojson")):
        lons, lats = xy_to_lonlat([locality.x_m], [locality.y_m])
        for part in locality_name_parts(locality.name):
            points[part] = (float(lons[0]), float(lats[0]), "SCB tätort point")
    return points


def _service_rows(path: Path) -> tuple[list[dict[str, str]], list[tuple[float, float] | None]]:
    """The service list's rows and each row's own (lon, lat), read as every user file is."""
    try:
        table = read_rows(path, source_name=str(path))
        coordinates = [
            (row_number(r.cells["lon"], table.source, r.row, "lon"),
             row_number(r.cells["lat"], table.source, r.row, "lat"))
            if r.cells.get("lat") and r.cells.get("lon") else None
            for r in table.rows
        ]
    except (ImportRejected, NumberError) as exc:
        raise AnalysisError(str(exc)) from None
    return [r.cells for r in table.rows], coordinates


def read_service_points(path: str | Path | None = None) -> PlacedServices:
    """Grocery stores and fuel stations from the service-point list, placed approximately.

    Rows without coordinates are placed at their locality's SCB tätort
    point, else at the GeoNames postal place of that name, and marked
    ``approximate``; the one row with its own (minute-precision)
    coordinates is approximate too. Rows whose locality matches neither are
    returned in ``unplaced``. Defaults to the bundled Jämtland list.
    """
    path = Path(path) if path else data_path("jamtland_service_points_from_web.csv")
    rows, coordinates = _service_rows(path)
    points = _locality_points()
    for row, lonlat in zip(rows, coordinates, strict=True):  # own coordinates place the locality
        if lonlat is not None:
            points[row["locality"].casefold()] = (*lonlat, "service list")
    code_of = {name: code for code, name in municipality_names().items()}
    placed: dict[str, list[tuple[dict[str, str], float, float]]] = {k: [] for k in KINDS_PROVIDING}
    unplaced = []
    for row, own in zip(rows, coordinates, strict=True):
        kinds = [k for k, provided in KINDS_PROVIDING.items() if row["kind"] in provided]
        if not kinds:
            continue
        locality = row["locality"].casefold()
        if own is not None:
            lon, lat = own
        elif (hit := points.get(LOCALITY_ALIASES.get(locality, locality))) is not None:
            lon, lat = hit[0], hit[1]
        else:
            unplaced.append(f"{row['name']} ({row['locality']}, {row['kind']})")
            continue
        for kind in kinds:
            placed[kind].append((row, lon, lat))
    by_kind = {
        kind: Sites(
            ids=[f"{kind}:{i + 1}" for i in range(len(items))],
            names=[r["name"] for r, _, _ in items],
            lon=np.array([lon for _, lon, _ in items]),
            lat=np.array([lat for _, _, lat in items]),
            municipality=[code_of.get(r["kommun"], "") for r, _, _ in items],
            kind=[kind] * len(items),
            approximate=[True] * len(items),
            source=str(path),
        )
        for kind, items in placed.items()
        if items
    }
    return PlacedServices(by_kind, unplaced)
