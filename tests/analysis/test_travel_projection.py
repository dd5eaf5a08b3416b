"""Projection between WGS 84 and SWEREF 99 TM, checked against SCB's own coordinates."""

from __future__ import annotations

import json

import numpy as np

from trygg.analysis.geo import lonlat_to_xy, xy_to_lonlat
from trygg.data import data_path


def test_it_projects_tatort_points_onto_scbs_sweref_coordinates() -> None:
    # SCB gives each tätort point in SWEREF 99 TM; the file's lon/lat have
    # 6 decimals (≈ 0.1 m), so the projection must land within a metre.
    features = json.loads(data_path("jamtland_tatorter_2020.geojson").read_text())["features"]
    lon = np.array([f["geometry"]["coordinates"][0] for f in features])
    lat = np.array([f["geometry"]["coordinates"][1] for f in features])
    x, y = lonlat_to_xy(lon, lat)
    np.testing.assert_allclose(x, [f["properties"]["x_sweref99tm"] for f in features], atol=1.0)
    np.testing.assert_allclose(y, [f["properties"]["y_sweref99tm"] for f in features], atol=1.0)


def test_it_returns_to_the_same_degrees() -> None:
    lon, lat = np.array([11.0, 14.6357, 24.1]), np.array([55.4, 63.1792, 68.9])
    back_lon, back_lat = xy_to_lonlat(*lonlat_to_xy(lon, lat))
    np.testing.assert_allclose(back_lon, lon, atol=1e-9)
    np.testing.assert_allclose(back_lat, lat, atol=1e-9)
