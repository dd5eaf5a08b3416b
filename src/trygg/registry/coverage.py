"""Coverage of a municipality's points and candidate premises (issue 3, web page).

The registry's points and sites become ``trygg.analysis`` Sites; the demand is
the bundled modelled Jämtland demand (clearly labelled as modelled). The page
shows who is within reach of today's points, who is not, and which candidate
premises would add the most people, one after the other (greedy marginal
gain).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from trygg.analysis.coverage import CoverageResult, Sites, coverage_by_distance
from trygg.analysis.demand import Demand
from trygg.analysis.demand_model import modelled_jamtland_demand
from trygg.registry.access import place_label  # one naming of demand points on every page
from trygg.registry.models import Organisation, Point, Site

ACTIVE_STATES = ("planned", "decided", "ready")
DEFAULT_RADIUS_M = 10_000.0
DEFAULT_DETOUR = 1.3  # road ÷ straight line; see docs/needs-analysis.md
SUGGESTIONS = 5


@lru_cache(maxsize=1)
def _county_demand() -> Demand:
    return modelled_jamtland_demand()


def municipality_demand(code: str) -> Demand:
    demand = _county_demand()
    return demand.subset(np.asarray(demand.municipality == code))


def _sites(ids: list[str], names: list[str], lon: list[float], lat: list[float], approx: list[bool], source: str) -> Sites:
    return Sites(ids, names, np.asarray(lon), np.asarray(lat), approximate=approx, source=source)


def point_sites(points: list[Point]) -> Sites | None:
    rows = [(p, p.main_site()) for p in points]
    rows = [(p, s) for p, s in rows if s is not None and s.has_position]
    if not rows:
        return None
    return _sites([f"p{p.pk}" for p, _ in rows], [p.name for p, _ in rows], [s.lon for _, s in rows],
                  [s.lat for _, s in rows], [s.location_approximate for _, s in rows], "points")


def candidate_sites(sites: list[Site]) -> Sites | None:
    located = [s for s in sites if s.has_position]
    if not located:
        return None
    return _sites([f"s{s.pk}" for s in located], [s.name for s in located], [s.lon for s in located],
                  [s.lat for s in located], [s.location_approximate for s in located], "candidates")


@dataclass(frozen=True)
class Suggestion:
    site_name: str
    adds_people: float
    covered_after: float


def greedy_additions(demand: Demand, existing: Sites | None, candidates: Sites, radius_m: float, detour: float,
                     k: int = SUGGESTIONS) -> list[Suggestion]:
    """Candidates in the order that each adds the most not-yet-covered people."""
    covered = np.zeros(demand.n, dtype=bool)
    if existing is not None:
        covered = coverage_by_distance(demand, existing, radius_m, detour).covered.copy()
    # reach[i, j]: candidate j covers demand i (dense is fine: a municipality has tens of candidates).
    dist = np.hypot(demand.x_m[:, None] - candidates.x_m[None, :], demand.y_m[:, None] - candidates.y_m[None, :])
    reach = dist * detour <= radius_m
    picks: list[Suggestion] = []
    chosen: set[int] = set()
    for _ in range(min(k, candidates.n)):
        gains = (demand.population[:, None] * (reach & ~covered[:, None])).sum(axis=0)
        gains[list(chosen)] = -1
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        chosen.add(best)
        covered |= reach[:, best]
        picks.append(Suggestion(candidates.names[best], float(gains[best]), float(demand.population[covered].sum())))
    return picks


@dataclass(frozen=True)
class MunicipalityCoverage:
    demand: Demand
    result: CoverageResult | None
    suggestions: list[Suggestion]
    radius_m: float
    detour: float

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
        covered = self.result.covered if self.result else np.zeros(self.demand.n, dtype=bool)
        cost = self.result.nearest_cost if self.result else np.full(self.demand.n, np.inf)
        return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
                 "properties": {"role": "demand", "name": place_label(str(name)), "population": round(float(pop)),
                                "covered": bool(c), "km": None if not np.isfinite(d) else round(float(d) / 1000, 1)}}
                for name, lon, lat, pop, c, d in zip(self.demand.ids, self.demand.lon, self.demand.lat,
                                                     self.demand.population, covered, cost, strict=True)]


def municipality_coverage(municipality: Organisation, radius_m: float = DEFAULT_RADIUS_M,
                          detour: float = DEFAULT_DETOUR) -> MunicipalityCoverage:
    demand = municipality_demand(municipality.scb_code)
    points = list(Point.objects.filter(municipality=municipality, state__in=ACTIVE_STATES).prefetch_related("sites"))
    existing = point_sites(points)
    used = {s.pk for p in points for s in p.sites.all()}
    candidates = candidate_sites(list(Site.objects.filter(municipality=municipality).exclude(pk__in=used)))
    result = coverage_by_distance(demand, existing, radius_m, detour) if existing else None
    suggestions = greedy_additions(demand, existing, candidates, radius_m, detour) if candidates else []
    return MunicipalityCoverage(demand, result, suggestions, radius_m, detour)

