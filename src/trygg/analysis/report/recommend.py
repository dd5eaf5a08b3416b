"""Recommended new points for the needs-analysis report: the MCLP over the candidate premises.

A maximal covering model (MCLP, :mod:`trygg.analysis.locate`) over the candidate
premises with the existing points fixed open and ``p = existing + K``: the K premises
that together bring the most (weighted) people within the radius of some point.
Distances are straight line × detour factor in SWEREF 99 TM, as in
:func:`~trygg.analysis.coverage.coverage_by_distance`. Pure computation; no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from trygg.analysis.coverage import (
    Sites,
)
from trygg.analysis.demand import (
    Demand,
    VulnerabilityWeights,
)
from trygg.analysis.locate import MCLP, LocationResult, straight_line_costs
from trygg.analysis.report.common import (
    BoolArray,
    FloatArray,
    ReportError,
    combine_sites,
    place_name,
)
from trygg.analysis.travel import check_detour, check_radius
from trygg.text import N_

#: Rule text when every candidate premises may be recommended.
ALL_CANDIDATES_RULE = (
    "all candidate premises (eligibility not applied: most premises in the registry have "
    "no record of backup power, so requiring it would leave almost nothing to choose from)"
)
#: Rule text when only premises with backup power or a connection point may be recommended.
BACKUP_POWER_RULE = (
    "only premises with a fixed backup generator or a connection point for a mobile generator"
)

#: How many equally good alternatives to name per recommended premises.
MAX_ALTERNATIVES = 8


@dataclass(frozen=True)
class NewPoint:
    """One recommended premises and the people it would bring within reach.

    Attributes
    ----------
    index : int
        Position among the candidate sites.
    adds_population : float
        Persons not covered by any existing point whose nearest new point this is, persons.
    adds_weighted : float
        The same in weighted demand (population + weighted vulnerable-group counts).
    newly_covered : list of (str, float)
        Those demand points by name with their population, largest first.
    alternatives : list of str
        Other eligible premises that reach exactly the same demand points
        (equally good for the model; often premises in the same village).
    """

    index: int
    id: str
    name: str
    municipality: str
    lon: float
    lat: float
    approximate: bool
    adds_population: float
    adds_weighted: float
    newly_covered: list[tuple[str, float]]
    alternatives: list[str]
    more_alternatives: int = 0


@dataclass
class Recommendation:
    """The MCLP answer: which premises to add, the objective and its proven gap.

    ``result`` is None when no model was solved (no candidates, none eligible,
    or ``requested`` = 0); ``notes`` says why.
    """

    requested: int
    fixed: int
    eligible: int
    candidates: int
    eligibility_rule: str
    result: LocationResult | None = None
    new_points: list[NewPoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def p(self) -> int:
        """Sites the model opened: the fixed ones plus the new ones it was allowed."""
        return self.fixed + min(self.requested, self.eligible)


def pairs_within(costs: sparse.csr_array, radius_m: float) -> tuple[NDArray[np.intp], ...]:
    """(row, column) of every demand–site pair within the radius.

    Read from the stored triplets: a stored zero is a real zero cost (a
    demand point at a site), which ``toarray()`` could not tell from absence.
    """
    coo = sparse.coo_array(costs)
    keep = coo.data <= radius_m
    return coo.row[keep].astype(np.intp), coo.col[keep].astype(np.intp)


def _costs_to(costs: sparse.csr_array, columns: Sequence[int]) -> FloatArray:
    """Dense costs to a few columns, ``inf`` where a pair is absent (beyond the kept limit)."""
    coo = sparse.coo_array(costs)
    position = np.full(costs.shape[1], -1, dtype=np.intp)
    position[list(columns)] = np.arange(len(columns))
    wanted = position[coo.col]
    keep = wanted >= 0
    dense = np.full((costs.shape[0], len(columns)), np.inf)
    dense[coo.row[keep], wanted[keep]] = coo.data[keep]
    return dense


def _reach_sets(
    rows: NDArray[np.intp], cols: NDArray[np.intp], open_rows: BoolArray
) -> dict[int, frozenset[int]]:
    """Per site column, the demand rows within reach that no existing point covers."""
    sets: dict[int, set[int]] = {}
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        if open_rows[row]:
            sets.setdefault(col, set()).add(row)
    return {col: frozenset(found) for col, found in sets.items()}


def recommend_new_points(
    demand: Demand,
    points: Sites | None,
    candidates: Sites | None,
    radius_m: float,
    k: int,
    detour: float = 1.0,
    weights: VulnerabilityWeights | None = None,
    eligible: Sequence[bool] | BoolArray | None = None,
    eligibility_rule: str = ALL_CANDIDATES_RULE,
    time_limit_s: float = 60.0,
) -> Recommendation:
    """Choose ``k`` candidate premises that add the most weighted people within reach.

    A maximal covering model (MCLP) over the existing points and the
    candidates, with the existing points fixed open and ``p = existing + k``.
    Each chosen premises is credited with the people it newly covers (not
    within reach of an existing point) and for whom it is the nearest new
    point; premises that would add no one (the model pads its answer to
    exactly ``p`` sites) are left out and named in the notes.

    Parameters
    ----------
    demand : Demand
    points : Sites or None
        Existing points (always open).
    candidates : Sites or None
        Premises that could become points.
    radius_m : float
        Covered within this estimated road distance, m.
    k : int
        Number of new points wanted (≥ 0); fewer are chosen when fewer are eligible.
    detour : float
        Road ÷ straight-line distance (≥ 1).
    weights : VulnerabilityWeights, optional
        Weights of the vulnerable groups in the objective.
    eligible : sequence of bool, optional
        Per candidate: may it be chosen (default: all).
    eligibility_rule : str
        The rule behind ``eligible``, in words (for the report).
    time_limit_s : float
        Solver budget, s.
    """
    radius_m, detour = check_radius(radius_m), check_detour(detour)
    if k < 0:
        raise ReportError(N_("new points: {k} is negative; give 0 or more", k=k))
    n_fixed = points.n if points is not None else 0
    n_candidates = candidates.n if candidates is not None else 0
    mask = np.ones(n_candidates, dtype=bool) if eligible is None else np.asarray(eligible, bool)
    if len(mask) != n_candidates:
        raise ReportError(N_("eligible has {mask_count} values for {n_candidates} candidate premises", mask_count=len(mask), n_candidates=n_candidates))
    recommendation = Recommendation(k, n_fixed, int(mask.sum()), n_candidates, eligibility_rule)
    if k == 0:
        recommendation.notes.append("no new points were asked for")
        return recommendation
    if candidates is None:
        recommendation.notes.append("no candidate premises with a position: nothing to recommend")
        return recommendation
    if not mask.any():
        recommendation.notes.append(
            f"none of the {n_candidates} candidate premises meets the eligibility rule "
            f"({eligibility_rule}): nothing to recommend"
        )
        return recommendation
    if recommendation.eligible < k:
        recommendation.notes.append(
            f"{k} new points were asked for but only {recommendation.eligible} premises are eligible"
        )
    sites = combine_sites(points, candidates)
    assert sites is not None
    costs = straight_line_costs(demand.xy_m, sites.xy_m, detour_factor=detour, max_cost_m=radius_m)
    weighted = demand.weighted_population(weights)
    result = MCLP(
        radius_m,
        recommendation.p,
        fixed=np.arange(n_fixed),
        eligible=np.concatenate([np.ones(n_fixed, dtype=bool), mask]),
        time_limit_s=time_limit_s,
    ).solve(costs, weighted).result_
    recommendation.result = result
    chosen = [int(j) - n_fixed for j in result.sites if j >= n_fixed]
    rows, cols = pairs_within(costs, radius_m)
    covered_before = np.zeros(demand.n, dtype=bool)
    covered_before[rows[cols < n_fixed]] = True
    # Candidates that reach exactly the same not-yet-covered people are interchangeable.
    reach = _reach_sets(rows, cols, ~covered_before)
    others = [n_fixed + j for j in np.flatnonzero(mask).tolist() if j not in chosen]
    alternatives = {
        j: [candidates.names[c - n_fixed] for c in others
            if reach.get(c, frozenset()) == reach.get(n_fixed + j, frozenset())]
        for j in chosen
    }
    new_points = _credit_new_points(
        demand, weighted, candidates, chosen,
        _costs_to(costs, [n_fixed + j for j in chosen]), covered_before, radius_m, alternatives,
    )
    useless = [p.name for p in new_points if p.adds_weighted <= 0]
    if useless:
        recommendation.notes.append(
            f"left out {len(useless)} premises the model opened only to make up p: they bring "
            f"no one new within reach ({'; '.join(useless)})"
        )
    recommendation.new_points = sorted(
        (p for p in new_points if p.adds_weighted > 0), key=lambda p: (-p.adds_weighted, p.name)
    )
    return recommendation


def _credit_new_points(
    demand: Demand,
    weighted: FloatArray,
    candidates: Sites,
    chosen: list[int],
    to_chosen: FloatArray,
    covered_before: BoolArray,
    radius_m: float,
    alternatives: Mapping[int, list[str]],
) -> list[NewPoint]:
    """Credit every newly covered demand point to its nearest chosen premises.

    ``to_chosen`` holds the costs (m) from every demand point to each chosen premises.
    """
    if not chosen:
        return []
    nearest = np.argmin(to_chosen, axis=1)
    newly = ~covered_before & (to_chosen.min(axis=1) <= radius_m)
    points = []
    for position, j in enumerate(chosen):
        mine = newly & (nearest == position)
        people = sorted(
            ((place_name(demand.ids[i]), float(demand.population[i])) for i in np.flatnonzero(mine)),
            key=lambda item: -item[1],
        )
        points.append(NewPoint(
            j, candidates.ids[j], candidates.names[j], candidates.municipality[j],
            float(candidates.lon[j]), float(candidates.lat[j]), candidates.approximate[j],
            float(demand.population[mine].sum()), float(weighted[mine].sum()), people,
            alternatives[j][:MAX_ALTERNATIVES], max(0, len(alternatives[j]) - MAX_ALTERNATIVES),
        ))
    return points
