"""Coverage of a municipality's points and candidate premises (issue 3, web page).

The registry's points and sites become ``trygg.analysis`` Sites; the demand is
the stored SCB population grid when there is one, else the bundled modelled
Jämtland demand (every page names which: :mod:`trygg.population.labels`). The
page shows who is within reach of today's points, who is not, and which
candidate premises would add the most people, one after the other (greedy
marginal gain). With a group weight ("elderly 80+ ×2") the suggestions are
ranked by the weighted gain, and the weighted and unweighted figures are both
given.

The measure is a choice when a road network (``TRYGG_ROAD_PBF``) reaches the
municipality: road minutes, road km, or straight line × detour; road km is
the default then, straight line × 1.3 without one. The coverage, the
suggestions, the table and the map all use the one measure, and the page
names it next to every figure (:attr:`MunicipalityCoverage.metric`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import ngettext

from trygg.analysis.coverage import (
    CoverageResult,
    Sites,
    coverage_by_distance,
    coverage_by_road_distance,
    coverage_by_time,
    in_graph_crs,
)
from trygg.analysis.demand import Demand
from trygg.analysis.demand_grid import GroupWeight, gather_in_cells, weighted_demand
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import xy_to_lonlat
from trygg.analysis.network import RoadGraph, network_costs
from trygg.analysis.travel import ROAD_KM, ROAD_MINUTES, STRAIGHT_LINE
from trygg.population.access import place_label  # one naming of demand points on every page
from trygg.population.demand import PopulationDemand, population_demand
from trygg.registry.models import Organisation, Point, Site
from trygg.text import N_

ACTIVE_STATES = ("planned", "decided", "ready")
DEFAULT_RADIUS_M = 10_000.0
DEFAULT_LIMIT_MIN = 15.0  # the reach in road minutes
METRICS = (ROAD_MINUTES, ROAD_KM, STRAIGHT_LINE)
#: A road network reaches a municipality when its extent, widened by this much, meets the
#: extent of the municipality's residents (an extract cut at the county border still counts).
NETWORK_REACH_MARGIN_M = 20_000.0
DEFAULT_DETOUR = 1.3  # road ÷ straight line; see docs/needs-analysis.md
SUGGESTIONS = 5
#: Demand points listed in the page's table (the most residents first); the map shows them all.
TABLE_ROWS = 300
#: Most demand markers on the map; a larger grid is drawn gathered into 1–20 km cells.
MAP_POINTS = 3_000


def municipality_demand(municipality: Organisation) -> PopulationDemand:
    """The municipality's demand: its stored grid, the county's grid, or the model."""
    return population_demand(municipality)


def _sites(ids: list[str], names: list[str], lon: list[float], lat: list[float], approx: list[bool], source: str) -> Sites:
    return Sites(ids, names, np.asarray(lon), np.asarray(lat), approximate=approx, source=source)


def point_sites(points: list[Point]) -> Sites | None:
    rows = [(p, s, xy) for p in points if (s := p.main_site()) is not None and (xy := s.position()) is not None]
    if not rows:
        return None
    return _sites([f"p{p.pk}" for p, _, _ in rows], [p.name for p, _, _ in rows], [xy[0] for _, _, xy in rows],
                  [xy[1] for _, _, xy in rows], [s.location_approximate for _, s, _ in rows], "points")


def candidate_sites(sites: list[Site]) -> Sites | None:
    located = [(s, xy) for s in sites if (xy := s.position()) is not None]
    if not located:
        return None
    return _sites([f"s{s.pk}" for s, _ in located], [s.name for s, _ in located], [xy[0] for _, xy in located],
                  [xy[1] for _, xy in located], [s.location_approximate for s, _ in located], "candidates")


@dataclass(frozen=True)
class Suggestion:
    site_name: str
    adds_people: float
    covered_after: float
    #: The weighted residents it adds (equal to ``adds_people`` without a weight).
    adds_weighted: float = 0.0


def _metric_of(graph: RoadGraph | None, metric: str | None) -> str:
    """The measure in use: the one asked for, else road km on a network, else straight line."""
    return metric or (ROAD_KM if graph is not None else STRAIGHT_LINE)


def _reach(demand: Demand, candidates: Sites, radius_m: float, detour: float, graph: RoadGraph | None,
           metric: str | None = None) -> np.ndarray:
    """reach[i, j]: candidate j covers demand i, by road km or road minutes (``radius_m`` then
    minutes) on ``graph``, or straight line × detour (dense is fine: a municipality has tens of candidates)."""
    metric = _metric_of(graph, metric)
    if graph is not None and metric != STRAIGHT_LINE:
        minutes = metric == ROAD_MINUTES
        costs = network_costs(graph, in_graph_crs(demand.lon, demand.lat, demand.xy_m, graph),
                              in_graph_crs(candidates.lon, candidates.lat, candidates.xy_m, graph),
                              limit=radius_m * 60.0 if minutes else radius_m, weight="time" if minutes else "length")
        reach = np.zeros((demand.n, candidates.n), dtype=bool)
        reach[costs.demand_index, costs.site_index] = True
        return reach
    dist = np.hypot(demand.x_m[:, None] - candidates.x_m[None, :], demand.y_m[:, None] - candidates.y_m[None, :])
    return np.asarray(dist * detour <= radius_m)


def greedy_additions(demand: Demand, existing: Sites | None, candidates: Sites, radius_m: float, detour: float,
                     k: int = SUGGESTIONS, rank_by: np.ndarray | None = None,
                     graph: RoadGraph | None = None, metric: str | None = None) -> list[Suggestion]:
    """Candidates in the order that each adds the most not-yet-covered people (or ``rank_by`` per point).

    ``metric`` ROAD_MINUTES reads ``radius_m`` as minutes by road.
    """
    value = demand.population if rank_by is None else rank_by
    covered = np.zeros(demand.n, dtype=bool)
    if existing is not None:
        covered = _coverage(demand, existing, radius_m, detour, graph, metric).covered.copy()
    reach = _reach(demand, candidates, radius_m, detour, graph, metric)
    picks: list[Suggestion] = []
    chosen: set[int] = set()
    for _ in range(min(k, candidates.n)):
        gains = (value[:, None] * (reach & ~covered[:, None])).sum(axis=0)
        gains[list(chosen)] = -1
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        chosen.add(best)
        adds = float(demand.population[reach[:, best] & ~covered].sum())
        covered |= reach[:, best]
        picks.append(Suggestion(candidates.names[best], adds, float(demand.population[covered].sum()),
                                float(gains[best])))
    return picks


@dataclass(frozen=True)
class Weighted:
    """The weighted figures: residents counted with the group weight."""

    weight: GroupWeight
    group_name: str
    covered: float
    total: float

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0


@dataclass(frozen=True)
class MunicipalityCoverage:
    demand: Demand
    result: CoverageResult | None
    suggestions: list[Suggestion]
    radius_m: float
    detour: float
    source: PopulationDemand | None = None
    weighted: Weighted | None = None
    #: The measure of every figure (METRICS); ROAD_MINUTES: the reach is ``limit_min``.
    metric_key: str = STRAIGHT_LINE
    limit_min: float = DEFAULT_LIMIT_MIN

    @property
    def metric(self) -> str:
        """Which measure produced the figures, in the page's language: road minutes, road km, straight line × detour."""
        from trygg.registry.roads import page_metric

        return page_metric(self.metric_key, self.detour if self.metric_key == STRAIGHT_LINE else None)

    @property
    def in_minutes(self) -> bool:
        return self.metric_key == ROAD_MINUTES

    def _cost_properties(self, cost: float) -> dict[str, Any]:
        """A demand point's cost to its nearest point: km (road or straight line) or minutes by road."""
        if not np.isfinite(cost):
            return {"km": None, "minutes": None}
        if self.in_minutes:
            return {"km": None, "minutes": round(float(cost))}
        return {"km": round(float(cost) / 1000, 1), "minutes": None}

    @property
    def suggestions_metric(self) -> str:
        """The suggestions' reach: the same measure as the coverage (road km with a road network)."""
        return self.metric

    @property
    def source_label(self) -> str:
        return self.source.label if self.source is not None else ""

    @property
    def modelled(self) -> bool:
        return self.source is None or self.source.modelled

    @property
    def covered(self) -> float:
        return self.result.covered_population if self.result else 0.0

    @property
    def total(self) -> float:
        return self.demand.total_population

    @property
    def uncovered(self) -> float:
        return self.total - self.covered

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0

    def map_features(self) -> list[dict[str, Any]]:
        """One marker per demand point, or per gathered cell when a grid has more than :data:`MAP_POINTS`."""
        if self.demand.n <= MAP_POINTS:
            return self.point_features()
        covered = self.result.covered if self.result else np.zeros(self.demand.n, dtype=bool)
        cost = self.result.nearest_cost if self.result else np.full(self.demand.n, np.inf)
        gathered, size = gather_in_cells(self.demand.x_m, self.demand.y_m, self.demand.population, MAP_POINTS)
        covered_people = gathered.sum(np.where(covered, self.demand.population, 0.0))
        finite = np.isfinite(cost)
        # the mean cost per cell, in m (or minutes) as the result holds it
        mean_cost = gathered.mean(np.where(finite, cost, 0.0), np.where(finite, self.demand.population, 0.0))
        lon, lat = xy_to_lonlat(gathered.x_m, gathered.y_m)
        return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(lon[i]), 6), round(float(lat[i]), 6)]},
                 "properties": {"role": "demand", "population": round(float(gathered.population[i])),
                                "name": ngettext("%(n)s square (%(km)s km cell)", "%(n)s squares (%(km)s km cell)",
                                                 int(gathered.points[i])) % {"n": int(gathered.points[i]), "km": f"{size / 1000:g}"},
                                "covered": bool(covered_people[i] >= 0.5 * gathered.population[i] > 0),
                                **self._cost_properties(float(mean_cost[i]))}}
                for i in range(gathered.n_cells)]

    def point_features(self) -> list[dict[str, Any]]:
        """One marker per demand point (grid square or modelled place)."""
        covered = self.result.covered if self.result else np.zeros(self.demand.n, dtype=bool)
        cost = self.result.nearest_cost if self.result else np.full(self.demand.n, np.inf)
        return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
                 "properties": {"role": "demand", "name": place_label(str(name)), "population": round(float(pop)),
                                "covered": bool(c), **self._cost_properties(float(d))}}
                for name, lon, lat, pop, c, d in zip(self.demand.ids, self.demand.lon, self.demand.lat,
                                                     self.demand.population, covered, cost, strict=True)]

    def table_rows(self) -> list[dict[str, Any]]:
        """The demand points with the most residents first, at most :data:`TABLE_ROWS`."""
        rows = sorted((f["properties"] for f in self.point_features()), key=lambda p: -p["population"])
        return rows[:TABLE_ROWS]

    @property
    def table_cut(self) -> bool:
        return self.demand.n > TABLE_ROWS


