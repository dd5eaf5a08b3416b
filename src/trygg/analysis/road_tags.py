"""OpenStreetMap ways for the road graph: which are drivable, at what speed, in which direction.

Part of :mod:`trygg.analysis.network` (its docstring explains the graph, the speeds and the
directions); this module reads a ``.pbf``'s ways with pyosmium into runs of nodes with a speed
and a direction, which :mod:`trygg.analysis.road_graph` compresses into the graph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


#: Car-drivable ``highway`` classes and their assumed average speed, km/h.
DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 110.0,
    "motorway_link": 60.0,
    "trunk": 90.0,
    "trunk_link": 50.0,
    "primary": 80.0,
    "primary_link": 50.0,
    "secondary": 70.0,
    "secondary_link": 50.0,
    "tertiary": 60.0,
    "tertiary_link": 40.0,
    "unclassified": 50.0,
    "residential": 40.0,
    "living_street": 7.0,
    "service": 20.0,
    "road": 40.0,
}

#: Speed-limit zone values of ``maxspeed``, km/h (Sweden and Finland).
ZONE_SPEEDS_KMH: dict[str, float] = {
    "se:urban": 50.0,
    "se:rural": 70.0,
    "se:motorway": 110.0,
    "fi:urban": 50.0,
    "fi:rural": 80.0,
    "fi:motorway": 120.0,
}

DEFAULT_ACCESS_SPEED_KMH = 30.0
DEFAULT_MAX_EDGE_M = 500.0
_MPH_TO_KMH = 1.609344
MIN_EDGE_LENGTH_M = 0.01  # csgraph treats a zero weight as "no edge"


def parse_maxspeed(value: str | None) -> float | None:
    """A ``maxspeed`` tag as km/h, or None when it is not a usable number.

    Examples
    --------
    >>> parse_maxspeed("70"), parse_maxspeed("30 mph"), parse_maxspeed("SE:urban")
    (70.0, 48.28032, 50.0)
    >>> parse_maxspeed("none") is None, parse_maxspeed("signals") is None
    (True, True)
    """
    if not value:
        return None
    text = value.strip().lower().split(";")[0].strip()
    if text in ZONE_SPEEDS_KMH:
        return ZONE_SPEEDS_KMH[text]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(km/h|kmh|kph|mph)?", text)
    if not match:
        return None
    speed = float(match.group(1))
    if match.group(2) == "mph":
        speed *= _MPH_TO_KMH
    return speed if 0 < speed <= 200 else None


def oneway_direction(tags: Mapping[str, str]) -> int:
    """+1 oneway along the way, −1 against it, 0 both directions."""
    value = (tags.get("oneway") or "").strip().lower()
    if value in ("yes", "true", "1"):
        return 1
    if value in ("-1", "reverse"):
        return -1
    if value in ("no", "false", "0"):
        return 0
    implied = (
        tags.get("junction") in ("roundabout", "circular") or tags.get("highway") == "motorway"
    )
    return 1 if implied else 0


def _closed_to_cars(tags: Mapping[str, str]) -> bool:
    return (
        tags.get("access") == "no"
        or tags.get("motor_vehicle") == "no"
        or tags.get("motorcar") == "no"
        or tags.get("area") == "yes"
    )


@dataclass
class WayParts:
    """Drivable way pieces as flat node arrays (refs, lon, lat) with offsets."""

    refs: list[int] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    speed_kmh: list[float] = field(default_factory=list)
    direction: list[int] = field(default_factory=list)
    n_ways: int = 0

    def add_run(
        self, run: list[tuple[int, float, float]], speed_kmh: float, direction: int
    ) -> None:
        if len(run) < 2:
            return
        self.starts.append(len(self.refs))
        for ref, lon, lat in run:
            self.refs.append(ref)
            self.lon.append(lon)
            self.lat.append(lat)
        self.speed_kmh.append(speed_kmh)
        self.direction.append(direction)


def _way_speed(tags: Mapping[str, str], speeds_kmh: Mapping[str, float],
               ferry_speed_kmh: float | None) -> tuple[float, int] | None:
    """(speed km/h, direction) of a way cars may use, or None."""
    if tags.get("route") == "ferry":
        return (ferry_speed_kmh, 0) if ferry_speed_kmh is not None else None
    default = speeds_kmh.get(tags.get("highway", ""))
    if default is None or _closed_to_cars(tags):
        return None
    return parse_maxspeed(tags.get("maxspeed")) or default, oneway_direction(tags)


def read_ways(path: Path, speeds_kmh: Mapping[str, float], progress: bool,
               ferry_speed_kmh: float | None = None) -> WayParts:
    import osmium
    from tqdm import tqdm

    parts = WayParts()
    processor = (
        osmium.FileProcessor(str(path))
        .with_locations()
        .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        .with_filter(osmium.filter.KeyFilter("highway", "route"))
    )
    for way in tqdm(processor, desc="reading roads", unit=" ways", disable=not progress):
        tags = dict(way.tags)
        use = _way_speed(tags, speeds_kmh, ferry_speed_kmh)
        if use is None:
            continue
        speed, direction = use
        parts.n_ways += 1
        run: list[tuple[int, float, float]] = []
        # A way clipped by the extract has nodes without a location: it is
        # split there into the runs that do have coordinates.
        for node in way.nodes:
            if node.location.valid():
                run.append((node.ref, node.lon, node.lat))
            else:
                parts.add_run(run, speed, direction)
                run = []
        parts.add_run(run, speed, direction)
    return parts
