"""An event's affected area: a GeoJSON polygon that closes and lies in Sweden."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from trygg.analysis.geo import SWEDEN_LAT_RANGE, SWEDEN_LON_RANGE


def area_problem(area: Any) -> str | None:
    """A message naming what is wrong with ``area``, or None when it is a usable polygon."""
    from shapely.geometry import shape

    if not isinstance(area, dict) or area.get("type") not in ("Polygon", "MultiPolygon"):
        return _("The area must be a GeoJSON Polygon or MultiPolygon.")
    rings = area.get("coordinates") or []
    flat = rings if area["type"] == "Polygon" else [r for poly in rings for r in poly]
    for ring in flat:
        if len(ring) < 4 or ring[0] != ring[-1]:
            return _("The area's outline does not close: its first and last positions differ.")
    try:
        geometry = shape(area)
    except (ValueError, TypeError, AttributeError):
        return _("The area is not valid GeoJSON.")
    if not geometry.is_valid:
        return _("The area's outline crosses itself.")
    lon0, lat0, lon1, lat1 = geometry.bounds
    if lon0 < SWEDEN_LON_RANGE[0] or lon1 > SWEDEN_LON_RANGE[1] or lat0 < SWEDEN_LAT_RANGE[0] or lat1 > SWEDEN_LAT_RANGE[1]:
        return _("The area lies outside Sweden (positions are [longitude, latitude]).")
    return None
