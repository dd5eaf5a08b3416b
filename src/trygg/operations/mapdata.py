"""GeoJSON for the live map: points with state, occupancy, power, fuel and silence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from trygg.operations.models import Event
from trygg.operations.picture import Row
from trygg.registry.mapdata import boundaries_collection


def event_map_data(rows: Iterable[Row], event: Event) -> dict[str, Any]:
    features = []
    for row in rows:
        d = row.as_dict()
        if d["lon"] is None:
            continue
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [d["lon"], d["lat"]]},
                         "properties": d})
    return {"points": {"type": "FeatureCollection", "features": features},
            "boundaries": boundaries_collection(event.municipalities.all()),
            "status_url": f"/ops/events/{event.pk}/status.json"}
