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

from trygg.analysis.coverage import Sites
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import SWEDEN_LAT_RANGE, SWEDEN_LON_RANGE
from trygg.formats.errors import ImportRejected, RowError
from trygg.formats.tabular import parse_number, read_table

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
            errors.append(RowError(table.header_row, column, "", f"Kolumnen {column} saknas.",
                                   f"The column {column} is missing."))
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
        errors.append(RowError(row, "name", name, "Namnet saknas.", "The name is missing."))
    kind = POI_KIND_ALIASES.get(kind_text.strip().casefold())
    if kind is None:
        errors.append(RowError(row, "kind", kind_text,
                               "Okänt slag: ange grocery (dagligvarubutik) eller fuel (drivmedel).",
                               "Unknown kind: give grocery (store) or fuel (fuel station)."))
    coordinates = {}
    for column, (low, high) in (("lat", SWEDEN_LAT_RANGE), ("lon", SWEDEN_LON_RANGE)):
        text = cells.get(column, "")
        try:
            value = parse_number(text)
        except ValueError:
            errors.append(RowError(row, column, text, "Inte ett tal.", "Not a number."))
            continue
        if not low <= value <= high:
            errors.append(RowError(row, column, text,
                                   f"Utanför Sverige ({column} {low:g}–{high:g} grader WGS 84).",
                                   f"Outside Sweden ({column} {low:g}–{high:g} degrees WGS 84)."))
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
        raise AnalysisError(f"{path}: cannot be read as OpenStreetMap data ({exc})") from exc
    if not found:
        raise AnalysisError(f"{path}: no shop=supermarket|convenience and no amenity=fuel in the file")
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
