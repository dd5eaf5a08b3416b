"""Hand-computed access: two localities, two stores, straight line and detour.

Localities A (100 residents) and B (50) lie 12 km apart on a north–south
line near Östersund; store S1 is 3 km east of A, store S2 8 km north of B.
Straight line: A → S1 3 km, B → S2 8 km (S1 is √(12² + 3²) ≈ 12.4 km from B).
"""

from __future__ import annotations

import numpy as np
import pytest

from trygg.analysis.access import merge_services, service_access
from trygg.analysis.coverage import Sites
from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import xy_to_lonlat

X0, Y0 = 480_000.0, 7_000_000.0


def sites(names: list[str], xy: list[tuple[float, float]], kind: str = "grocery") -> Sites:
    lon, lat = xy_to_lonlat([x for x, _ in xy], [y for _, y in xy])
    return Sites([f"{kind}:{n}" for n in names], names, np.asarray(lon), np.asarray(lat), kind=[kind] * len(names))


@pytest.fixture
def demand() -> Demand:
    return Demand.from_xy(["A", "B"], [X0, X0], [Y0, Y0 + 12_000], [100, 50], ["2380", "2380"])


@pytest.fixture
def stores() -> Sites:
    return sites(["S1", "S2"], [(X0 + 3_000, Y0), (X0, Y0 + 20_000)])


def test_it_finds_the_nearest_store_of_each_locality_and_its_distance(demand, stores) -> None:
    result = service_access(demand, {"grocery": stores})
    cells = {c["id"]: c for c in result.cells()}
    assert (cells["A"]["grocery_nearest"], cells["A"]["grocery_km"]) == ("S1", pytest.approx(3.0, abs=1e-3))
    assert (cells["B"]["grocery_nearest"], cells["B"]["grocery_km"]) == ("S2", pytest.approx(8.0, abs=1e-3))
    mean = result.to_dict()["overall"]["grocery"]["mean_distance_km"]
    assert mean == pytest.approx((100 * 3 + 50 * 8) / 150, abs=1e-3)


def test_it_counts_residents_within_each_band_cumulatively(demand, stores) -> None:
    result = service_access(demand, {"grocery": stores})
    assert result.population_within("grocery", (5, 10, 20, 30)) == {
        "5": 100.0, "10": 150.0, "20": 150.0, "30": 150.0, "beyond": 0.0,
    }
    assert result.shares_beyond("grocery") == {"5": pytest.approx(50 / 150), "10": 0.0, "20": 0.0}


def test_a_detour_factor_moves_residents_to_a_farther_band_and_is_named(demand, stores) -> None:
    result = service_access(demand, {"grocery": stores}, detour=1.3)
    # B: 8 km × 1.3 = 10.4 km, beyond 10 km now.
    assert result.population_within("grocery", (5, 10, 20)) == {"5": 100.0, "10": 100.0, "20": 150.0, "beyond": 0.0}
    assert result.metric == "straight line × 1.3"
    assert result.to_dict()["metric"] == "straight line × 1.3"


def test_it_counts_people_with_no_reachable_store_as_beyond(demand, stores) -> None:
    result = service_access(demand, {"grocery": stores})
    result.services["grocery"].distance_m[1] = np.inf  # as when the road network reaches nothing
    assert result.population_within("grocery", (5, 10))["beyond"] == 50.0


def test_a_masked_count_covers_only_that_municipality(stores) -> None:
    demand = Demand.from_xy(["A", "B"], [X0, X0], [Y0, Y0 + 12_000], [100, 50], ["2380", "2309"])
    result = service_access(demand, {"grocery": stores})
    mask = np.asarray(demand.municipality == "2309")
    assert result.population_within("grocery", (5, 10), mask) == {"5": 0.0, "10": 50.0, "beyond": 0.0}


def test_merging_sources_adds_a_nearer_store(demand, stores) -> None:
    village_shop = sites(["Bua"], [(X0 + 1_000, Y0 + 12_000)])
    merged = merge_services({"grocery": stores}, {"grocery": village_shop, "fuel": village_shop})
    assert merged["grocery"].names == ["S1", "S2", "Bua"]
    result = service_access(demand, merged)
    cells = {c["id"]: c for c in result.cells()}
    assert (cells["B"]["grocery_nearest"], cells["B"]["grocery_km"]) == ("Bua", pytest.approx(1.0, abs=1e-3))
    assert cells["A"]["fuel_km"] == pytest.approx(np.hypot(1, 12), abs=1e-3)


def test_it_refuses_bands_that_are_not_positive(demand, stores) -> None:
    result = service_access(demand, {"grocery": stores})
    with pytest.raises(AnalysisError, match="thresholds_km"):
        result.population_within("grocery", (5, -1))