def _coverage(demand: Demand, existing: Sites, radius_m: float, detour: float,
              graph: RoadGraph | None, metric: str | None = None) -> CoverageResult:
    """Road km (or road minutes: ``radius_m`` is then minutes) on ``graph`` (the configured
    TRYGG_ROAD_PBF), else straight line × detour."""
    metric = _metric_of(graph, metric)
    if graph is not None and metric == ROAD_MINUTES:
        return coverage_by_time(demand, existing, graph, radius_m)
    if graph is not None and metric == ROAD_KM:
        return coverage_by_road_distance(demand, existing, graph, radius_m)
    return coverage_by_distance(demand, existing, radius_m, detour)


def network_reaches(graph: RoadGraph | None, demand: Demand) -> bool:
    """Whether ``graph`` covers the area of ``demand`` (extents within :data:`NETWORK_REACH_MARGIN_M`)."""
    if graph is None or demand.n == 0 or graph.n_vertices == 0:
        return False
    xy = in_graph_crs(demand.lon, demand.lat, demand.xy_m, graph)
    margin = NETWORK_REACH_MARGIN_M
    return bool(xy[:, 0].min() <= graph.x_m.max() + margin and xy[:, 0].max() >= graph.x_m.min() - margin
                and xy[:, 1].min() <= graph.y_m.max() + margin and xy[:, 1].max() >= graph.y_m.min() - margin)


