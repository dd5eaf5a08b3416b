"""Straight-line travel distances in SWEREF 99 TM with a KD-tree.

Distances are Euclidean in SWEREF 99 TM metres (EPSG:3006; its scale error is
under 0.1 % across Sweden) multiplied by a *detour factor* that turns a
straight line into an estimate of the road distance. Road distance ≈
detour × straight-line distance is the usual circuity approximation; measured
circuity factors for road networks are mostly 1.2–1.4 (Ballou, Rahardja &
Sakai 2002, "Selected country circuity factors for road travel distance
estimation", Transportation Research Part A 36(9)). Rural Jämtland, with
lakes and few roads, is at the high end; the default 1.0 means plain straight
lines, and callers choose a factor (the CLI suggests 1.3). Use
:mod:`trygg.analysis.network` when a road network is at hand.

Nearest and within-radius queries use :class:`scipy.spatial.cKDTree`, built
on the sites (the smaller set) and queried with all demand points in
parallel (``workers=-1``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from trygg.analysis.errors import AnalysisError
from trygg.text import N_, Number, Text

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


def check_detour(detour: float) -> float:
    """Return the detour factor, or raise unless it is a finite number ≥ 1."""
    if not (isinstance(detour, int | float) and math.isfinite(detour) and detour >= 1.0):
        raise AnalysisError(
            N_("detour factor {detour!r} must be a number ≥ 1 (road distance ÷ straight-line distance)", detour=detour)
        )
    return float(detour)


def check_radius(radius_m: float, name: str = "radius_m") -> float:
    """Return the radius, or raise unless it is a finite number > 0 (m)."""
    if not (isinstance(radius_m, int | float) and math.isfinite(radius_m) and radius_m > 0):
        raise AnalysisError(N_("{name}={radius_m!r} must be a distance > 0 m", name=name, radius_m=radius_m))
    return float(radius_m)


def _as_xy(points: ArrayLike, name: str) -> FloatArray:
    xy = np.asarray(points, dtype=np.float64)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise AnalysisError(N_("{name}: expected an (n, 2) array of x, y in m, got shape {shape}", name=name, shape=str(xy.shape)))
    if not np.isfinite(xy).all():
        row = int(np.flatnonzero(~np.isfinite(xy).all(axis=1))[0])
        raise AnalysisError(
            N_("{name}, point {value}: coordinates {value2} are not finite", name=name, value=row + 1, value2=xy[row].tolist())
        )
    return xy


@dataclass(frozen=True)
class Nearest:
    """The nearest site of every demand point.

    Attributes
    ----------
    site_index : ndarray of int
        Index into the sites of the nearest one, per demand point.
    distance_m : ndarray of float
        Estimated road distance to it: straight line × detour, m.
    """

    site_index: IntArray
    distance_m: FloatArray


def nearest_sites(
    demand_xy: ArrayLike, site_xy: ArrayLike, detour: float = 1.0, workers: int = -1
) -> Nearest:
    """Nearest site and its distance for every demand point.

    Parameters
    ----------
    demand_xy, site_xy : array_like, shape (n, 2) and (m, 2)
        SWEREF 99 TM coordinates, m.
    detour : float
        Road distance ÷ straight-line distance (≥ 1).
    workers : int
        Parallel query threads (−1 = all cores).

    Examples
    --------
    >>> r = nearest_sites([[0, 0], [10, 0]], [[3, 4], [10, 1]], detour=1.5)
    >>> r.site_index.tolist(), r.distance_m.tolist()
    ([0, 1], [7.5, 1.5])
    """
    detour = check_detour(detour)
    demand = _as_xy(demand_xy, "demand")
    sites = _as_xy(site_xy, "sites")
    if len(sites) == 0:
        raise AnalysisError(N_("sites: no sites to measure distances to"))
    distance, index = cKDTree(sites).query(demand, k=1, workers=workers)
    return Nearest(np.asarray(index, dtype=np.intp), np.asarray(distance) * detour)


@dataclass(frozen=True)
class SparseCosts:
    """Demand × site costs kept only where within a limit (COO triplets).

    Zero costs are real entries (a demand point at a site), so the triplets
    are kept as arrays rather than in a scipy sparse matrix, which would be
    ambiguous about explicit zeros.

    Attributes
    ----------
    demand_index, site_index : ndarray of int
        Row (demand) and column (site) of each entry.
    cost : ndarray of float
        Distance (m) or time (s) of each entry, ≤ the limit.
    shape : tuple of int
        (number of demand points, number of sites).
    unit : str
        ``"m"`` or ``"s"``.
    """

    demand_index: IntArray
    site_index: IntArray
    cost: FloatArray
    shape: tuple[int, int]
    unit: str

    def to_dense(self, fill: float = np.inf) -> FloatArray:
        """A dense (demand × site) array with ``fill`` where beyond the limit."""
        dense = np.full(self.shape, fill, dtype=np.float64)
        dense[self.demand_index, self.site_index] = self.cost
        return dense


def sites_within(
    demand_xy: ArrayLike, site_xy: ArrayLike, radius_m: float, detour: float = 1.0
) -> SparseCosts:
    """Every (demand, site) pair whose estimated road distance is ≤ radius_m.

    The straight-line search radius is ``radius_m / detour``. Costs are
    estimated road distances (straight line × detour), m. This is the sparse
    cost matrix the location models take.

    Examples
    --------
    >>> c = sites_within([[0, 0], [100, 0]], [[0, 50]], radius_m=60)
    >>> c.demand_index.tolist(), c.cost.tolist()
    ([0], [50.0])
    """
    radius_m = check_radius(radius_m)
    detour = check_detour(detour)
    demand = _as_xy(demand_xy, "demand")
    sites = _as_xy(site_xy, "sites")
    matrix = cKDTree(demand).sparse_distance_matrix(
        cKDTree(sites), radius_m / detour, output_type="ndarray"
    )
    # The structured-array output lists every pair, distance-0 pairs included.
    return SparseCosts(
        demand_index=np.asarray(matrix["i"], dtype=np.intp),
        site_index=np.asarray(matrix["j"], dtype=np.intp),
        cost=np.asarray(matrix["v"], dtype=np.float64) * detour,
        shape=(len(demand), len(sites)),
        unit="m",
    )


def count_within(
    demand_xy: ArrayLike, site_xy: ArrayLike, radius_m: float, detour: float = 1.0
) -> IntArray:
    """Number of sites within ``radius_m`` (estimated road distance) of each demand point."""
    radius_m = check_radius(radius_m)
    detour = check_detour(detour)
    demand = _as_xy(demand_xy, "demand")
    sites = _as_xy(site_xy, "sites")
    counts = cKDTree(sites).query_ball_point(
        demand, radius_m / detour, return_length=True, workers=-1
    )
    return np.asarray(counts, dtype=np.intp)


# --- which metric produced a figure -------------------------------------------------

#: The three measures a figure can come from.
ROAD_MINUTES = "road_minutes"
ROAD_KM = "road_km"
STRAIGHT_LINE = "straight_line"


def metric_text(metric: str, detour: float | None = None) -> Text:
    """The words every page and command print next to a figure: which measure produced it.

    The one place for that label, a translatable text (:mod:`trygg.text`); the detour factor
    is written with the language's decimal separator.

    Examples
    --------
    >>> str(metric_text("road_km")), metric_text("road_minutes").in_language("sv")
    ('road km', 'vägminuter')
    >>> str(metric_text("straight_line", 1.3)), metric_text("straight_line", 1.3).in_language("sv")
    ('straight line × 1.3', 'fågelvägen × 1,3')
    """
    if metric == ROAD_MINUTES:
        return N_("road minutes")
    if metric == ROAD_KM:
        return N_("road km")
    if metric != STRAIGHT_LINE:
        raise AnalysisError(N_("metric {metric!r} must be {ROAD_MINUTES}, {ROAD_KM} or {STRAIGHT_LINE}", metric=metric, ROAD_MINUTES=ROAD_MINUTES, ROAD_KM=ROAD_KM, STRAIGHT_LINE=STRAIGHT_LINE))
    return N_("straight line × {factor:g}", factor=Number(detour if detour is not None else 1.0))


def metric_label(metric: str, detour: float | None = None, language: str = "en") -> str:
    """:func:`metric_text` in ``language`` ("sv", "en", ...).

    Examples
    --------
    >>> metric_label("road_km"), metric_label("road_minutes", language="sv")
    ('road km', 'vägminuter')
    >>> metric_label("straight_line", 1.3), metric_label("straight_line", 1.3, "sv")
    ('straight line × 1.3', 'fågelvägen × 1,3')
    """
    return metric_text(metric, detour).in_language(language)
