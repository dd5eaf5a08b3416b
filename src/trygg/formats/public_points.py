"""The public points as open data: GeoJSON (RFC 7946) with OpenStreetMap keys, and CSV with HXL hashtags.

One shape for every municipality (R9: a resident should recognise a
trygghetspunkt anywhere in Sweden). GeoJSON properties use OpenStreetMap's
keys where OSM has one (``name``, ``emergency:amenity=social_facility`` +
``emergency:social_facility=shelter`` for a building that becomes a shelter
in an emergency, ``addr:*``, ``wheelchair``, ``website``), OSM's
``emergency:`` prefix for facts of the emergency function rather than the
host building (``emergency:operator``, ``emergency:capacity``) and the
``trygg:`` prefix for the rest. Never OSM's ``level`` (a floor) nor
``amenity=shelter`` (a weather shelter). The fields, codes and schemas are
specified in :mod:`trygg.formats.dataset` (docs/dataset.md).

The CSV carries a second row of HXL hashtags (``#loc+name``, ``#adm2+code``,
``#geo+lat`` …) so humanitarian tools read it without a mapping.

Pure layer: no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from trygg.analysis.geo import round_lonlat
from trygg.formats.csvfile import csv_text
from trygg.formats.dataset import DATASET_VERSION
from trygg.rules.public_info import PublicPoint

UrlFor = Callable[[PublicPoint], str]


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _osm_opening_hours(point: PublicPoint) -> str | None:
    hours = point.daily_hours
    if hours is None:
        return None
    if hours.around_the_clock:
        return "24/7"
    return f"{hours.open_min // 60:02d}:{hours.open_min % 60:02d}-{hours.close_min // 60:02d}:{hours.close_min % 60:02d}"


def point_properties(point: PublicPoint, url: str = "") -> dict[str, Any]:
    """A point's GeoJSON properties (``None`` values left out)."""
    properties: dict[str, Any] = {
        "name": point.name,
        "emergency:amenity": "social_facility",
        "emergency:social_facility": "shelter",
        "emergency:operator": point.municipality_name,
        "ref:se:scb:kommun": point.municipality_code,
        "addr:full": point.address or None,
        "addr:postcode": point.postal_code or None,
        "addr:city": point.locality or None,
        "wheelchair": _yes_no(point.accessible),
        "wheelchair:description": point.accessibility_notes or None,
        "emergency:capacity": point.capacity_day or None,
        "website": url or None,
        "trygg:id": point.id,
        "trygg:ref": point.ref or None,
        "trygg:kind": point.kind,
        "trygg:level": point.level,
        "trygg:status": point.status.value,
        "trygg:status_since": point.status_since.isoformat() if point.status_since else None,
        "trygg:note": point.note or None,
        "trygg:help": ";".join(c.value for c in point.help) or None,
        "trygg:opening_hours": point.opening_hours or None,
        "trygg:opening_hours:osm": _osm_opening_hours(point),
        "trygg:languages": ";".join(point.languages) or None,
        "trygg:capacity_night": point.capacity_night or None,
        "trygg:site": point.site_name or None,
        "trygg:location_approximate": "yes" if point.location_approximate else None,
        "trygg:updated": point.updated.isoformat(),
    }
    return {key: value for key, value in properties.items() if value is not None}


def public_feature_collection(points: Iterable[PublicPoint], url_for: UrlFor | None = None,
                              generated: datetime | None = None) -> dict[str, Any]:
    """The points as an RFC 7946 FeatureCollection (a dict for :func:`json.dumps`).

    Positions are ``[lon, lat]`` in WGS 84 with at most 7 decimals; a point
    without a position has a null geometry. ``generated`` is written as a
    foreign member.
    """
    features = []
    for point in points:
        geometry = None
        if point.lat is not None and point.lon is not None:
            geometry = {"type": "Point", "coordinates": [round_lonlat(point.lon), round_lonlat(point.lat)]}
        features.append({
            "type": "Feature",
            "id": str(point.id),
            "geometry": geometry,
            "properties": point_properties(point, url_for(point) if url_for else ""),
        })
    collection: dict[str, Any] = {"type": "FeatureCollection", "dataset": DATASET_VERSION, "features": features}
    if generated is not None:
        collection["generated"] = generated.isoformat()
    return collection


# (column, HXL hashtag, value)
CSV_COLUMNS: tuple[tuple[str, str, Callable[[PublicPoint, str], Any]], ...] = (
    ("id", "#loc+id", lambda p, u: p.id),
    ("name", "#loc+name", lambda p, u: p.name),
    ("kind", "#loc+type", lambda p, u: p.kind),
    ("status", "#status", lambda p, u: p.status.value),
    ("status_since", "#date+status", lambda p, u: p.status_since.isoformat() if p.status_since else ""),
    ("note", "#description+note", lambda p, u: p.note),
    ("level", "#indicator+level", lambda p, u: p.level),
    ("municipality_code", "#adm2+code", lambda p, u: p.municipality_code),
    ("municipality", "#adm2+name", lambda p, u: p.municipality_name),
    ("locality", "#loc+locality", lambda p, u: p.locality),
    ("address", "#loc+address", lambda p, u: p.address),
    ("postal_code", "#loc+postcode", lambda p, u: p.postal_code),
    ("lat", "#geo+lat", lambda p, u: "" if p.lat is None else round_lonlat(p.lat)),
    ("lon", "#geo+lon", lambda p, u: "" if p.lon is None else round_lonlat(p.lon)),
    ("location_approximate", "#geo+approximate", lambda p, u: "yes" if p.location_approximate else "no"),
    ("opening_hours", "#meta+opening_hours", lambda p, u: p.opening_hours),
    ("help", "#service+list", lambda p, u: ";".join(c.value for c in p.help)),
    ("wheelchair", "#access+wheelchair", lambda p, u: _yes_no(p.accessible) or ""),
    ("accessibility_notes", "#access+description", lambda p, u: p.accessibility_notes),
    ("languages", "#meta+languages", lambda p, u: ";".join(p.languages)),
    ("capacity_day", "#capacity+day", lambda p, u: p.capacity_day),
    ("capacity_night", "#capacity+night", lambda p, u: p.capacity_night),
    ("updated", "#date+updated", lambda p, u: p.updated.isoformat()),
    ("url", "#meta+url", lambda p, u: u),
)

def public_points_csv(points: Iterable[PublicPoint], url_for: UrlFor | None = None) -> str:
    """The points as CSV text: header row, HXL hashtag row, one row per point (``\\r\\n`` line ends).

    Text that a spreadsheet would run as a formula (starting with ``=``,
    ``+``, ``-``, ``@``, a tab or CR) gets a leading apostrophe
    (:mod:`trygg.formats.csvfile`, the writer of every CSV export).
    """
    header = [name for name, _tag, _get in CSV_COLUMNS]
    hashtags = [tag for _name, tag, _get in CSV_COLUMNS]
    rows = ([get(point, url_for(point) if url_for else "") for _name, _tag, get in CSV_COLUMNS] for point in points)
    return csv_text(header, [hashtags, *rows])
