"""Small OpenStreetMap files written with osmium's writer, with hand-computable travel times.

The grid lies near Östersund so that its points pass the Sweden checks. Nodes
are placed on a square grid in SWEREF 99 TM metres and converted to lon/lat,
so lengths measured back in SWEREF 99 TM equal the design lengths to
well under a metre.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import osmium

from trygg.analysis.geo import xy_to_lonlat

ORIGIN_X_M = 480_000.0
ORIGIN_Y_M = 7_000_000.0


@dataclass(frozen=True)
class GridNode:
    id: int
    x_m: float
    y_m: float


def grid_node(i: int, j: int, spacing_m: float = 1000.0) -> GridNode:
    """Node at column i, row j of the grid; ids are 1 + 10·j + i."""
    return GridNode(1 + 10 * j + i, ORIGIN_X_M + i * spacing_m, ORIGIN_Y_M + j * spacing_m)


def write_osm(
    path: Path, nodes: list[GridNode], ways: list[tuple[list[int], dict[str, str]]]
) -> Path:
    """Write nodes (SWEREF 99 TM m, converted to lon/lat) and tagged ways to ``path``."""
    lon, lat = xy_to_lonlat([n.x_m for n in nodes], [n.y_m for n in nodes])
    with osmium.SimpleWriter(str(path)) as writer:
        for node, lo, la in zip(nodes, lon, lat, strict=True):
            writer.add_node(osmium.osm.mutable.Node(id=node.id, location=(float(lo), float(la))))
        for way_id, (refs, tags) in enumerate(ways, start=1):
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags))
    return path


def write_ladder(path: Path) -> Path:
    """A 3 × 2 ladder of 1 km edges with known speeds.

    ::

        (0,1) ---60--- (1,1) ---60--- (2,1)        top: tertiary, 60 km/h
          |              |              |
         30             30           oneway ↑      rungs: residential with maxspeed 30;
          |              |              |          the right one oneway from (2,0) to (2,1)
        (0,0) ==90==== (1,0) ==90==== (2,0)        bottom: primary with maxspeed 90

    The bottom way is one way of three nodes, the top likewise; a footway
    and a road closed to cars (access=no) connect (0,0)–(2,1) directly and
    must be ignored.
    """
    n = {(i, j): grid_node(i, j) for i in range(3) for j in range(2)}
    ways = [
        ([n[0, 0].id, n[1, 0].id, n[2, 0].id], {"highway": "primary", "maxspeed": "90"}),
        ([n[0, 1].id, n[1, 1].id, n[2, 1].id], {"highway": "tertiary"}),
        ([n[0, 0].id, n[0, 1].id], {"highway": "residential", "maxspeed": "30"}),
        ([n[1, 0].id, n[1, 1].id], {"highway": "residential", "maxspeed": "30"}),
        ([n[2, 0].id, n[2, 1].id], {"highway": "residential", "maxspeed": "30", "oneway": "yes"}),
        ([n[0, 0].id, n[2, 1].id], {"highway": "footway"}),
        ([n[0, 0].id, n[2, 1].id], {"highway": "primary", "access": "no"}),
    ]
    return write_osm(path, list(n.values()), ways)


def ladder_xy(i: int, j: int) -> np.ndarray:
    """SWEREF 99 TM coordinates (m) of ladder node (i, j) as a (1, 2) array."""
    node = grid_node(i, j)
    return np.array([[node.x_m, node.y_m]])


def seconds(length_m: float, speed_kmh: float) -> float:
    """Travel time in s of ``length_m`` at ``speed_kmh``."""
    return length_m / (speed_kmh / 3.6)
