"""The modelled Jämtland demand: sums, labels, and where the rural population goes."""

from __future__ import annotations

import csv

import numpy as np
import pytest
import shapely

from trygg.analysis.demand import MunicipalityBoundaries
from trygg.analysis.demand_model import (
    MODELLED_METHOD,
    Locality,
    SettledPlace,
    model_demand,
)
from trygg.analysis.errors import AnalysisError
from trygg.data import data_path
from trygg.formats.localities import modelled_jamtland_demand, read_localities


@pytest.fixture(scope="module")
def jamtland():
    return modelled_jamtland_demand()


def test_it_is_labelled_as_modelled(jamtland) -> None:
    assert jamtland.modelled
    assert "Modelled demand" in jamtland.note


def test_it_sums_to_each_kommuns_population_in_2020(jamtland) -> None:
    with data_path("jamtland_kommun_population.csv").open(encoding="utf-8") as handle:
        totals = {r["kommun_kod"]: float(r["folkmangd_2020_12_31"]) for r in csv.DictReader(handle)}
    for code, total in totals.items():
        assert jamtland.population[jamtland.municipality == code].sum() == pytest.approx(total)
    assert jamtland.total_population == pytest.approx(131_155)


def test_it_keeps_every_tatort_with_its_population(jamtland) -> None:
    localities = read_localities(data_path("jamtland_tatorter_2020.geojson"))
    assert len(localities) == 59
    for t in localities:
        index = list(jamtland.ids).index(f"tatort:{t.code}:{t.name}")
        # The countryside around a tätort is its own point ("rural:…"), never added to the town.
        assert jamtland.population[index] == t.population


def test_it_puts_no_rural_point_inside_or_near_a_tatort(jamtland) -> None:
    localities = read_localities(data_path("jamtland_tatorter_2020.geojson"))
    places = np.array([i.startswith("place:") for i in jamtland.ids])
    assert places.sum() >= 10
    # (A tätort's own countryside point lies at the centre of its area, which may be close by.)
    for t in localities:
        distance = np.hypot(jamtland.x_m[places] - t.x_m, jamtland.y_m[places] - t.y_m)
        assert distance.min() > t.near_radius_m


def test_it_skips_geonames_placeholder_coordinates(jamtland) -> None:
    # Six Berg places share GeoNames' estimated point 62.5484, 14.3647; none is used.
    places = [i for i in jamtland.ids if i.startswith("place:")]
    xy = {
        (round(x), round(y))
        for i, x, y in zip(jamtland.ids, jamtland.x_m, jamtland.y_m, strict=True)
        if i in places
    }
    assert len(xy) == len(places)
    assert not any("Hackås" in p or "Ljungdalen" in p for p in places)


def strip(x0: float, x1: float) -> MunicipalityBoundaries:
    """One kommun, a 10 km wide strip from x0 to x1 (SWEREF 99 TM, m)."""
    return MunicipalityBoundaries(("9999",), ("Test",), (shapely.box(x0, 7_000_000.0, x1, 7_010_000.0),))


def test_it_spreads_the_rest_evenly_by_area_over_the_settled_points() -> None:
    # A 60 km strip; the town at 10 km, villages at 30 and 50 km. Nearest areas:
    # town 0–20 km (20 km), Far A 20–40 km (20 km), Far B 40–60 km (20 km) → 100 each;
    # "Near" lies inside the town's near radius and is dropped.
    localities = [Locality("T1", "Town", "9999", 510_000.0, 7_005_000.0, 1000.0, 100.0)]
    places = [
        SettledPlace("Near", "9999", 510_500.0, 7_005_000.0),
        SettledPlace("Far A", "9999", 530_000.0, 7_005_000.0),
        SettledPlace("Far B", "9999", 550_000.0, 7_005_000.0),
    ]
    demand = model_demand(localities, {"9999": 300.0}, places, strip(500_000.0, 560_000.0))
    assert {i: round(float(p), 6) for i, p in zip(demand.ids, demand.population, strict=True)} == {
        "tatort:T1:Town": 1000.0,
        "rural:9999:Town": 100.0,
        "place:9999:Far A": 100.0,
        "place:9999:Far B": 100.0,
    }


def test_a_village_with_a_larger_hinterland_gets_more_people() -> None:
    # Villages at 10, 20 and 50 km of a 60 km strip: nearest areas 15, 20 and 25 km.
    places = [SettledPlace(n, "9999", 500_000.0 + x, 7_005_000.0) for n, x in
              (("A", 10_000.0), ("B", 20_000.0), ("C", 50_000.0))]
    demand = model_demand([], {"9999": 600.0}, places, strip(500_000.0, 560_000.0))
    by_id = dict(zip(demand.ids, demand.population, strict=True))
    assert by_id["place:9999:A"] == pytest.approx(150.0)
    assert by_id["place:9999:B"] == pytest.approx(200.0)
    assert by_id["place:9999:C"] == pytest.approx(250.0)


def test_a_towns_countryside_sits_at_the_centre_of_its_area_not_on_the_town() -> None:
    localities = [Locality("T1", "Town", "9999", 505_000.0, 7_005_000.0, 1000.0, 100.0)]
    demand = model_demand(localities, {"9999": 50.0}, [], strip(500_000.0, 540_000.0))
    rural = list(demand.ids).index("rural:9999:Town")
    assert demand.x_m[rural] == pytest.approx(520_000.0, abs=1)
    assert demand.population[rural] == pytest.approx(50.0)


def test_no_two_villages_of_the_county_get_the_same_number(jamtland) -> None:
    # The equal-share model gave Valsjöbyn and Offerdal 3 721 each.
    rural = [round(float(p)) for i, p in zip(jamtland.ids, jamtland.population, strict=True)
             if not i.startswith("tatort:")]
    assert len(rural) > 40
    by_id = dict(zip(jamtland.ids, jamtland.population, strict=True))
    assert round(by_id["place:2309:Valsjöbyn"]) != round(by_id["place:2309:Offerdal"])
    assert len(set(rural)) > 0.9 * len(rural)


def test_the_note_names_the_method(jamtland) -> None:
    assert MODELLED_METHOD in jamtland.note and "evenly over the kommun's area" in jamtland.note


def test_it_refuses_a_kommun_with_people_but_no_boundary() -> None:
    with pytest.raises(AnalysisError, match="kommun 1111.*no boundary"):
        model_demand([], {"1111": 10.0}, [], strip(500_000.0, 510_000.0))
