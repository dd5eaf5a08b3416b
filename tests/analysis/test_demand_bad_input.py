"""Bad demand input gives one clear message naming file, row, field and value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.formats.demand import read_demand, read_scb_grid


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_it_names_a_point_outside_sweden(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "id,lon,lat,population\na,14.6,63.2,10\nb,2.35,48.85,5\n")
    with pytest.raises(
        AnalysisError, match=r"p\.csv, row 3: lon=2\.35, lat=48\.85 is outside Sweden"
    ):
        read_demand(path)


def test_it_says_when_latitude_and_longitude_look_swapped(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "id,lon,lat,population\na,63.18,14.64,10\n")
    with pytest.raises(AnalysisError, match="row 2.*swapped"):
        read_demand(path)


def test_it_says_when_sweref_easting_and_northing_look_swapped(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", "x_corner,y_corner,pop\n7005000,481000,10\n")
    with pytest.raises(AnalysisError, match="swapped"):
        read_demand(path)


def test_it_rejects_an_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.csv", "id,lon,lat,population\n")
    with pytest.raises(AnalysisError, match=r"empty\.csv: no data rows"):
        read_demand(path)


def test_it_rejects_an_empty_population(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "id,lon,lat,population\na,14.6,63.2,\n")
    with pytest.raises(AnalysisError, match=r"p\.csv, row 2: population is empty"):
        read_demand(path)


def test_it_rejects_a_negative_population(tmp_path: Path) -> None:
    path = write(tmp_path / "grid.csv", "Ruta,Pop\n4810007005000,12\n4820007005000,-3\n")
    with pytest.raises(AnalysisError, match=r"grid\.csv, row 3: Pop='-3' is negative"):
        read_scb_grid(path)


def test_it_rejects_a_population_that_is_not_a_number(tmp_path: Path) -> None:
    path = write(tmp_path / "grid.csv", "Ruta,Pop\n4810007005000,many\n")
    with pytest.raises(AnalysisError, match=r"row 2: Pop='many' is not a number"):
        read_scb_grid(path)


def test_it_rejects_a_square_id_that_is_not_scbs(tmp_path: Path) -> None:
    path = write(tmp_path / "grid.csv", "Ruta,Pop\n481000700500,12\n")
    with pytest.raises(
        AnalysisError, match=r"row 2: square id '481000700500' is not SCB's 13-digit id"
    ):
        read_scb_grid(path)


def test_it_rejects_a_corner_off_the_grid(tmp_path: Path) -> None:
    path = write(tmp_path / "grid.csv", "Ruta,Pop\n4810107005000,12\n")
    with pytest.raises(AnalysisError, match="not on SCB's 250 m or 1000 m grid"):
        read_scb_grid(path)


def test_it_rejects_a_missing_population_column(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "id,lon,lat,people_here\na,14.6,63.2,3\n")
    with pytest.raises(AnalysisError, match="no population column"):
        read_demand(path)


def test_it_rejects_an_empty_feature_collection(tmp_path: Path) -> None:
    path = write(tmp_path / "p.geojson", json.dumps({"type": "FeatureCollection", "features": []}))
    with pytest.raises(AnalysisError, match="no features"):
        read_demand(path)


def test_it_rejects_a_line_as_a_demand_area(tmp_path: Path) -> None:
    line = {"type": "LineString", "coordinates": [[14.6, 63.2], [14.7, 63.2]]}
    data = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": line, "properties": {"pop": 1}}],
    }
    path = write(tmp_path / "p.geojson", json.dumps(data))
    with pytest.raises(AnalysisError, match="feature 1: geometry LineString"):
        read_demand(path)


def test_it_rejects_negative_populations_built_in_code() -> None:
    with pytest.raises(AnalysisError, match="point 2: population=-1 must be"):
        Demand.from_lonlat(["a", "b"], [14.6, 14.7], [63.2, 63.2], [1, -1])
