"""An affected area as GeoJSON: a Polygon or MultiPolygon, bare, in a Feature or in a FeatureCollection.

A disruption's area comes from a file, a text box or the map's drawing tool;
all three end up here. The text is bounded (:mod:`trygg.formats.limits`), its
nesting is bounded, and every polygon of a collection is kept (as one
MultiPolygon). Whether the outline closes and lies in Sweden is checked by
the caller, which knows the country's bounds.

Pure layer: no Django.
"""

from __future__ import annotations

import json
from typing import Any

from trygg.formats.limits import MAX_GEOJSON_DEPTH, MAX_IMPORT_BYTES, megabytes
from trygg.text import N_, TextError


class AreaError(TextError):
    """The text is not a usable area; ``message`` (a translatable text) says why."""


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (iterative: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_GEOJSON_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def _parse(text: str | bytes) -> Any:
    if len(text) > MAX_IMPORT_BYTES:
        limit = megabytes(MAX_IMPORT_BYTES)
        raise AreaError(N_("The area is larger than the limit of {limit} (MAX_IMPORT_BYTES).", limit=limit))
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AreaError(N_("The area is not UTF-8 text.")) from None
    if "\x00" in text:
        raise AreaError(N_("The area contains a NUL character."))
    try:
        data = json.loads(text)
    except RecursionError:
        data = None
        nested = True
    except ValueError as exc:
        raise AreaError(N_("The area is not valid JSON: {exc}.", exc=str(exc))) from None
    else:
        nested = _depth(data) > MAX_GEOJSON_DEPTH
    if nested:
        raise AreaError(N_("The area is nested deeper than {MAX_GEOJSON_DEPTH} levels (MAX_GEOJSON_DEPTH).", MAX_GEOJSON_DEPTH=MAX_GEOJSON_DEPTH))
    return data


def _polygons(data: Any) -> list[list[Any]]:
    """The polygons (lists of rings) of a geometry, Feature or FeatureCollection."""
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        return [p for f in features for p in _polygons(f)] if isinstance(features, list) else []
    if kind == "Feature":
        return _polygons(data.get("geometry"))
    coordinates = data.get("coordinates")
    if not isinstance(coordinates, list):
        return []
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return [p for p in coordinates if isinstance(p, list)]
    return []


def read_area(text: str | bytes) -> dict[str, Any]:
    """The area as one GeoJSON geometry (Polygon, or MultiPolygon when there are several)."""
    polygons = _polygons(_parse(text))
    if not polygons:
        raise AreaError(N_("No polygon found: give a GeoJSON Polygon or MultiPolygon (bare, in a Feature or in a FeatureCollection)."))
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}
