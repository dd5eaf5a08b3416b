"""The report's recommendation: MCLP over candidate premises with the existing points fixed."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from trygg.analysis.coverage import Sites
from trygg.analysis.demand import Demand, VulnerabilityWeights
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import xy_to_lonlat
from trygg.analysis.report import (
    BACKUP_POWER_RULE,
    NeedsAnalysis,
    analyse_needs,
    recommend_new_points,
)

X0, Y0 = 480_000.0, 7_000_000.0  # near Östersund, SWEREF 99 TM (m)
RADIUS_M, DETOUR = 10_000.0, 1.3  # reach 7.7 km in a straight line
SCRIPT_NAME = "<script>alert(1)</script> hall"


def county_demand() -> Demand:
    """A town with a point, two villages 30 km off, a hamlet near one of them, a far farm."""
    return Demand.from_xy(
        ["tatort:1:Town", "place:2380:Northby", "place:2380:Eastby", "place:2380:Nearnorth",
         "place:2309:Farby"],
        [X0, X0, X0 + 30_000, X0 + 3_000, X0 + 60_000],
        [Y0, Y0 + 30_000, Y0, Y0 + 31_000, Y0 + 60_000],
        [1000, 300, 200, 40, 50],
        municipality=["2380", "2380", "2380", "2380", "2309"],
    )


def sites_at(ids: list[str], names: list[str], xy: list[tuple[float, float]]) -> Sites:
    lon, lat = xy_to_lonlat([x for x, _ in xy], [y for _, y in xy])
    return Sites(ids, names, lon, lat)


def town_point() -> Sites:
    return sites_at(["p1"], ["Town point"], [(X0, Y0)])


def county_candidates() -> Sites:
    return sites_at(
        ["c1", "c2", "c3", "c4", "c5"],
        ["Northby school", SCRIPT_NAME, "Northby church", "Town library", "Farby shop $_$"],
        [(X0, Y0 + 30_000), (X0 + 30_000, Y0), (X0, Y0 + 30_000), (X0, Y0), (X0 + 60_000, Y0 + 60_000)],
    )


def county_analysis(new_points: int = 2, **kwargs: object) -> NeedsAnalysis:
    return analyse_needs(
        county_demand(), town_point(), county_candidates(), RADIUS_M, new_points, DETOUR,
        title="Test county", **kwargs,  # type: ignore[arg-type]
    )


def covered_weight(demand: Demand, sites: Sites, columns: list[int], weights: np.ndarray) -> float:
    dx = demand.x_m[:, None] - sites.x_m[None, columns]
    dy = demand.y_m[:, None] - sites.y_m[None, columns]
    return float(weights[(np.hypot(dx, dy) * DETOUR <= RADIUS_M).any(axis=1)].sum())


def test_it_recommends_the_premises_that_cover_the_most_uncovered_people() -> None:
    analysis = county_analysis()
    names = {p.name for p in analysis.recommendation.new_points}
    assert SCRIPT_NAME in names
    assert names & {"Northby school", "Northby church"}
    assert analysis.covered == 1000
    assert analysis.covered_with_new == 1540


def test_covered_and_uncovered_add_up_to_the_total_overall_and_by_kommun() -> None:
    analysis = county_analysis()
    assert analysis.covered + analysis.uncovered == analysis.total == 1590
    rows = analysis.by_municipality()
    assert sum(r["covered"] + r["uncovered"] for r in rows) == analysis.total
    assert {r["municipality"]: r["covered_with_new"] for r in rows} == {"2380": 1540, "2309": 0}


def test_each_new_point_is_credited_with_the_places_it_newly_covers() -> None:
    new = {p.name: p for p in county_analysis().recommendation.new_points}
    northby = new.get("Northby school") or new["Northby church"]
    assert northby.newly_covered == [("Northby", 300.0), ("Nearnorth", 40.0)]
    assert northby.adds_population == 340
    assert new[SCRIPT_NAME].newly_covered == [("Eastby", 200.0)]


def test_premises_that_reach_the_same_people_are_named_as_equal_alternatives() -> None:
    new = {p.name: p for p in county_analysis().recommendation.new_points}
    northby = new.get("Northby school") or new["Northby church"]
    assert northby.alternatives == [{"Northby school", "Northby church"}.difference([northby.name]).pop()]
    assert new[SCRIPT_NAME].alternatives == []


def test_the_objective_is_the_brute_force_optimum_and_the_gap_is_zero() -> None:
    rng = np.random.default_rng(7)
    n_demand, n_candidates, k = 40, 9, 3
    x = X0 + rng.uniform(0, 60_000, n_demand)
    y = Y0 + rng.uniform(0, 60_000, n_demand)
    demand = Demand.from_xy([f"d{i}" for i in range(n_demand)], x, y, rng.integers(1, 500, n_demand))
    xy = [(X0 + a, Y0 + b) for a, b in rng.uniform(0, 60_000, (n_candidates + 1, 2))]
    points = sites_at(["p"], ["P"], xy[:1])
    candidates = sites_at([f"c{j}" for j in range(n_candidates)], [f"C{j}" for j in range(n_candidates)], xy[1:])
    both = sites_at(["p", *candidates.ids], ["P", *candidates.names], xy)
    weights = demand.population
    best = max(covered_weight(demand, both, [0, *[j + 1 for j in subset]], weights)
               for subset in combinations(range(n_candidates), k))
    recommendation = recommend_new_points(demand, points, candidates, RADIUS_M, k, DETOUR)
    assert recommendation.result is not None
    assert recommendation.result.objective == pytest.approx(best)
    assert recommendation.result.gap == 0
    chosen = [0, *[p.index + 1 for p in recommendation.new_points]]
    assert covered_weight(demand, both, chosen, weights) == pytest.approx(best)


def test_vulnerability_weights_steer_the_choice_towards_the_vulnerable() -> None:
    demand = county_demand()
    demand.groups["elderly"] = np.array([0.0, 0.0, 150.0, 0.0, 0.0])  # Eastby is old
    plain = recommend_new_points(demand, town_point(), county_candidates(), RADIUS_M, 1, DETOUR,
                                 VulnerabilityWeights(elderly=0.0))
    weighted = recommend_new_points(demand, town_point(), county_candidates(), RADIUS_M, 1, DETOUR,
                                    VulnerabilityWeights(elderly=2.0))
    assert plain.new_points[0].name in {"Northby school", "Northby church"}
    assert weighted.new_points[0].name == SCRIPT_NAME
    assert weighted.new_points[0].adds_weighted == 200 + 2 * 150


def test_premises_that_would_add_no_one_are_left_out_and_named() -> None:
    recommendation = county_analysis(new_points=4).recommendation
    assert len(recommendation.new_points) == 3  # Northby, Eastby, Farby; the 4th adds no one
    assert any("bring no one new within reach" in note for note in recommendation.notes)
    assert recommendation.result is not None and recommendation.result.objective == 1590


def test_only_eligible_premises_are_recommended_and_the_rule_is_kept() -> None:
    analysis = county_analysis(eligible=[False, True, False, False, True],
                               eligibility_rule=BACKUP_POWER_RULE)
    assert {p.name for p in analysis.recommendation.new_points} == {SCRIPT_NAME, "Farby shop $_$"}
    assert analysis.recommendation.eligibility_rule == BACKUP_POWER_RULE
    assert analysis.recommendation.eligible == 2


def test_with_no_eligible_premises_nothing_is_recommended_and_the_note_says_why() -> None:
    analysis = county_analysis(eligible=[False] * 5, eligibility_rule=BACKUP_POWER_RULE)
    assert analysis.recommendation.new_points == []
    assert analysis.after is None and analysis.covered_with_new == analysis.covered
    assert "none of the 5 candidate premises meets the eligibility rule" in analysis.recommendation.notes[0]


def test_it_rejects_a_negative_number_of_new_points() -> None:
    with pytest.raises(AnalysisError, match="new points: -1 is negative"):
        county_analysis(new_points=-1)


def test_it_rejects_a_zero_radius() -> None:
    with pytest.raises(AnalysisError, match="radius"):
        analyse_needs(county_demand(), town_point(), county_candidates(), 0.0, 2, DETOUR)