def road_metrics(municipality: Organisation) -> bool:
    """Whether the coverage page may measure ``municipality`` by road (a configured network reaches it)."""
    from trygg.registry.roads import configured_road_graph

    return network_reaches(configured_road_graph(), municipality_demand(municipality).demand)


def municipality_coverage(municipality: Organisation, radius_m: float = DEFAULT_RADIUS_M,
                          detour: float = DEFAULT_DETOUR, weight: GroupWeight | None = None,
                          metric: str | None = None, limit_min: float = DEFAULT_LIMIT_MIN,
                          progress: Callable[[float, str, int], None] | None = None) -> MunicipalityCoverage:
    """Coverage of the municipality's active points and the best additions among its other premises.

    ``metric`` (METRICS; None: road km when a road network reaches the municipality, else straight
    line) decides every figure; ROAD_MINUTES measures the reach ``limit_min`` in minutes by road.
    Raises :class:`AnalysisError` when ``weight`` names a group the demand has no counts for, or a
    road metric is asked for where no road network reaches. ``progress(fraction, phase, step)``
    follows it (a job's row): the road network, the coverage, the premises.
    """
    from trygg.registry.roads import configured_road_graph

    def report(fraction: float, phase: str) -> None:
        if progress is not None:
            progress(fraction, phase, 0)

    report(0.0, "prepare")
    source = municipality_demand(municipality)
    demand = source.demand
    if weight is not None and weight.group not in source.groups:
        raise AnalysisError(N_("weight: the population has no counts for the group {group!r}", group=weight.group))
    if metric is not None and metric not in METRICS:
        raise AnalysisError(N_("metric: {metric!r} must be one of {choices}", metric=metric, choices=", ".join(METRICS)))
    report(0.05, "roads")
    graph = configured_road_graph()
    reaches = network_reaches(graph, demand)
    if metric in (ROAD_MINUTES, ROAD_KM) and not reaches:
        raise AnalysisError(N_("metric: no road network reaches {name} (TRYGG_ROAD_PBF); measure by straight line",
                               name=municipality.name))
    metric = metric or (ROAD_KM if reaches else STRAIGHT_LINE)
    graph = graph if metric != STRAIGHT_LINE else None
    reach = limit_min if metric == ROAD_MINUTES else radius_m
    points = list(Point.objects.filter(municipality=municipality, state__in=ACTIVE_STATES).prefetch_related("sites"))
    existing = point_sites(points)
    used = {s.pk for p in points for s in p.sites.all()}
    candidates = candidate_sites(list(Site.objects.filter(municipality=municipality).exclude(pk__in=used)))
    report(0.2, "coverage")
    result = _coverage(demand, existing, reach, detour, graph, metric) if existing else None
    report(0.5, "suggestions")
    rank_by = None if weight is None else weight.apply(demand.population, source.groups[weight.group])
    suggestions = (greedy_additions(demand, existing, candidates, reach, detour, rank_by=rank_by, graph=graph,
                                    metric=metric)
                   if candidates else [])
    weighted = None
    if weight is not None:
        heavy = weighted_demand(demand, weight, source.groups[weight.group])
        covered = float(heavy.population[result.covered].sum()) if result else 0.0
        weighted = Weighted(weight, source.group_name(weight.group), covered, heavy.total_population)
    return MunicipalityCoverage(demand, result, suggestions, radius_m, detour, source, weighted, metric, limit_min)

