"""Store and fuel access measured to the registry's stores and fuel stations, on the Jämtland demo.

The earlier analysis read a bundled web-sourced list with no store in
Östersund and said its residents were on average 33.8 km from one, 100 %
beyond 20 km, and Ragunda's 103 km. The demo registry has the towns' stores;
measured to those, a person from Jämtland recognises the figures.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from trygg.cli import main
from trygg.population.access import registry_access, registry_services
from trygg.registry.models import Organisation, Site

pytestmark = pytest.mark.django_db


def by_code(result) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {row["municipality"]: row for row in result.by_municipality()}


def test_most_of_ostersunds_residents_are_within_a_few_km_of_a_store() -> None:
    result = registry_access()
    ostersund = by_code(result)["2380"]
    assert ostersund["grocery"]["share_beyond_km"]["5"] < 0.2
    assert ostersund["grocery"]["mean_distance_km"] < 5
    assert ostersund["fuel"]["mean_distance_km"] < 5


def test_ragundas_mean_distance_to_a_store_is_plausible() -> None:
    ragunda = by_code(registry_access())["2303"]
    assert ragunda["grocery"]["mean_distance_km"] < 20
    assert ragunda["fuel"]["mean_distance_km"] < 20


def test_every_municipality_has_most_residents_within_30_km_of_a_store() -> None:
    result = registry_access()
    for row in result.by_municipality():
        assert row["grocery"]["share_beyond_km"]["30"] < 0.5, row["name"]


def test_it_measures_to_a_store_added_to_the_registry() -> None:
    # A new store in Rossön (Strömsund, 324 residents by SCB) makes it 0 km for them.
    before = {c["id"]: c for c in registry_access().cells()}
    rossön = next(k for k in before if k.endswith(":Rossön"))
    assert before[rossön]["grocery_km"] > 5
    lon, lat = before[rossön]["lon"], before[rossön]["lat"]
    Site.objects.create(municipality=Organisation.objects.get(scb_code="2313"), name="Rossöns lanthandel",
                        kind="grocery_store", lon=lon, lat=lat)
    after = {c["id"]: c for c in registry_access().cells()}
    assert after[rossön]["grocery_nearest"] == "Rossöns lanthandel"
    assert after[rossön]["grocery_km"] == pytest.approx(0.0, abs=0.01)


def test_it_lists_registry_stores_without_a_position_instead_of_guessing() -> None:
    services = registry_services()
    assert any("Handlarn i Skålan" in name for name in services.without_position)
    assert any("Skålan" in note for note in registry_access().notes)
    assert "Handlarn i Skålan (obemannad butik)" not in services.by_kind["grocery"].names


def test_the_command_reads_the_registry_for_one_municipality() -> None:
    result = CliRunner().invoke(main, ["analyze", "access", "--from-db", "-m", "2380", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert [row["municipality"] for row in figures["by_municipality"]] == ["2380"]
    assert figures["metric"] == "straight line × 1.3"
    assert figures["overall"]["grocery"]["share_beyond_km"]["20"] < 0.05
    assert figures["demand"]["modelled"] is True


def test_the_command_prints_the_metric_and_the_modelled_note() -> None:
    result = CliRunner().invoke(main, ["analyze", "access", "--from-db"])
    assert result.exit_code == 0, result.output
    assert "straight line × 1.3" in result.output and "modelled demand" in result.output
    assert "Östersund" in result.output and "Ragunda" in result.output


def test_the_command_adds_a_poi_list_to_the_registry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cells_before = {c["id"]: c for c in registry_access().cells()}
    rossön = next(k for k in cells_before if k.endswith(":Rossön"))
    pois = tmp_path / "pois.csv"
    pois.write_text(f"name,kind,lat,lon\nRossö bua,grocery,{cells_before[rossön]['lat']},"
                    f"{cells_before[rossön]['lon']}\n", encoding="utf-8")
    out = tmp_path / "cells.csv"
    result = CliRunner().invoke(main, ["analyze", "access", "--from-db", "-m", "2313", "--pois", str(pois),
                                       "--csv-out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Rossö bua" in out.read_text(encoding="utf-8")


def test_the_command_refuses_an_unknown_municipality_and_mixed_sources() -> None:
    unknown = CliRunner().invoke(main, ["analyze", "access", "--from-db", "-m", "9999"])
    assert unknown.exit_code == 2 and "-m 9999" in unknown.output
    mixed = CliRunner().invoke(main, ["analyze", "access", "--from-db", "--jamtland"])
    assert mixed.exit_code == 2 and "only one of" in mixed.output
