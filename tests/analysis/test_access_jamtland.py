"""The bundled Jämtland grocery stores and fuel stations, placed at their localities."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from trygg.analysis.access import service_access
from trygg.data import data_path
from trygg.formats.localities import modelled_jamtland_demand
from trygg.formats.services import read_service_points


@pytest.fixture(scope="module")
def placed():
    return read_service_points()


def test_it_places_every_grocery_and_fuel_row_or_lists_it(placed) -> None:
    with data_path("jamtland_service_points_from_web.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] in ("grocery", "fuel", "sot_punkt")]
    sot = sum(r["kind"] == "sot_punkt" for r in rows)
    grocery = sum(r["kind"] == "grocery" for r in rows)
    fuel = sum(r["kind"] == "fuel" for r in rows)
    placed_rows = placed.by_kind["grocery"].n + placed.by_kind["fuel"].n
    # A SOT-punkt counts as both a store and a fuel station (R3).
    assert (
        placed_rows + sum(2 if "sot_punkt" in u else 1 for u in placed.unplaced)
        == grocery + fuel + 2 * sot
    )


def test_it_marks_every_placed_point_approximate(placed) -> None:
    for sites in placed.by_kind.values():
        assert all(sites.approximate)
        assert sites.lat.min() > 61.5 and sites.lat.max() < 65.5


def test_it_places_kall_at_the_village_point_given_in_the_list(placed) -> None:
    grocery = placed.by_kind["grocery"]
    index = grocery.names.index("Lanthandeln i Kall")
    assert (grocery.lon[index], grocery.lat[index]) == (13.2333, 63.4667)
    assert "SOT-punkt Kall" in placed.by_kind["fuel"].names


def test_it_places_a_store_at_its_tatort_point(placed) -> None:
    grocery = placed.by_kind["grocery"]
    index = grocery.names.index("Coop Vemdalen")
    # SCB's Vemdalen tätort point is at about 62.45 N, 13.86 E.
    assert grocery.lat[index] == pytest.approx(62.45, abs=0.02)
    assert grocery.municipality[index] == "2361"


def test_it_names_the_kommuner_without_a_listed_store() -> None:
    placed = read_service_points()
    result = service_access(modelled_jamtland_demand(), placed.by_kind, detour=1.3)
    # The web-sourced list has no grocery store in Östersund: the note says so
    # instead of silently reporting everyone there as far from a store.
    assert any("no grocery point listed in" in n and "Östersund" in n for n in result.notes)
    shares = result.shares_beyond("grocery")
    assert 0 <= shares["20"] <= shares["10"] <= shares["5"] <= 1
    assert np.isfinite(result.services["fuel"].distance_m).all()
