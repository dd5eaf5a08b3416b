"""Reading SCB's grid files (CSV and GeoPackage in SCB's columns): groups, year, size, and every bad row named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.population.gridfiles import ARE_SQUARES, Square, square, write_csv, write_gpkg
from trygg.formats.errors import ImportRejected
from trygg.formats.population_grid import read_population_grid


@pytest.mark.parametrize("writer", [write_csv, write_gpkg], ids=["csv", "gpkg"])
def test_it_reads_squares_totals_and_the_derived_groups(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    path = writer(tmp_path / f"befolkning_1km_2023.{'csv' if writer is write_csv else 'gpkg'}", ARE_SQUARES)
    grid = read_population_grid(path)
    assert (grid.cell_size_m, grid.reference_year) == (1000, 2023)
    assert grid.total_population == 290 + 105 + 90
    first = grid.squares[0]
    assert (first.square_id, first.x_corner, first.y_corner) == ("3940007031000", 394000, 7031000)
    # children 0–14 = ald0_4 + ald5_9 + ald10_14; 65+ from ald65_69; 80+ from ald80_84.
    assert first.groups == {"children": 30, "elderly_65": 60, "elderly_80": 20}
    assert grid.known_groups == ["children", "elderly_65", "elderly_80"]
    assert grid.extra_columns == ["kvinna", "man"]
    assert first.extra == {"kvinna": 145.0, "man": 145.0}


def test_a_foreign_born_column_is_kept_by_name(tmp_path: Path) -> None:
    squares = [square(394000, 7031000, adults=50, utrikes_fodda=7)]
    grid = read_population_grid(write_csv(tmp_path / "grid.csv", squares))
    assert grid.squares[0].extra["utrikes_fodda"] == 7.0 and "utrikes_fodda" in grid.extra_columns


def test_the_15_year_olds_are_not_children_because_scb_class_15_19_is_five_years_wide(tmp_path: Path) -> None:
    teen = Square(394000, 7031000, {"ald10_14": 4, "ald15_19": 5})
    grid = read_population_grid(write_csv(tmp_path / "grid.csv", [teen]))
    assert grid.squares[0].groups["children"] == 4


def test_coarse_age_classes_that_straddle_a_group_leave_it_unknown(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("rutid_scb;rutstorl;beftotalt;ald0_24;ald25_64;ald65_79;ald80w;referenstid\n"
                    "3940007031000;1000;100;30;40;20;10;20231231\n", encoding="utf-8")
    grid = read_population_grid(path)
    assert grid.squares[0].groups == {"children": None, "elderly_65": 30, "elderly_80": 10}
    assert grid.known_groups == ["elderly_65", "elderly_80"]
    assert any("children" in str(w) for w in grid.warnings)


def test_a_250_m_grid_and_the_year_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "befolkning_250m_2022.csv"
    path.write_text("rutid_scb,beftotalt\n3942507031750,12\n3940007031000,3\n", encoding="utf-8")
    grid = read_population_grid(path)
    assert (grid.cell_size_m, grid.reference_year, grid.known_groups) == (250, 2022, [])


def test_a_year_given_that_contradicts_the_file_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "grid.csv", ARE_SQUARES, year=2023)
    with pytest.raises(ImportRejected) as caught:
        read_population_grid(path, year=2024)
    assert "2023" in str(caught.value) and "2024" in str(caught.value)


def test_without_any_year_it_asks_for_one(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("rutid_scb,beftotalt\n3940007031000,3\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="names no year"):
        read_population_grid(path)
    assert read_population_grid(path, year=2023).reference_year == 2023


def bad_csv(tmp_path: Path, row: int, column: str, value: str) -> Path:
    """The Åre CSV with one cell changed (row as a spreadsheet shows it)."""
    path = write_csv(tmp_path / "grid.csv", ARE_SQUARES)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    cells = lines[row - 1].split(";")
    cells[header.index(column)] = value
    lines[row - 1] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("column", "value", "problem"), [
    ("beftotalt", "-3", "cannot be negative"),
    ("beftotalt", "tolv", "Not a number"),
    ("beftotalt", "", "missing"),
    ("beftotalt", "2,5", "whole number"),
    ("ald85_89", "x", "Not a number"),
    ("rutid_scb", "403000703100", "13 digits"),
    ("rutid_scb", "4030507031000", "not on SCB's 1000 m grid"),
    ("rutid_scb", "0300007031000", "not in Sweden"),
    ("rutid_scb", "3940007031000", "already on row 2"),
    ("rutstorl", "500", "1000 or 250"),
    ("referenstid", "2023", None),  # a bare year is a valid reference time
    ("referenstid", "igår", "date such as 20231231"),
])
def test_a_bad_cell_is_named_by_row_and_field(tmp_path: Path, column: str, value: str, problem: str | None) -> None:
    path = bad_csv(tmp_path, 3, column, value)
    if problem is None:
        assert read_population_grid(path).reference_year == 2023
        return
    with pytest.raises(ImportRejected) as caught:
        read_population_grid(path)
    message = str(caught.value)
    assert f"row 3, field '{column}'" in message and problem in message, message


def test_every_bad_row_is_listed_at_once_in_swedish_too(tmp_path: Path) -> None:
    path = bad_csv(tmp_path, 2, "beftotalt", "-1")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("3540007024000", "35400070240")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        read_population_grid(path)
    assert [e.row for e in caught.value.errors] == [2, 4]
    assert "rad 2, fält 'beftotalt'" in caught.value.describe("sv")


def test_a_file_without_a_total_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("rutid_scb;referenstid\n3940007031000;20231231\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="beftotalt"):
        read_population_grid(path)


def test_a_geopackage_square_whose_polygon_is_not_at_its_id_is_refused(tmp_path: Path) -> None:
    path = write_gpkg(tmp_path / "grid.gpkg", ARE_SQUARES)
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("UPDATE befolkning_1km_2023 SET rutid_scb = '4040007031000' WHERE fid = 2")
    con.commit()
    con.close()
    with pytest.raises(ImportRejected) as caught:
        read_population_grid(path)
    assert "feature 2, field 'rutid_scb'" in str(caught.value)


def test_a_damaged_geopackage_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "grid.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(ImportRejected, match="GeoPackage"):
        read_population_grid(path)


def test_too_many_squares_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trygg.formats import population_grid

    monkeypatch.setattr(population_grid, "MAX_SQUARES", 2)
    with pytest.raises(ImportRejected, match="more than 2 data rows"):
        read_population_grid(write_csv(tmp_path / "grid.csv", ARE_SQUARES))
    with pytest.raises(ImportRejected, match="at most 2"):
        read_population_grid(write_gpkg(tmp_path / "grid.gpkg", ARE_SQUARES))


def test_a_county_sized_grid_passes_the_register_import_limits(tmp_path: Path) -> None:
    """A grid of 25 000 squares is more rows than a points file may have (20 000), and still reads."""
    squares = [square(300000 + 1000 * (i % 250), 6900000 + 1000 * (i // 250), adults=1) for i in range(25_000)]
    grid = read_population_grid(write_csv(tmp_path / "befolkning_1km_2023.csv", squares))
    assert len(grid.squares) == 25_000 and grid.total_population == 25_000
