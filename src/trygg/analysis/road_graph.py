"""The compressed road graph: way ends, junctions and regular stretch nodes, with time and length per edge.

Part of :mod:`trygg.analysis.network` (its docstring explains the graph and the snapping);
:func:`build_road_graph` reads the ways (:mod:`trygg.analysis.road_tags`) and compresses them.
"""

from __future__ import annotations

import math
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
from trygg.analysis.road_tags import (
    DEFAULT_MAX_EDGE_M,
    DEFAULT_SPEEDS_KMH,
    MIN_EDGE_LENGTH_M,
    WayParts,
    read_ways,
)
from trygg.text import N_

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

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
        raise AnalysisError(N_("{path}: no such file", path=str(path)))
    if not (math.isfinite(max_edge_m) and max_edge_m > 0):
        raise AnalysisError(N_("max_edge_m={value!r} must be > 0", value=max_edge_m))
    speeds = dict(speeds_kmh or DEFAULT_SPEEDS_KMH)
    for name, speed in speeds.items():
        if not (math.isfinite(speed) and speed > 0):
            raise AnalysisError(N_("speed for highway={name} is {speed!r}; it must be > 0 km/h", name=name, speed=speed))
    if ferry_speed_kmh is not None and not (math.isfinite(ferry_speed_kmh) and ferry_speed_kmh > 0):
        raise AnalysisError(N_("ferry speed {speed!r} must be > 0 km/h", speed=ferry_speed_kmh))
    try:
        parts = read_ways(path, speeds, progress, ferry_speed_kmh)
    except RuntimeError as exc:  # osmium's error for an unreadable file
        raise AnalysisError(
            N_("{path}: cannot read as OpenStreetMap data ({error})", path=str(path), error=str(exc))
        ) from exc
    if not parts.starts:
        raise AnalysisError(N_("{path}: no car-drivable roads (highway=*) in the file", path=str(path)))
    return _compress(parts, crs, max_edge_m)


def _compress(parts: WayParts, crs: str, max_edge_m: float) -> RoadGraph:
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
    length = np.maximum(along[b_pos] - along[a_pos], MIN_EDGE_LENGTH_M)
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
