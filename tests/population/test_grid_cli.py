"""`trygg import grid FILE [--year] [--replace]`: all or nothing, attributed, and it names the demand source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.population.gridfiles import ARE_SQUARES, square, write_csv, write_gpkg
from trygg.cli import main
from trygg.population.models import GridDataset, GridSquare

pytestmark = pytest.mark.django_db


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["import", "grid", *args])


def test_it_imports_a_geopackage_for_a_municipality_and_names_the_source(tmp_path: Path) -> None:
    path = write_gpkg(tmp_path / "befolkning_1km_2023.gpkg", ARE_SQUARES)
    result = run(str(path), "-m", "2321", "--user", "are")
    assert result.exit_code == 0, result.output
    assert "3 squares with 485 residents stored for Åre kommun" in result.output
    assert "Demand source: SCB population grid 2023, 1 km (imported by Anders Åresson," in result.output
    assert GridDataset.objects.get().imported_by.username == "are"


def test_without_a_municipality_it_stores_the_countys_grid_attributed_to_the_system_user(tmp_path: Path) -> None:
    result = run(str(write_csv(tmp_path / "grid.csv", ARE_SQUARES)), "--year", "2023")
    assert result.exit_code == 0, result.output
    dataset = GridDataset.objects.get()
    assert dataset.organisation.kind == "county" and dataset.imported_by is None
    assert dataset.imported_by_name.startswith("trygg import grid (")


def test_a_bad_row_exits_2_naming_row_and_field_and_stores_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "grid.csv", ARE_SQUARES)
    path.write_text(path.read_text(encoding="utf-8").replace("3880007030000", "38800070300"), encoding="utf-8")
    result = run(str(path), "-m", "2321")
    assert result.exit_code == 2
    assert "Nothing was imported" in result.output and "row 3, field 'rutid_scb'" in result.output
    assert "Traceback" not in result.output
    assert not GridSquare.objects.exists()


def test_a_second_import_needs_replace(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "befolkning_1km_2023.csv", ARE_SQUARES)
    assert run(str(first), "-m", "2321").exit_code == 0
    second = write_csv(tmp_path / "befolkning_1km_2024.csv", [square(394000, 7031000, adults=7)], year=2024)
    refused = run(str(second), "-m", "2321")
    assert refused.exit_code == 2 and "already has a population grid" in refused.output
    replaced = run(str(second), "-m", "2321", "--replace")
    assert replaced.exit_code == 0 and "replacing befolkning_1km_2023.csv" in replaced.output
    assert GridDataset.objects.get().total_population == 7 and GridSquare.objects.count() == 1


def test_an_unknown_municipality_or_user_is_a_message(tmp_path: Path) -> None:
    path = str(write_csv(tmp_path / "grid.csv", ARE_SQUARES))
    assert "no municipality with code '9999'" in run(path, "-m", "9999").output
    assert "no user 'nobody'" in run(path, "-m", "2321", "-u", "nobody").output
    assert not GridDataset.objects.exists()


def test_analyze_access_from_the_registry_uses_the_stored_grid_and_names_it(tmp_path: Path) -> None:
    before = CliRunner().invoke(main, ["analyze", "access", "--from-db", "-m", "2321"])
    assert before.exit_code == 0, before.output
    assert "Demand source: Modelled population: localities (SCB 2020)" in before.output
    assert run(str(write_csv(tmp_path / "befolkning_1km_2023.csv", ARE_SQUARES)), "-m", "2321").exit_code == 0
    after = CliRunner().invoke(main, ["analyze", "access", "--from-db", "-m", "2321"])
    assert after.exit_code == 0, after.output
    assert "Demand source: SCB population grid 2023, 1 km (imported by trygg import grid (" in after.output
    assert "485" in after.output


NO_LANGUAGE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


def test_the_import_and_the_demand_source_speak_swedish_by_default(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "befolkning_1km_2023.csv", ARE_SQUARES)
    result = CliRunner().invoke(main, ["import", "grid", str(path), "-m", "2321", "--user", "are"], env=NO_LANGUAGE)
    assert result.exit_code == 0, result.output
    assert f"{path}: 3 rutor med 485 invånare sparade för Åre kommun." in result.output
    assert "Befolkningskälla: SCB befolkningsrutnät 2023, 1 km (importerad av Anders Åresson," in result.output
    access = CliRunner().invoke(main, ["analyze", "access", "--from-db", "-m", "2321"], env=NO_LANGUAGE)
    assert access.exit_code == 0, access.output
    assert "Befolkningskälla: SCB befolkningsrutnät 2023, 1 km (importerad av Anders Åresson," in access.output
    data = json.loads(CliRunner().invoke(main, ["analyze", "access", "--from-db", "-m", "2321", "--json"],
                                         env=NO_LANGUAGE).stdout)
    assert any(note.startswith("Demand source: SCB population grid 2023, 1 km") for note in data["notes"])
