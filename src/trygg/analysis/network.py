"""Road-network travel times from an OpenStreetMap ``.pbf`` (pyosmium + scipy).

The graph
---------
Ways tagged ``highway=*`` with a car-drivable class (:data:`DEFAULT_SPEEDS_KMH`)
are read with pyosmium. Ways closed to cars (``access=no``,
``motor_vehicle=no``, ``motorcar=no``) are left out; ``access=private`` is
kept, because in rural Sweden many homes are reached by private roads
(enskilda vägar). The graph is *compressed*: its vertices are way ends,
junctions (nodes shared by ways) and, on long stretches, one node at least
every ``max_edge_m`` metres so that demand points snap to a nearby vertex.
Each edge carries its length (m, summed along the way's geometry in the
projected CRS, default SWEREF 99 TM) and travel time (s) at the way's speed.

Speeds
------
The way's ``maxspeed`` tag when it is a number (``"70"``, ``"70 km/h"``,
``"40 mph"``) or a Swedish/Finnish zone (``SE:urban`` 50, ``SE:rural`` 70,
``SE:motorway`` 110, ``FI:urban`` 50, ``FI:rural`` 80, ``FI:motorway`` 120);
otherwise the class default. The defaults follow the Swedish general limits
(Trafikförordningen 1998:1276, 3 kap. 17 §: 50 km/h in built-up areas, 70
outside, motorways up to 110-120 by sign) and are assumptions for what a car
averages on each class; ``living_street`` is gångfart (walking pace). Times
are free-flow at the limit: no junction delays, congestion, winter or ferry
waits, so they are optimistic lower bounds of real driving times.

Direction
---------
``oneway=yes|true|1`` forward, ``oneway=-1|reverse`` backward,
``junction=roundabout`` and ``highway=motorway`` oneway unless ``oneway=no``.
Residents travel *to* a point, so times are computed on the reversed graph
from the sites, one multi-source Dijkstra (:func:`scipy.sparse.csgraph.dijkstra`
with ``min_only=True``) for all sites at once, bounded by the time limit.

Ferries
-------
Off by default. With ``ferry_speed_kmh`` set, ways tagged ``route=ferry`` are
read as two-way edges at that speed (no waiting time: add it to the speed's
assumption, e.g. 10 km/h for a slow crossing with a wait). Many Swedish
crossings are free road ferries (Trafikverket's vägfärjor) that are part of
the road network; whether one runs in a storm is for the user to judge.

Cache
-----
:func:`cached_road_graph` stores the built graph as a compressed ``.npz``
named by the SHA-256 of the ``.pbf`` and the build options; a second build of
the same file reads it, and a changed file (or other options) builds anew.

Snapping
--------
Demand points and sites snap to the nearest vertex of the largest strongly
connected component (small islands such as a parking aisle cut off by the
extract would otherwise make a site unreachable); the snap distance is
reported, and the demand side adds it as access time at
``access_speed_kmh`` (default 30 km/h, an assumption for a driveway or a
forest road).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import SWEREF99TM, lonlat_to_xy
from trygg.analysis.travel import SparseCosts

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
_MIN_EDGE_LENGTH_M = 0.01  # csgraph treats a zero weight as "no edge"


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
class _WayParts:
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


def _read_ways(path: Path, speeds_kmh: Mapping[str, float], progress: bool,
               ferry_speed_kmh: float | None = None) -> _WayParts:
    import osmium
    from tqdm import tqdm

    parts = _WayParts()
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


@dataclass(frozen=True)
class Snap:
    """Nearest graph vertex of each point and the straight-line distance to it (m)."""

    vertex: IntArray
    distance_m: FloatArray


@dataclass
class RoadGraph:
    """A directed, compressed road graph with travel time and length per edge.

    Attributes
    ----------
    time_s : scipy.sparse.csr_array
        Travel time of each directed edge (row = from, column = to), s.
    length_m : scipy.sparse.csr_array
        Length of the same edges, m.
    x_m, y_m : ndarray
        Vertex coordinates in ``crs``, m.
    osm_node_id : ndarray of int
        The OSM node id of each vertex.
    component : ndarray of int
        Strongly connected component label of each vertex.
    main_component : int
        Label of the largest strongly connected component.
    crs : str
        The projected CRS of the coordinates (default SWEREF 99 TM).
    n_ways : int
        Number of drivable OSM ways read.
    """

    time_s: sparse.csr_array
    length_m: sparse.csr_array
    x_m: FloatArray
    y_m: FloatArray
    osm_node_id: NDArray[np.int64]
    component: IntArray
    main_component: int
    crs: str
    n_ways: int
    _tree: cKDTree | None = field(default=None, repr=False)
    _tree_vertices: IntArray | None = field(default=None, repr=False)

    @property
    def n_vertices(self) -> int:
        """Number of graph vertices."""
        return len(self.x_m)

    @property
    def n_edges(self) -> int:
        """Number of directed edges."""
        return int(self.time_s.nnz)

    def snap(self, xy: ArrayLike) -> Snap:
        """Snap points (x, y in the graph's CRS, m) to the main component's vertices."""
        points = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        if self._tree is None or self._tree_vertices is None:
            self._tree_vertices = np.flatnonzero(self.component == self.main_component)
            self._tree = cKDTree(np.column_stack([self.x_m, self.y_m])[self._tree_vertices])
        distance, index = self._tree.query(points, k=1, workers=-1)
        return Snap(self._tree_vertices[index], np.asarray(distance, dtype=np.float64))

    def to_dict(self) -> dict[str, Any]:
        """Size and connectivity figures, JSON-ready."""
        main = int(np.count_nonzero(self.component == self.main_component))
        return {
            "ways": self.n_ways,
            "vertices": self.n_vertices,
            "edges": self.n_edges,
            "main_component_vertices": main,
            "main_component_share": main / self.n_vertices,
            "total_length_km": float(self.length_m.sum()) / 1000.0,
            "crs": self.crs,
        }


def build_road_graph(
    pbf_path: str | Path,
    crs: str = SWEREF99TM,
    speeds_kmh: Mapping[str, float] | None = None,
    max_edge_m: float = DEFAULT_MAX_EDGE_M,
    progress: bool = False,
    ferry_speed_kmh: float | None = None,
) -> RoadGraph:
    """Read an OSM ``.pbf`` into a compressed, directed :class:`RoadGraph`.

    Parameters
    ----------
    pbf_path : str or Path
        An OpenStreetMap extract.
    crs : str
        Projected CRS for lengths and snapping, m (SWEREF 99 TM; use the
        local national grid outside Sweden, e.g. EPSG:3067 in Finland).
    speeds_kmh : mapping, optional
        ``highway`` class → speed, km/h; replaces :data:`DEFAULT_SPEEDS_KMH`
        (only the classes listed are read).
    max_edge_m : float
        Longest edge kept without an intermediate vertex, m.
    progress : bool
        Show a tqdm progress bar on stderr.
    ferry_speed_kmh : float, optional
        Read ``route=ferry`` ways at this speed, km/h; ferries are left out when None.
    """
    path = Path(pbf_path)
    if not path.is_file():
        raise AnalysisError(f"{path}: no such file")
    if not (math.isfinite(max_edge_m) and max_edge_m > 0):
        raise AnalysisError(f"max_edge_m={max_edge_m!r} must be > 0")
    speeds = dict(speeds_kmh or DEFAULT_SPEEDS_KMH)
    for name, speed in speeds.items():
        if not (math.isfinite(speed) and speed > 0):
            raise AnalysisError(f"speed for highway={name} is {speed!r}; it must be > 0 km/h")
    if ferry_speed_kmh is not None and not (math.isfinite(ferry_speed_kmh) and ferry_speed_kmh > 0):
        raise AnalysisError(f"ferry speed {ferry_speed_kmh!r} must be > 0 km/h")
    try:
        parts = _read_ways(path, speeds, progress, ferry_speed_kmh)
    except RuntimeError as exc:  # osmium's error for an unreadable file
        raise AnalysisError(f"{path}: cannot read as OpenStreetMap data ({exc})") from exc
    if not parts.starts:
        raise AnalysisError(f"{path}: no car-drivable roads (highway=*) in the file")
    return _compress(parts, crs, max_edge_m)


def _compress(parts: _WayParts, crs: str, max_edge_m: float) -> RoadGraph:
    refs = np.asarray(parts.refs, dtype=np.int64)
    x, y = lonlat_to_xy(parts.lon, parts.lat, crs)
    n = len(refs)
    starts = np.asarray(parts.starts, dtype=np.intp)
    ends = np.append(starts[1:], n) - 1
    part_of = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, n)))
    is_last = np.zeros(n, dtype=bool)
    is_last[ends] = True
    segment = np.zeros(n)
    segment[:-1] = np.hypot(np.diff(x), np.diff(y))
    segment[is_last] = 0.0  # no segment from a part's last node to the next part
    along = np.concatenate([[0.0], np.cumsum(segment)[:-1]])  # distance before each node

    unique_refs, inverse = np.unique(refs, return_inverse=True)
    is_vertex = np.bincount(inverse)[inverse] >= 2
    is_vertex[starts] = True
    is_vertex[ends] = True
    is_vertex |= _long_stretch_splits(is_vertex, along, max_edge_m)

    positions = np.flatnonzero(is_vertex)
    same_part = part_of[positions[:-1]] == part_of[positions[1:]]
    a_pos, b_pos = positions[:-1][same_part], positions[1:][same_part]
    length = np.maximum(along[b_pos] - along[a_pos], _MIN_EDGE_LENGTH_M)
    speed_ms = np.asarray(parts.speed_kmh)[part_of[a_pos]] / 3.6
    direction = np.asarray(parts.direction)[part_of[a_pos]]

    vertex_refs = np.unique(refs[positions])
    a = np.searchsorted(vertex_refs, refs[a_pos])
    b = np.searchsorted(vertex_refs, refs[b_pos])
    forward, backward = direction >= 0, direction <= 0
    src = np.concatenate([a[forward], b[backward]])
    dst = np.concatenate([b[forward], a[backward]])
    length_all = np.concatenate([length[forward], length[backward]])
    time_all = np.concatenate([(length / speed_ms)[forward], (length / speed_ms)[backward]])
    time_s, length_m = _min_edges(src, dst, time_all, length_all, len(vertex_refs))

    position_of_ref = np.zeros(len(unique_refs), dtype=np.intp)
    position_of_ref[inverse] = np.arange(n)  # any position: a node has one location
    vertex_position = position_of_ref[np.searchsorted(unique_refs, vertex_refs)]
    vx, vy = x[vertex_position], y[vertex_position]
    n_comp, labels = csgraph.connected_components(time_s, directed=True, connection="strong")
    main = int(np.argmax(np.bincount(labels, minlength=n_comp)))
    return RoadGraph(
        time_s, length_m, vx, vy, vertex_refs, labels.astype(np.intp), main, crs, parts.n_ways
    )


def _long_stretch_splits(
    is_vertex: NDArray[np.bool_], along: FloatArray, max_edge_m: float
) -> NDArray[np.bool_]:
    """Nodes to promote to vertices so no edge runs much beyond ``max_edge_m``."""
    piece_start = np.flatnonzero(is_vertex)[np.cumsum(is_vertex) - 1]
    from_start = along - along[piece_start]
    step = np.floor(from_start / max_edge_m)
    split = np.zeros_like(is_vertex)
    split[1:] = (step[1:] > step[:-1]) & ~is_vertex[1:]
    return split


def _min_edges(
    src: IntArray, dst: IntArray, time_s: FloatArray, length_m: FloatArray, n: int
) -> tuple[sparse.csr_array, sparse.csr_array]:
    """CSR time and length matrices keeping the fastest of parallel edges, no loops."""
    keep = src != dst
    src, dst, time_s, length_m = src[keep], dst[keep], time_s[keep], length_m[keep]
    order = np.lexsort((time_s, dst, src))
    src, dst, time_s, length_m = src[order], dst[order], time_s[order], length_m[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    src, dst = src[first], dst[first]
    time_m = sparse.csr_array((time_s[first], (src, dst)), shape=(n, n))
    length_mat = sparse.csr_array((length_m[first], (src, dst)), shape=(n, n))
    return time_m, length_mat


# --- cache -----------------------------------------------------------------------

#: Bumped when the graph's construction or the cache layout changes: old files are then rebuilt.
CACHE_FORMAT = 1


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a file's bytes, hex (read in 1 MiB chunks)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def cache_key(pbf_sha256: str, crs: str, speeds_kmh: Mapping[str, float], max_edge_m: float,
              ferry_speed_kmh: float | None) -> str:
    """What the cached graph depends on: the file's hash and every build option."""
    options = json.dumps({"format": CACHE_FORMAT, "crs": crs, "speeds": dict(sorted(speeds_kmh.items())),
                          "max_edge_m": max_edge_m, "ferry_kmh": ferry_speed_kmh}, sort_keys=True)
    return hashlib.sha256(f"{pbf_sha256}|{options}".encode()).hexdigest()[:32]


def save_graph(graph: RoadGraph, path: str | Path) -> None:
    """Write the graph as a compressed ``.npz`` (atomically: a half-written cache is never read)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(
        tmp, time_data=graph.time_s.data, time_indices=graph.time_s.indices, time_indptr=graph.time_s.indptr,
        length_data=graph.length_m.data, length_indices=graph.length_m.indices,
        length_indptr=graph.length_m.indptr, x_m=graph.x_m, y_m=graph.y_m, osm_node_id=graph.osm_node_id,
        component=graph.component, meta=np.array(json.dumps(
            {"main_component": graph.main_component, "crs": graph.crs, "n_ways": graph.n_ways})))
    tmp.replace(path)


def load_graph(path: str | Path) -> RoadGraph:
    """A graph written by :func:`save_graph`."""
    with np.load(Path(path), allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        n = len(data["x_m"])
        time_s = sparse.csr_array((data["time_data"], data["time_indices"], data["time_indptr"]), shape=(n, n))
        length_m = sparse.csr_array((data["length_data"], data["length_indices"], data["length_indptr"]),
                                    shape=(n, n))
        return RoadGraph(time_s, length_m, data["x_m"], data["y_m"], data["osm_node_id"], data["component"],
                         int(meta["main_component"]), str(meta["crs"]), int(meta["n_ways"]))


@dataclass(frozen=True)
class CachedGraph:
    """A road graph and where it came from."""

    graph: RoadGraph
    cache_path: Path
    from_cache: bool
    pbf_sha256: str


def cached_road_graph(
    pbf_path: str | Path,
    cache_dir: str | Path,
    crs: str = SWEREF99TM,
    speeds_kmh: Mapping[str, float] | None = None,
    max_edge_m: float = DEFAULT_MAX_EDGE_M,
    progress: bool = False,
    ferry_speed_kmh: float | None = None,
) -> CachedGraph:
    """:func:`build_road_graph`, once per file: reused from ``cache_dir`` while the file's hash matches."""
    path = Path(pbf_path)
    if not path.is_file():
        raise AnalysisError(f"{path}: no such file")
    sha = file_sha256(path)
    speeds = dict(speeds_kmh or DEFAULT_SPEEDS_KMH)
    key = cache_key(sha, crs, speeds, max_edge_m, ferry_speed_kmh)
    cache_path = Path(cache_dir) / f"roads-{key}.npz"
    if cache_path.is_file():
        try:
            return CachedGraph(load_graph(cache_path), cache_path, True, sha)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file is built anew
    graph = build_road_graph(path, crs, speeds, max_edge_m, progress, ferry_speed_kmh)
    save_graph(graph, cache_path)
    return CachedGraph(graph, cache_path, False, sha)


# --- travel times -----------------------------------------------------------------


def _weights(graph: RoadGraph, weight: str) -> sparse.csr_array:
    if weight == "time":
        return graph.time_s
    if weight == "length":
        return graph.length_m
    raise AnalysisError(f"weight={weight!r} must be 'time' or 'length'")


def _access_cost(snap_m: FloatArray, weight: str, access_speed_kmh: float) -> FloatArray:
    if weight == "length":
        return snap_m
    if not (math.isfinite(access_speed_kmh) and access_speed_kmh > 0):
        raise AnalysisError(f"access_speed_kmh={access_speed_kmh!r} must be > 0 km/h")
    return snap_m / (access_speed_kmh / 3.6)


@dataclass(frozen=True)
class NetworkNearest:
    """The nearest site by road for every demand point.

    Attributes
    ----------
    site_index : ndarray of int
        Index of the nearest site, −1 where none is within the limit.
    cost : ndarray of float
        Travel time (s) or road length (m) to it including the demand's
        access leg; ``inf`` where none is within the limit.
    unit : str
        ``"s"`` or ``"m"``.
    demand_snap_m, site_snap_m : ndarray of float
        Straight-line distance from each point to its graph vertex, m.
    """

    site_index: IntArray
    cost: FloatArray
    unit: str
    demand_snap_m: FloatArray
    site_snap_m: FloatArray


def nearest_sites_on_network(
    graph: RoadGraph,
    demand_xy: ArrayLike,
    site_xy: ArrayLike,
    limit: float | None = None,
    weight: str = "time",
    access_speed_kmh: float = DEFAULT_ACCESS_SPEED_KMH,
) -> NetworkNearest:
    """Nearest site by road for every demand point, with one multi-source Dijkstra.

    Parameters
    ----------
    graph : RoadGraph
    demand_xy, site_xy : array_like, shape (n, 2), (m, 2)
        Coordinates in the graph's CRS, m.
    limit : float, optional
        Stop searching beyond this cost (s for time, m for length); points
        farther away get ``site_index`` −1 and cost ``inf``.
    weight : {"time", "length"}
        Minimise travel time (s) or road distance (m).
    access_speed_kmh : float
        Speed on the demand point's snap leg, km/h (time only).
    """
    weights = _weights(graph, weight)
    demand_snap = graph.snap(demand_xy)
    site_snap = graph.snap(site_xy)
    if len(site_snap.vertex) == 0:
        raise AnalysisError("sites: no sites to measure travel to")
    access = _access_cost(demand_snap.distance_m, weight, access_speed_kmh)
    # Residents travel to the sites: search the reversed graph from the sites.
    dist, _, source = csgraph.dijkstra(
        weights.T.tocsr(),
        directed=True,
        indices=np.unique(site_snap.vertex),
        min_only=True,
        limit=np.inf if limit is None else float(limit),
        return_predecessors=True,
    )
    cost = dist[demand_snap.vertex] + access
    reached_vertex = source[demand_snap.vertex]
    site_at_vertex = _first_site_at_vertex(site_snap.vertex, graph.n_vertices)
    site_index = np.where(reached_vertex >= 0, site_at_vertex[np.maximum(reached_vertex, 0)], -1)
    beyond = ~np.isfinite(cost) | ((cost > limit) if limit is not None else False)
    site_index = np.where(beyond, -1, site_index)
    cost = np.where(beyond, np.inf, cost)
    unit = "s" if weight == "time" else "m"
    return NetworkNearest(
        site_index.astype(np.intp), cost, unit, demand_snap.distance_m, site_snap.distance_m
    )


def _first_site_at_vertex(site_vertex: IntArray, n_vertices: int) -> IntArray:
    lookup = np.full(n_vertices, -1, dtype=np.intp)
    lookup[site_vertex[::-1]] = np.arange(len(site_vertex))[::-1]
    return lookup


def network_costs(
    graph: RoadGraph,
    demand_xy: ArrayLike,
    site_xy: ArrayLike,
    limit: float,
    weight: str = "time",
    access_speed_kmh: float = DEFAULT_ACCESS_SPEED_KMH,
    batch_bytes: int = 200_000_000,
    progress: bool = False,
) -> SparseCosts:
    """Demand × site road costs within ``limit``, for the location models.

    One limit-bounded Dijkstra per distinct site vertex, run in batches that
    keep the dense (batch × vertices) work array under ``batch_bytes``.

    Parameters
    ----------
    limit : float
        Largest cost kept, s (time) or m (length). Required: an unbounded
        matrix of a county is large and rarely needed.

    Returns
    -------
    SparseCosts
        Triplets (demand, site, cost) with cost ≤ limit, unit ``"s"`` or ``"m"``.
    """
    from tqdm import tqdm

    if not (math.isfinite(limit) and limit > 0):
        raise AnalysisError(f"limit={limit!r} must be > 0")
    weights = _weights(graph, weight).T.tocsr()
    demand_snap = graph.snap(demand_xy)
    site_snap = graph.snap(site_xy)
    access = _access_cost(demand_snap.distance_m, weight, access_speed_kmh)
    vertices, site_group = np.unique(site_snap.vertex, return_inverse=True)
    batch = max(1, batch_bytes // (8 * graph.n_vertices))
    rows, cols, costs = [], [], []
    for begin in tqdm(range(0, len(vertices), batch), desc="road costs", disable=not progress):
        dist = csgraph.dijkstra(
            weights, directed=True, indices=vertices[begin : begin + batch], limit=limit
        )
        block = dist[:, demand_snap.vertex] + access  # (vertices in batch, demand)
        local = site_group - begin
        for site in np.flatnonzero((local >= 0) & (local < len(dist))):
            reached = np.flatnonzero(block[local[site]] <= limit)
            rows.append(reached)
            cols.append(np.full(len(reached), site, dtype=np.intp))
            costs.append(block[local[site], reached])
    return SparseCosts(
        demand_index=np.concatenate(rows).astype(np.intp) if rows else np.zeros(0, np.intp),
        site_index=np.concatenate(cols).astype(np.intp) if cols else np.zeros(0, np.intp),
        cost=np.concatenate(costs) if costs else np.zeros(0),
        shape=(len(demand_snap.vertex), len(site_snap.vertex)),
        unit="s" if weight == "time" else "m",
    )
