"""The modelled Jämtland demand: sums, labels, and where the rural population goes."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from trygg.analysis.demand_model import (
    Locality,
    SettledPlace,
    model_demand,
    modelled_jamtland_demand,
    read_localities,
)
from trygg.data import data_path


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
        # Ragunda has no settled place outside its tätorter: its rest is
        # added to them, so a tätort holds at least its own population.
        assert jamtland.population[index] >= t.population


def test_it_puts_no_rural_point_inside_or_near_a_tatort(jamtland) -> None:
    localities = read_localities(data_path("jamtland_tatorter_2020.geojson"))
    places = np.array([i.startswith("place:") for i in jamtland.ids])
    assert places.sum() >= 10
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


def test_it_spreads_the_rest_equally_over_settled_places() -> None:
    localities = [Locality("T1", "Town", "9999", 500_000.0, 7_000_000.0, 1000.0, 100.0)]
    places = [
        SettledPlace("Near", "9999", 500_500.0, 7_000_000.0),  # inside the town's near radius
        SettledPlace("Far A", "9999", 520_000.0, 7_000_000.0),
        SettledPlace("Far B", "9999", 540_000.0, 7_000_000.0),
    ]
    demand = model_demand(localities, {"9999": 300.0}, places)
    assert dict(zip(demand.ids, demand.population, strict=True)) == {
        "tatort:T1:Town": 1000.0,
        "place:9999:Far A": 150.0,
        "place:9999:Far B": 150.0,
    }
