"""Reading the points to cover from (GeoJSON, CSV), and rejecting bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trygg.analysis.errors import AnalysisError
from trygg.formats.site_files import read_sites


def test_it_reads_a_csv_of_points(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("id,name,lon,lat,kommun_kod\nk1,Kall,13.2333,63.4667,2321\n", encoding="utf-8")
    sites = read_sites(path)
    assert sites.ids == ["k1"] and sites.names == ["Kall"] and sites.municipality == ["2321"]
    assert 380_000 < sites.x_m[0] < 420_000


def test_it_reads_geojson_points(tmp_path: Path) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "p",
                "geometry": {"type": "Point", "coordinates": [14.64, 63.18]},
                "properties": {"name": "Rådhuset"},
            },
        ],
    }
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    sites = read_sites(path)
    assert sites.ids == ["p"] and sites.names == ["Rådhuset"]


def test_it_names_a_point_with_swapped_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("id,name,lon,lat\nk1,Kall,63.4667,13.2333\n", encoding="utf-8")
    with pytest.raises(
        AnalysisError, match=r"points\.csv, row 2: lon=63\.4667, lat=13\.2333 .*swapped"
    ):
        read_sites(path)


def test_it_rejects_a_polygon_as_a_point(tmp_path: Path) -> None:
    ring = [[14.6, 63.1], [14.7, 63.1], [14.7, 63.2], [14.6, 63.1]]
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {},
            }
        ],
    }
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnalysisError, match="feature 1: geometry 'Polygon' is not a Point"):
        read_sites(path)


def test_it_rejects_a_file_without_points(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("id,name,lon,lat\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match="no data rows"):
        read_sites(path)
