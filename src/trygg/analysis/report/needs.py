"""The figures of the needs-analysis report: coverage now, recommended new points, access.

Pure computation on :class:`~trygg.analysis.demand.Demand` and
:class:`~trygg.analysis.coverage.Sites`; no Django, no drawing. The CLI (or
the web app) gathers the inputs, :func:`analyse_needs` computes, and
:mod:`trygg.formats.needs_report` renders.

The recommendation is a maximal covering model (MCLP, :mod:`trygg.analysis.locate`)
over the candidate premises with the existing points fixed open and
``p = existing + K``: the K premises that together bring the most (weighted)
people within the radius of some point. Distances are straight line × detour
factor in SWEREF 99 TM, as in :func:`~trygg.analysis.coverage.coverage_by_distance`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trygg.analysis.access import AccessResult, PlacedServices, service_access
from trygg.analysis.coverage import (
    CoverageResult,
    Sites,
    coverage_by_distance,
    municipality_names,
)
from trygg.analysis.demand import (
    GROUP_LABELS,
    GROUPS,
    Demand,
    MunicipalityBoundaries,
    VulnerabilityWeights,
)
from trygg.analysis.locate import straight_line_costs
from trygg.analysis.report.common import (
    BoolArray,
    FloatArray,
    combine_sites,
    finite,
    place_name,
    with_site_municipalities,
)
from trygg.analysis.report.recommend import (
    ALL_CANDIDATES_RULE,
    Recommendation,
    pairs_within,
    recommend_new_points,
)
from trygg.analysis.travel import check_detour, check_radius


@dataclass
class NeedsAnalysis:
    """Everything the report shows.

    Attributes
    ----------
    before : CoverageResult or None
        Coverage by the existing points (None when there are none).
    after : CoverageResult or None
        Coverage by the existing points plus the recommended premises (None
        when nothing was recommended).
    access : AccessResult or None
        Distance to the nearest grocery store and fuel station, when computed.
    site_sources : dict of str to str
        Where each site's facts come from (an URL or a citation), by site id.
    """

    title: str
    demand: Demand
    points: Sites | None
    candidates: Sites | None
    radius_m: float
    detour: float
    weights: VulnerabilityWeights
    before: CoverageResult | None
    after: CoverageResult | None
    recommendation: Recommendation
    access: AccessResult | None = None
    inputs: str = ""
    site_sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    # --- coverage masks and totals --------------------------------------------------

    @property
    def covered_before(self) -> BoolArray:
        """Per demand point: within the radius of an existing point."""
        if self.before is None:
            return np.zeros(self.demand.n, dtype=bool)
        return np.asarray(self.before.covered, dtype=bool)

    @property
    def covered_after(self) -> BoolArray:
        """Per demand point: within the radius of an existing or a recommended point."""
        return self.covered_before if self.after is None else np.asarray(self.after.covered, bool)

    @property
    def total(self) -> float:
        """Population of the demand, persons."""
        return self.demand.total_population

    @property
    def covered(self) -> float:
        """Population covered by the existing points, persons."""
        return float(self.demand.population[self.covered_before].sum())

    @property
    def uncovered(self) -> float:
        """Population beyond the radius of every existing point, persons."""
        return float(self.demand.population[~self.covered_before].sum())

    @property
    def covered_with_new(self) -> float:
        """Population covered once the recommended premises are added, persons."""
        return float(self.demand.population[self.covered_after].sum())

    @property
    def nearest_before_m(self) -> FloatArray:
        """Estimated road distance to the nearest existing point, m (inf without points)."""
        if self.before is None:
            return np.full(self.demand.n, np.inf)
        return np.asarray(self.before.nearest_cost, dtype=np.float64)

    @property
    def nearest_after_m(self) -> FloatArray:
        """Estimated road distance to the nearest existing or recommended point, m."""
        if self.after is None:
            return self.nearest_before_m
        return np.asarray(self.after.nearest_cost, dtype=np.float64)

    # --- tables -----------------------------------------------------------------------

    def by_municipality(self) -> list[dict[str, Any]]:
        """Per kommun: population, covered now, uncovered now, covered with the new points."""
        names = municipality_names()
        population = self.demand.population
        rows = []
        for code in sorted({str(m) for m in self.demand.municipality}):
            mask = self.demand.municipality == code
            total = float(population[mask].sum())
            covered = float(population[mask & self.covered_before].sum())
            after = float(population[mask & self.covered_after].sum())
            rows.append({
                "municipality": code,
                "name": names.get(code, code or "unknown"),
                "population": total,
                "covered": covered,
                "uncovered": total - covered,
                "covered_share": covered / total if total > 0 else None,
                "covered_with_new": after,
                "covered_with_new_share": after / total if total > 0 else None,
            })
        return rows

    def by_group(self) -> list[dict[str, Any]]:
        """Per vulnerable group: persons and covered persons, or unknown."""
        rows = []
        for group in GROUPS:
            counts = self.demand.groups.get(group)
            row: dict[str, Any] = {"group": group, "label": GROUP_LABELS[group], "known": counts is not None}
            if counts is not None:
                row.update(
                    population=float(counts.sum()),
                    covered=float(counts[self.covered_before].sum()),
                    covered_with_new=float(counts[self.covered_after].sum()),
                )
            rows.append(row)
        return rows

    def point_rows(self) -> list[dict[str, Any]]:
        """Per existing point: the people within its reach, and those no other point reaches.

        ``only_here`` is the population that would lose coverage if this one
        point failed (points at the same premises reach the same people, so
        for them it is 0).
        """
        if self.points is None:
            return []
        names = municipality_names()
        costs = straight_line_costs(
            self.demand.xy_m, self.points.xy_m, detour_factor=self.detour, max_cost_m=self.radius_m
        )
        within = np.zeros((self.demand.n, self.points.n), dtype=bool)
        within[pairs_within(costs, self.radius_m)] = True
        alone = within & (within.sum(axis=1) == 1)[:, None]
        population = self.demand.population
        return [
            {
                "id": self.points.ids[j],
                "name": self.points.names[j],
                "municipality": names.get(self.points.municipality[j], self.points.municipality[j]),
                "within_reach": float(population[within[:, j]].sum()),
                "only_here": float(population[alone[:, j]].sum()),
                "approximate": self.points.approximate[j],
            }
            for j in range(self.points.n)
        ]

    def uncovered_places(self, after: bool = True) -> list[tuple[str, str, float, float]]:
        """Uncovered demand points: (name, kommun, population, km to the nearest point), largest first."""
        covered = self.covered_after if after else self.covered_before
        nearest = self.nearest_after_m if after else self.nearest_before_m
        names = municipality_names()
        rows = [
            (
                place_name(self.demand.ids[i]),
                names.get(str(self.demand.municipality[i]), str(self.demand.municipality[i])),
                float(self.demand.population[i]),
                float(nearest[i]) / 1000.0,
            )
            for i in np.flatnonzero(~covered)
        ]
        return sorted(rows, key=lambda row: -row[2])

    def to_dict(self) -> dict[str, Any]:
        """The key figures, JSON-ready (written next to the HTML as ``report.json``)."""
        rec = self.recommendation
        result = rec.result
        return {
            "title": self.title,
            "radius_m": self.radius_m,
            "detour": self.detour,
            "weights": self.weights.as_dict(),
            "demand": self.demand.to_dict(),
            "points": self.points.n if self.points is not None else 0,
            "candidates": self.candidates.n if self.candidates is not None else 0,
            "population": self.total,
            "covered": self.covered,
            "uncovered": self.uncovered,
            "covered_with_new": self.covered_with_new,
            "by_municipality": self.by_municipality(),
            "existing_points": self.point_rows(),
            "recommendation": {
                "model": "mclp",
                "requested": rec.requested,
                "p": rec.p,
                "fixed": rec.fixed,
                "eligible": rec.eligible,
                "eligibility_rule": rec.eligibility_rule,
                "objective": None if result is None else finite(result.objective),
                "bound": None if result is None else finite(result.bound),
                "gap": None if result is None else finite(result.gap),
                "status": None if result is None else result.status,
                "method": None if result is None else result.method,
                "new_points": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "municipality": p.municipality,
                        "lon": p.lon,
                        "lat": p.lat,
                        "adds_population": p.adds_population,
                        "adds_weighted": p.adds_weighted,
                        "newly_covered": [{"name": n, "population": v} for n, v in p.newly_covered],
                        "alternatives": p.alternatives,
                    }
                    for p in rec.new_points
                ],
                "notes": rec.notes,
            },
            "notes": self.notes,
        }


def analyse_needs(
    demand: Demand,
    points: Sites | None,
    candidates: Sites | None,
    radius_m: float,
    new_points: int = 5,
    detour: float = 1.3,
    weights: VulnerabilityWeights | None = None,
    eligible: Sequence[bool] | BoolArray | None = None,
    eligibility_rule: str = ALL_CANDIDATES_RULE,
    title: str = "Needs analysis",
    access: AccessResult | None = None,
    boundaries: MunicipalityBoundaries | None = None,
    inputs: str = "",
    site_sources: Mapping[str, str] | None = None,
    time_limit_s: float = 60.0,
) -> NeedsAnalysis:
    """Coverage by the existing points, the recommended new points, and coverage with them.

    Parameters
    ----------
    demand : Demand
        Where people live (modelled or registered).
    points, candidates : Sites or None
        Existing points (fixed open) and candidate premises.
    radius_m : float
        Covered within this estimated road distance (straight line × ``detour``), m.
    new_points : int
        How many premises to recommend (K).
    detour : float
        Road ÷ straight-line distance (≥ 1).
    weights : VulnerabilityWeights, optional
        Vulnerable-group weights in the model's objective.
    eligible : sequence of bool, optional
        Per candidate: may it be recommended; ``eligibility_rule`` says why.
    title : str
        Report title.
    access : AccessResult, optional
        Store and fuel access to show (see :func:`jamtland_access`).
    boundaries : MunicipalityBoundaries, optional
        To give sites without a kommun code one (for the tables).
    inputs : str
        Where the points and candidates came from, in words.
    site_sources : mapping of str to str, optional
        Source URL or citation per site id.
    time_limit_s : float
        Solver budget for the MCLP, s.
    """
    radius_m, detour = check_radius(radius_m), check_detour(detour)
    weights = weights or VulnerabilityWeights()
    points = with_site_municipalities(points, boundaries) if points is not None else None
    candidates = (
        with_site_municipalities(candidates, boundaries) if candidates is not None else None
    )
    before = coverage_by_distance(demand, points, radius_m, detour, weights) if points else None
    recommendation = recommend_new_points(
        demand, points, candidates, radius_m, new_points, detour, weights, eligible,
        eligibility_rule, time_limit_s,
    )
    chosen = [p.index for p in recommendation.new_points]
    combined = (
        combine_sites(points, candidates.subset(np.isin(np.arange(candidates.n), chosen)))
        if candidates is not None and chosen else None
    )
    after = coverage_by_distance(demand, combined, radius_m, detour, weights) if combined else None
    analysis = NeedsAnalysis(
        title, demand, points, candidates, radius_m, detour, weights, before, after,
        recommendation, access, inputs, dict(site_sources or {}),
    )
    if points is None:
        analysis.notes.append("there are no existing points with a position: nobody is covered yet")
    return analysis


#: First two digits of the kommun codes in Jämtland county (län 23).
JAMTLAND_COUNTY_PREFIX = "23"


def jamtland_access(demand: Demand, detour: float, placed: PlacedServices) -> AccessResult | None:
    """Distance to the nearest grocery store and fuel station from the bundled Jämtland list (``placed``:
    :func:`trygg.formats.services.read_service_points`).

    None when no demand point lies in Jämtland (the list covers no other county).
    The list is incomplete, so the distances are upper bounds (see the notes).
    """
    in_county = np.array([str(m).startswith(JAMTLAND_COUNTY_PREFIX) for m in demand.municipality])
    if not in_county.any():
        return None
    result = service_access(demand, placed.by_kind, detour=detour)
    result.notes.extend(placed.notes())
    return result
