"""Reading SCB's open population grid: square ids, corner columns, age bands, GeoPackage."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import numpy as np
import pytest
import shapely

from trygg.formats.demand import read_demand, read_scb_grid
from trygg.formats.demand_columns import parse_age_band, parse_scb_square_id

# Three 1 km squares in Östersund, named by their south-west corners.
SQUARES = [(481000, 7005000, 1200), (482000, 7005000, 800), (481000, 7006000, 0)]


def test_it_reads_the_square_id_as_easting_then_northing_of_the_corner() -> None:
    assert parse_scb_square_id("4810007005000") == (481000, 7005000)
    assert parse_scb_square_id("4810007005000.0") == (481000, 7005000)


def test_it_puts_each_square_at_its_centre(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("Ruta,Pop\n" + "".join(f"{x}{y},{p}\n" for x, y, p in SQUARES))
    demand = read_scb_grid(path)
    assert demand.x_m.tolist() == [481500.0, 482500.0, 481500.0]
    assert demand.y_m.tolist() == [7005500.0, 7005500.0, 7006500.0]
    assert demand.population.tolist() == [1200.0, 800.0, 0.0]
    assert demand.ids[0] == "4810007005000"
    assert not demand.modelled


def test_it_recognises_a_250_m_grid(tmp_path: Path) -> None:
    path = tmp_path / "grid250.csv"
    path.write_text("Ruta,Pop\n4812507005750,10\n4810007005000,5\n")
    demand = read_scb_grid(path)
    assert demand.x_m.tolist() == [481375.0, 481125.0]


def test_it_reads_corner_columns_with_semicolons_and_age_bands(tmp_path: Path) -> None:
    # SCB's age file has five-year bands; 0–17 takes 3/5 of the 15–19 band.
    path = tmp_path / "ages.csv"
    path.write_text(
        "xkoord;ykoord;beftotalt;ald0_4;ald5_9;ald10_14;ald15_19;ald20_64;ald65_69;ald70_74;ald75w\n"
        "481000;7005000;100;5;5;5;10;50;10;10;5\n"
    )
    demand = read_demand(path)
    assert demand.groups["children"][0] == pytest.approx(5 + 5 + 5 + 6)
    assert demand.groups["elderly"][0] == pytest.approx(25)
    assert "other_mother_tongue" not in demand.groups  # unknown, not zero


@pytest.mark.parametrize(
    ("column", "band"),
    [
        ("ald0_4", (0, 4)),
        ("65-69", (65, 69)),
        ("85+", (85, None)),
        ("ald100w", (100, None)),
        ("Pop", None),
    ],
)
def test_it_recognises_age_band_columns(column: str, band: tuple[int, int | None] | None) -> None:
    assert parse_age_band(column) == band


def write_gpkg(path: Path, squares: list[tuple[int, int, int]], size_m: int = 1000) -> Path:
    """A minimal GeoPackage (OGC 12-128) with square polygons in SWEREF 99 TM."""
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY,
            organization TEXT, organization_coordsys_id INTEGER, definition TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT,
            srs_id INTEGER);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT,
            geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
        CREATE TABLE rutor (fid INTEGER PRIMARY KEY, geom BLOB, rutid TEXT, beftotalt INTEGER);
        INSERT INTO gpkg_spatial_ref_sys VALUES ('SWEREF99 TM', 3006, 'EPSG', 3006, '');
        INSERT INTO gpkg_contents VALUES ('rutor', 'features', 'rutor', 3006);
        INSERT INTO gpkg_geometry_columns VALUES ('rutor', 'geom', 'POLYGON', 3006, 0, 0);
        """
    )
    for x, y, pop in squares:
        square = shapely.box(x, y, x + size_m, y + size_m)
        header = b"GP" + bytes([0, 0b0000_0011]) + struct.pack("<i", 3006)
        envelope = struct.pack("<4d", x, x + size_m, y, y + size_m)
        blob = header + envelope + shapely.to_wkb(square)
        con.execute(
            "INSERT INTO rutor (geom, rutid, beftotalt) VALUES (?, ?, ?)", (blob, f"{x}{y}", pop)
        )
    con.commit()
    con.close()
    return path


def test_it_reads_a_geopackage_without_gdal(tmp_path: Path) -> None:
    demand = read_scb_grid(write_gpkg(tmp_path / "grid.gpkg", SQUARES))
    np.testing.assert_allclose(demand.x_m, [481500, 482500, 481500])
    np.testing.assert_allclose(demand.y_m, [7005500, 7005500, 7006500])
    assert demand.population.sum() == 2000


def test_it_reads_a_geopackage_written_by_gdal() -> None:
    # SCB's kommun polygons as written by geopandas/GDAL (CC0, see SOURCES.md).
    from trygg.analysis.geo import read_gpkg_layer

    layer = read_gpkg_layer(
        Path(__file__).parent.parent / "data" / "jamtland_kommuner_sweref99tm.gpkg"
    )
    assert layer.srs_id == 3006
    areas_km2 = {
        row["namn"]: geom.area / 1e6 for row, geom in zip(layer.rows, layer.geometries, strict=True)
    }
    # Strömsund and Härjedalen are Jämtland's largest kommuner (about 12,000
    # km² each with lakes), Östersund its smallest (about 2,400 km²).
    assert max(areas_km2, key=areas_km2.__getitem__) == "Strömsund"
    assert min(areas_km2, key=areas_km2.__getitem__) == "Östersund"
    assert 11_000 < areas_km2["Härjedalen"] < 12_500
    assert 2_000 < areas_km2["Östersund"] < 2_700


def test_it_counts_the_oldest_old_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "ages.csv"
    path.write_text(
        "Ruta,Pop,ald65_69,ald70_74,ald75_79,ald80_84,ald85w\n4810007005000,50,10,10,10,6,4\n"
    )
    assert read_scb_grid(path).groups["elderly"].tolist() == [40.0]
    assert read_scb_grid(path, elderly_min_age=80).groups["elderly"].tolist() == [10.0]


def test_it_accepts_ids_that_name_square_centres(tmp_path: Path) -> None:
    # Half a cell off the 1 km grid on both axes: already centres.
    path = tmp_path / "centres.csv"
    path.write_text("Ruta,Pop\n4815007005500,10\n")
    demand = read_scb_grid(path)
    assert (demand.x_m[0], demand.y_m[0]) == (481500.0, 7005500.0)
