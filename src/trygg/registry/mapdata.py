"""GeoJSON (RFC 7946) for the registry's maps and API: [lon, lat], at most 7 decimals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from trygg.registry.models import Organisation, Point
from trygg.registry.planview import ScoredPoint
from trygg.rules.readiness import score_band


def _position(lon: float, lat: float) -> list[float]:
    return [round(lon, 7), round(lat, 7)]


def point_feature(point: Point, score: int | None = None) -> dict[str, Any] | None:
    site = point.main_site()
    if site is None or not site.has_position:
        return None
    props: dict[str, Any] = {
        "id": point.pk,
        "name": point.name,
        "kind": point.kind,
        "level": point.level,
        "state": point.state,
        "municipality_code": point.municipality.scb_code,
        "approximate": site.location_approximate,
        "url": point.get_absolute_url(),
    }
    if score is not None:
        props["readiness"] = score
        props["readiness_band"] = score_band(score)  # map.js colours by band, so its thresholds are the rules'
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": _position(site.lon, site.lat)},  # type: ignore[arg-type]
            "properties": props}


def points_collection(points: Iterable[ScoredPoint]) -> dict[str, Any]:
    features = [point_feature(s.point, s.readiness.score) for s in points]
    return {"type": "FeatureCollection", "features": [f for f in features if f]}


def boundaries_collection(municipalities: Iterable[Organisation]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": m.boundary, "properties": {"name": m.name, "code": m.scb_code}}
        for m in municipalities if m.boundary
    ]}


def map_data(points: Iterable[ScoredPoint], municipalities: Iterable[Organisation]) -> dict[str, Any]:
    return {"points": points_collection(points), "boundaries": boundaries_collection(municipalities)}
