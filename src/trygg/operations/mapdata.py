"""GeoJSON for the live map: points with state, occupancy, power, fuel and silence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from trygg.operations.lifecycle import OpState, state_label
from trygg.operations.models import Event
from trygg.operations.picture import Row
from trygg.registry.mapdata import boundaries_collection

#: Marker colour of each state on the live map; the legend and map.js both read it from here.
STATE_COLOURS = {OpState.STANDBY: "#5b5b9a", OpState.OPENING: "#1f6fb2", OpState.OPEN: "#0a6b2d",
                 OpState.FULL: "#8a5a00", OpState.CLOSING: "#6b6b6b", OpState.CLOSED: "#6b6b6b",
                 OpState.READY: "#6b6b6b"}
SILENT_OUTLINE = "#b00020"


def legend() -> list[dict[str, str]]:
    """What the marker colours mean, in the active language (closing, closed and ready share grey)."""
    shown = [OpState.STANDBY, OpState.OPENING, OpState.OPEN, OpState.FULL, OpState.CLOSED]
    items = [{"label": state_label(s).capitalize(), "colour": STATE_COLOURS[s]} for s in shown]
    return items + [{"label": _("Silent (red ring)"), "colour": SILENT_OUTLINE, "ring": "yes"}]


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
            "status_url": f"/ops/events/{event.pk}/status.json",
            "stream_url": f"/ops/events/{event.pk}/stream/",  # pushed changes (operations/push.py)
            "state_colours": {str(k): v for k, v in STATE_COLOURS.items()}, "silent_outline": SILENT_OUTLINE,
            "silent_label": _("silent"), "legend": legend()}
