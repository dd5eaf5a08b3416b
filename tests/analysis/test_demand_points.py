"""Reading points and polygons with a population field (GeoJSON, CSV)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from trygg.analysis.geo import lonlat_to_xy, xy_to_lonlat
from trygg.formats.demand import read_demand, read_demand_points


def feature(geometry: dict, **properties: object) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def write_geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_it_reads_geojson_points_with_their_population(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "p.geojson",
        [
            feature(
                {"type": "Point", "coordinates": [14.6357, 63.1792]},
                id="a",
                population=120,
                kommun_kod="2380",
            ),
            feature(
                {"type": "Point", "coordinates": [13.0802, 63.3984]},
                id="b",
                population=30,
                kommun_kod="2321",
            ),
        ],
    )
    demand = read_demand(path)
    assert demand.ids.tolist() == ["a", "b"]
    assert demand.population.tolist() == [120.0, 30.0]
    assert demand.municipality.tolist() == ["2380", "2321"]
    x, y = lonlat_to_xy([14.6357], [63.1792])
    assert demand.x_m[0] == pytest.approx(x[0]) and demand.y_m[0] == pytest.approx(y[0])


def test_it_puts_a_polygon_at_its_centroid_in_sweref(tmp_path: Path) -> None:
    # A 2 km × 4 km rectangle drawn in SWEREF 99 TM: its centroid in metres is
    # exact; a centroid computed in degrees would be off by metres to tens of metres.
    x0, y0 = 480_000.0, 7_000_000.0
    corners = np.array(
        [[x0, y0], [x0 + 2000, y0], [x0 + 2000, y0 + 4000], [x0, y0 + 4000], [x0, y0]]
    )
    lon, lat = xy_to_lonlat(corners[:, 0], corners[:, 1])
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    path = write_geojson(
        tmp_path / "area.geojson", [feature({"type": "Polygon", "coordinates": [ring]}, pop=500)]
    )
    demand = read_demand_points(path)
    assert demand.x_m[0] == pytest.approx(x0 + 1000, abs=1.0)
    assert demand.y_m[0] == pytest.approx(y0 + 2000, abs=1.0)
    assert demand.population[0] == 500
    assert shapely.Point(demand.x_m[0], demand.y_m[0]).within(shapely.Polygon(corners))


def test_it_reads_a_csv_of_points_with_group_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,lon,lat,population,children,elderly\nx,14.6357,63.1792,100,20,30\n")
    demand = read_demand(path)
    assert demand.groups["children"].tolist() == [20.0]
    assert demand.groups["elderly"].tolist() == [30.0]
    assert set(demand.groups) == {"children", "elderly"}


def test_it_reads_a_csv_in_sweref_metres(tmp_path: Path) -> None:
    path = tmp_path / "xy.csv"
    path.write_text('id,x,y,befolkning\nq,481500,7005500,"1 234"\n')
    demand = read_demand_points(path)
    assert demand.population.tolist() == [1234.0]
    assert 14.5 < demand.lon[0] < 14.8
