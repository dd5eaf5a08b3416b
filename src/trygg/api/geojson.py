"""A DRF renderer that writes a list of places as an RFC 7946 FeatureCollection."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer


class GeoJSONRenderer(BaseRenderer):
    media_type = "application/geo+json"
    format = "geojson"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None) -> bytes:
        if data is None:
            return b""  # an answer without a body (a 204 after a delete)
        if isinstance(data, dict) and "error" in data:
            return json.dumps(data).encode()
        rows = data if isinstance(data, list) else [data]
        features = [self._feature(row) for row in rows]
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()

    @staticmethod
    def _feature(row: dict[str, Any]) -> dict[str, Any]:
        props = dict(row)
        lat, lon = props.pop("lat", None), props.pop("lon", None)
        geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
        return {"type": "Feature", "id": props.get("id"), "geometry": geometry, "properties": props}
