"""The location models reproduce the figures spopt's own tests assert on its San Francisco data.

Data: tests/data/spopt_sf (205 census tracts, 16 candidate stores, network
distances in metres; BSD-3, see the NOTICE there). Radius 5,000 m, p = 4.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from trygg.analysis.locate import LSCP, LSCPB, MCLP, PCenter, PMedian

DATA = Path(__file__).resolve().parents[1] / "data" / "spopt_sf"
RADIUS_M = 5000.0
P = 4


@pytest.fixture(scope="module")
def san_francisco() -> tuple[np.ndarray, np.ndarray]:
    """Tract x store distance matrix (m) and tract population (POP2000), tracts joined by name."""
    with open(DATA / "SF_network_distance_candidateStore_16_censusTract_205_new.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(DATA / "SF_demand_205_centroid_uniform_weight.csv", newline="") as handle:
        population = {row["NAME"]: float(row["POP2000"]) for row in csv.DictReader(handle)}
    tracts = sorted({row["DestinationName"] for row in rows})
    stores = sorted({row["name"] for row in rows})
    tract_index = {name: i for i, name in enumerate(tracts)}
    store_index = {name: j for j, name in enumerate(stores)}
    costs = np.full((len(tracts), len(stores)), np.inf)
    for row in rows:
        costs[tract_index[row["DestinationName"]], store_index[row["name"]]] = float(row["distance"])
    weights = np.array([population[name] for name in tracts])
    return costs, weights


def test_the_data_set_is_complete(san_francisco):
    costs, weights = san_francisco
    assert costs.shape == (205, 16)
    assert np.isfinite(costs).all()
    assert weights.sum() == 955_113


def test_lscp_needs_eight_stores(san_francisco):
    costs, weights = san_francisco
    result = LSCP(RADIUS_M).solve(costs, weights).result_
    assert result.objective == 8
    assert len(result.sites) == 8
    assert result.gap == 0.0
    assert result.status == "optimal"
    assert result.uncovered.size == 0


def test_mclp_covers_875247_people_and_leaves_21_tracts_uncovered(san_francisco):
    costs, weights = san_francisco
    result = MCLP(RADIUS_M, P).solve(costs, weights).result_
    assert result.objective == pytest.approx(875_247)
    assert result.covered_weight == pytest.approx(875_247)
    assert len(result.uncovered) == 21
    assert 100 * (205 - len(result.uncovered)) / 205 == pytest.approx(89.75609756097561)
    assert len(result.sites) == P
    assert result.gap == 0.0


def test_pmedian_objective_and_mean_distance_match(san_francisco):
    costs, weights = san_francisco
    result = PMedian(P).solve(costs, weights).result_
    assert result.objective == pytest.approx(2_848_268_129.71, abs=0.01)
    assert result.objective / weights.sum() == pytest.approx(2982.13, abs=0.005)
    assert result.gap == 0.0


def test_pcenter_longest_distance_is_7403_m(san_francisco):
    costs, weights = san_francisco
    result = PCenter(P).solve(costs, weights).result_
    assert result.objective == pytest.approx(7403.06, abs=0.005)
    assert result.gap == 0.0


def test_lscpb_backs_up_81_46_percent_counted_as_spopt_counts(san_francisco):
    costs, _ = san_francisco
    result = LSCPB(RADIUS_M).solve(costs).result_
    assert result.details["sites_in_minimum_cover"] == 8
    assert len(result.sites) == 8
    # spopt counts the 22 tracts that only one store can reach as backed up;
    # our objective counts only tracts really within reach of two chosen stores.
    spopt_share = 100 * (result.backup_weight + result.details["single_candidate_weight"]) / 205
    assert spopt_share == pytest.approx(81.46341463414633)
    assert result.backup_weight == 145
    assert result.gap == 0.0
