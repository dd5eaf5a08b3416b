"""Coverage: who is within reach of a point, and who is not (R4).

A demand point is *covered* when its nearest point (trygghetspunkt, candidate
premises, store …) is within the threshold:

* by distance: straight line in SWEREF 99 TM × detour factor ≤ ``radius_m``;
* by travel time: road-network time (see :mod:`trygg.analysis.network`),
  including the demand point's access leg, ≤ ``limit_min``.

Results give, for every demand point, the nearest point and its distance or
time, and sum the covered population by municipality and by vulnerable group
(groups whose counts are unknown are reported as unknown, not as zero).
Uncovered points can be written as an RFC 7946 GeoJSON FeatureCollection.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.demand import (
    GROUPS,
    Demand,
    VulnerabilityWeights,
)
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import (
    SWEREF99TM,
    lonlat_to_xy,
    round_lonlat,
)
from trygg.analysis.travel import (
    ROAD_KM,
    ROAD_MINUTES,
    STRAIGHT_LINE,
    check_detour,
    check_radius,
    metric_label,
    nearest_sites,
)
from trygg.data import municipality_names
from trygg.text import N_

if TYPE_CHECKING:
    from trygg.analysis.network import RoadGraph

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass
class Sites:
    """Points people travel to: ids, names, WGS 84 and SWEREF 99 TM coordinates.

    ``approximate`` marks points placed at a locality's point rather than at
    their own address; ``kind`` is free text (``grocery``, ``fuel``, …).
    """

    ids: list[str]
    names: list[str]
    lon: FloatArray
    lat: FloatArray
    municipality: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    approximate: list[bool] = field(default_factory=list)
    source: str = ""

    def __post_init__(self) -> None:
        n = len(self.ids)
        self.municipality = self.municipality or [""] * n
        self.kind = self.kind or [""] * n
        self.approximate = self.approximate or [False] * n
        for name in ("names", "lon", "lat", "municipality", "kind", "approximate"):
            if len(getattr(self, name)) != n:
                raise AnalysisError(N_("Sites: {name} has {getattr_count} values, ids {n}", name=name, getattr_count=len(getattr(self, name)), n=n))
        if n == 0:
            raise AnalysisError(N_("{value}: no points", value=self.source or 'sites'))
        self.x_m, self.y_m = lonlat_to_xy(self.lon, self.lat)

    @property
    def n(self) -> int:
        """Number of points."""
        return len(self.ids)

    @property
    def xy_m(self) -> FloatArray:
        """SWEREF 99 TM coordinates as an (n, 2) array, m."""
        return np.column_stack([self.x_m, self.y_m])

    def subset(self, mask: Sequence[bool] | NDArray[np.bool_]) -> Sites:
        """The points where ``mask`` is true."""
        keep = np.flatnonzero(np.asarray(mask, dtype=bool))
        return Sites(
            [self.ids[i] for i in keep],
            [self.names[i] for i in keep],
            self.lon[keep],
            self.lat[keep],
            [self.municipality[i] for i in keep],
            [self.kind[i] for i in keep],
            [self.approximate[i] for i in keep],
            self.source,
        )


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


@dataclass
class CoverageResult:
    """Covered and uncovered population for a set of points.

    Attributes
    ----------
    method : str
        ``"distance"`` (straight line × detour) or ``"time"`` (road network).
    threshold : float
        ``radius_m`` (m) or ``limit_min`` (min).
    unit : str
        Unit of ``threshold`` and ``nearest_cost``: ``"m"`` or ``"min"``.
    nearest_site : ndarray of int
        Index of each demand point's nearest point, −1 if none was found
        (road network: none within the limit).
    nearest_cost : ndarray of float
        Distance (m) or time (min) to it; ``inf`` when none was found.
    covered : ndarray of bool
        ``nearest_cost ≤ threshold``.
    """

    demand: Demand
    sites: Sites
    method: str
    threshold: float
    unit: str
    nearest_site: IntArray
    nearest_cost: FloatArray
    covered: NDArray[np.bool_]
    detour: float | None = None
    weights: VulnerabilityWeights = field(default_factory=VulnerabilityWeights)
    notes: list[str] = field(default_factory=list)

    @property
    def population(self) -> float:
        """Total population, persons."""
        return self.demand.total_population

    @property
    def covered_population(self) -> float:
        """Population of covered demand points, persons."""
        return float(self.demand.population[self.covered].sum())

    def by_municipality(self) -> list[dict[str, Any]]:
        """Population, covered population and share per kommun code."""
        names = municipality_names()
        weighted = self.demand.weighted_population(self.weights)
        rows = []
        for code in sorted({str(m) for m in self.demand.municipality}):
            mask = self.demand.municipality == code
            total = float(self.demand.population[mask].sum())
            covered = float(self.demand.population[mask & self.covered].sum())
            rows.append(
                {
                    "municipality": code,
                    "name": names.get(code, code or "unknown"),
                    "points": int(mask.sum()),
                    "population": total,
                    "covered": covered,
                    "uncovered": total - covered,
                    "covered_share": _share(covered, total),
                    "weighted_demand": float(weighted[mask].sum()),
                    "weighted_covered": float(weighted[mask & self.covered].sum()),
                }
            )
        return rows

    def by_group(self) -> dict[str, dict[str, float | None] | None]:
        """Persons and covered persons per vulnerable group; None when unknown."""
        result: dict[str, dict[str, float | None] | None] = {}
        for group in GROUPS:
            counts = self.demand.groups.get(group)
            if counts is None:
                result[group] = None
                continue
            total, covered = float(counts.sum()), float(counts[self.covered].sum())
            result[group] = {
                "population": total,
                "covered": covered,
                "covered_share": _share(covered, total),
            }
        return result

    def cells(self) -> list[dict[str, Any]]:
        """One row per demand point: id, position, population, nearest point, cost, covered."""
        rows = []
        for i in range(self.demand.n):
            site = int(self.nearest_site[i])
            cost = float(self.nearest_cost[i])
            rows.append(
                {
                    "id": str(self.demand.ids[i]),
                    "lon": round_lonlat(self.demand.lon[i]),
                    "lat": round_lonlat(self.demand.lat[i]),
                    "municipality": str(self.demand.municipality[i]),
                    "population": float(self.demand.population[i]),
                    "nearest_id": self.sites.ids[site] if site >= 0 else None,
                    "nearest_name": self.sites.names[site] if site >= 0 else None,
                    f"nearest_{self.unit}": round(cost, 1) if math.isfinite(cost) else None,
                    "covered": bool(self.covered[i]),
                }
            )
        return rows

    def uncovered_geojson(self) -> dict[str, Any]:
        """Uncovered demand points as an RFC 7946 FeatureCollection ([lon, lat], 7 decimals)."""
        features = []
        for row in self.cells():
            if row["covered"]:
                continue
            properties = {k: v for k, v in row.items() if k not in ("lon", "lat")}
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                    "properties": properties,
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def metric_in(self, language: str = "en") -> str:
        """Which measure produced the figures (:func:`~trygg.analysis.travel.metric_label`)."""
        metric = {"time": ROAD_MINUTES, "road_distance": ROAD_KM}.get(self.method, STRAIGHT_LINE)
        return metric_label(metric, self.detour, language)

    def to_dict(self, include_cells: bool = False) -> dict[str, Any]:
        """JSON-ready figures; per-point rows only when ``include_cells``."""
        result: dict[str, Any] = {
            "method": self.method,
            "metric": self.metric_in("en"),
            "threshold": self.threshold,
            "unit": self.unit,
            "detour": self.detour,
            "points": self.sites.n,
            "demand": self.demand.to_dict(),
            "population": self.population,
            "covered": self.covered_population,
            "uncovered": self.population - self.covered_population,
            "covered_share": _share(self.covered_population, self.population),
            "weights": self.weights.as_dict(),
            "weighted_demand": float(self.demand.weighted_population(self.weights).sum()),
            "weighted_covered": float(
                self.demand.weighted_population(self.weights)[self.covered].sum()
            ),
            "by_municipality": self.by_municipality(),
            "by_group": self.by_group(),
            "notes": self.notes,
        }
        if include_cells:
            result["cells"] = self.cells()
        return result


def coverage_by_distance(
    demand: Demand,
    sites: Sites,
    radius_m: float,
    detour: float = 1.0,
    weights: VulnerabilityWeights | None = None,
) -> CoverageResult:
    """Population within ``radius_m`` of road distance (straight line × detour).

    Parameters
    ----------
    demand : Demand
    sites : Sites
    radius_m : float
        Largest estimated road distance to count as covered, m (> 0).
    detour : float
        Road distance ÷ straight-line distance (≥ 1).
    weights : VulnerabilityWeights, optional
        For the weighted figures.

    Examples
    --------
    >>> d = Demand.from_lonlat(["a", "b"], [14.64, 15.0], [63.18, 63.5], [100, 50])
    >>> s = Sites(["p"], ["Point"], np.array([14.64]), np.array([63.18]))
    >>> coverage_by_distance(d, s, radius_m=5_000).covered_population
    100.0
    """
    radius_m = check_radius(radius_m)
    detour = check_detour(detour)
    nearest = nearest_sites(demand.xy_m, sites.xy_m, detour=detour)
    return CoverageResult(
        demand=demand,
        sites=sites,
        method="distance",
        threshold=radius_m,
        unit="m",
        nearest_site=nearest.site_index,
        nearest_cost=nearest.distance_m,
        covered=nearest.distance_m <= radius_m,
        detour=detour,
        weights=weights or VulnerabilityWeights(),
    )


def coverage_by_time(
    demand: Demand,
    sites: Sites,
    graph: RoadGraph,
    limit_min: float,
    access_speed_kmh: float | None = None,
    weights: VulnerabilityWeights | None = None,
) -> CoverageResult:
    """Population within ``limit_min`` minutes by road (see :mod:`trygg.analysis.network`).

    Points beyond the limit get no nearest point (the search stops at the
    limit); the notes give the largest snap distances, which flag demand or
    sites far from any road in the extract.
    """
    from trygg.analysis.network import DEFAULT_ACCESS_SPEED_KMH, nearest_sites_on_network

    limit_min = check_radius(limit_min, "limit_min")
    demand_xy = in_graph_crs(demand.lon, demand.lat, demand.xy_m, graph)
    site_xy = in_graph_crs(sites.lon, sites.lat, sites.xy_m, graph)
    speed = access_speed_kmh or DEFAULT_ACCESS_SPEED_KMH
    nearest = nearest_sites_on_network(
        graph, demand_xy, site_xy, limit=limit_min * 60.0, access_speed_kmh=speed
    )
    minutes = nearest.cost / 60.0
    notes = [
        f"road network: {graph.n_vertices} vertices; access leg at {speed:g} km/h",
        f"largest demand snap distance {nearest.demand_snap_m.max():.0f} m, "
        f"largest site snap distance {nearest.site_snap_m.max():.0f} m",
    ]
    return CoverageResult(
        demand=demand,
        sites=sites,
        method="time",
        threshold=limit_min,
        unit="min",
        nearest_site=nearest.site_index,
        nearest_cost=minutes,
        covered=minutes <= limit_min,
        weights=weights or VulnerabilityWeights(),
        notes=notes,
    )


def coverage_by_road_distance(
    demand: Demand,
    sites: Sites,
    graph: RoadGraph,
    radius_m: float,
    weights: VulnerabilityWeights | None = None,
) -> CoverageResult:
    """Population within ``radius_m`` of road distance on the network (the snap legs counted in metres)."""
    from trygg.analysis.network import nearest_sites_on_network

    radius_m = check_radius(radius_m)
    demand_xy = in_graph_crs(demand.lon, demand.lat, demand.xy_m, graph)
    site_xy = in_graph_crs(sites.lon, sites.lat, sites.xy_m, graph)
    nearest = nearest_sites_on_network(graph, demand_xy, site_xy, limit=radius_m, weight="length")
    return CoverageResult(
        demand=demand,
        sites=sites,
        method="road_distance",
        threshold=radius_m,
        unit="m",
        nearest_site=nearest.site_index,
        nearest_cost=nearest.cost,
        covered=nearest.cost <= radius_m,
        weights=weights or VulnerabilityWeights(),
        notes=[f"road network: {graph.n_vertices} vertices; distances along the roads"],
    )


def in_graph_crs(
    lon: FloatArray, lat: FloatArray, xy_m: FloatArray, graph: RoadGraph
) -> FloatArray:
    """Point coordinates in the graph's projected CRS, m (SWEREF 99 TM as given)."""
    if graph.crs == SWEREF99TM:
        return xy_m
    return np.column_stack(lonlat_to_xy(lon, lat, graph.crs))


def site_populations(result: CoverageResult) -> Mapping[str, float]:
    """Population whose nearest point is each site (covered or not), persons."""
    totals = np.bincount(
        result.nearest_site[result.nearest_site >= 0],
        weights=result.demand.population[result.nearest_site >= 0],
        minlength=result.sites.n,
    )
    return {sid: float(t) for sid, t in zip(result.sites.ids, totals, strict=True)}
