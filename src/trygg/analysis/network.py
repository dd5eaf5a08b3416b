"""Road-network travel times from an OpenStreetMap ``.pbf`` (pyosmium + scipy).

This module computes the travel times on a graph (:func:`network_costs`,
:func:`nearest_sites_on_network`) and is where callers import everything from; the graph
is read by :mod:`trygg.analysis.road_tags`, built by :mod:`trygg.analysis.road_graph`
and cached by :mod:`trygg.analysis.road_cache`.

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

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.sparse import csgraph

from trygg.analysis.errors import AnalysisError
from trygg.analysis.road_cache import (
    CACHE_FORMAT,
    CachedGraph,
    cache_key,
    cached_road_graph,
    file_sha256,
    load_graph,
    save_graph,
)
from trygg.analysis.road_graph import RoadGraph, Snap, build_road_graph
from trygg.analysis.road_tags import (
    DEFAULT_ACCESS_SPEED_KMH,
    DEFAULT_MAX_EDGE_M,
    DEFAULT_SPEEDS_KMH,
    ZONE_SPEEDS_KMH,
    oneway_direction,
    parse_maxspeed,
)
from trygg.analysis.travel import SparseCosts
from trygg.text import N_

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: The names callers import from here (the graph's modules are parts of this one).
__all__ = [
    "CACHE_FORMAT",
    "CachedGraph",
    "cache_key",
    "cached_road_graph",
    "file_sha256",
    "load_graph",
    "save_graph",
    "RoadGraph",
    "Snap",
    "build_road_graph",
    "DEFAULT_ACCESS_SPEED_KMH",
    "DEFAULT_MAX_EDGE_M",
    "DEFAULT_SPEEDS_KMH",
    "ZONE_SPEEDS_KMH",
    "oneway_direction",
    "parse_maxspeed",
    "NetworkNearest",
    "nearest_sites_on_network",
    "network_costs",
]



def _weights(graph: RoadGraph, weight: str) -> sparse.csr_array:
    if weight == "time":
        return graph.time_s
    if weight == "length":
        return graph.length_m
    raise AnalysisError(N_("weight={weight!r} must be 'time' or 'length'", weight=weight))


def _access_cost(snap_m: FloatArray, weight: str, access_speed_kmh: float) -> FloatArray:
    if weight == "length":
        return snap_m
    if not (math.isfinite(access_speed_kmh) and access_speed_kmh > 0):
        raise AnalysisError(N_("access_speed_kmh={speed!r} must be > 0 km/h", speed=access_speed_kmh))
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
        raise AnalysisError(N_("sites: no sites to measure travel to"))
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
        raise AnalysisError(N_("limit={limit!r} must be > 0", limit=limit))
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
