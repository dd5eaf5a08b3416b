"""Where store and fuel points come from: a POI list (CSV), OpenStreetMap, and the road network."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import osmium
import pytest
from osm_fixtures import grid_node, write_ladder

from trygg.analysis.access import service_access
from trygg.analysis.coverage import Sites
from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import xy_to_lonlat
from trygg.analysis.network import build_road_graph
from trygg.formats.errors import ImportRejected
from trygg.formats.services import osm_service_kind, read_osm_pois, read_poi_csv


def test_it_reads_a_swedish_excel_poi_list(tmp_path: Path) -> None:
    path = tmp_path / "pois.csv"
    path.write_bytes(
        "Namn;Typ;Lat;Lon\nICA Nära Föllinge;dagligvarubutik;63,6667;14,6167\n"
        "Preem Krokom;drivmedel;63,3269;14,4561\nCoop Krokom;supermarket;63,3270;14,4560\n".encode("cp1252")
    )
    pois = read_poi_csv(path)
    assert pois["grocery"].names == ["ICA Nära Föllinge", "Coop Krokom"]
    assert pois["fuel"].names == ["Preem Krokom"]
    assert pois["fuel"].lat[0] == pytest.approx(63.3269)


def test_it_names_every_bad_row_and_field_and_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "pois.csv"
    path.write_text(
        "name,kind,lat,lon\nA,grocery,63.2,14.6\nB,bakery,63.2,14.6\n,fuel,63.2,14.6\nD,fuel,14.6,63.2\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        read_poi_csv(path)
    text = str(caught.value)
    assert "row 3, field 'kind'" in text and "bakery" in text
    assert "row 4, field 'name'" in text
    assert "row 5, field 'lat'" in text and "Outside Sweden" in text
    assert "row 2" not in text
    assert "rad 3, fält 'kind'" in caught.value.describe("sv")


def test_it_names_a_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "pois.csv"
    path.write_text("name,lat,lon\nA,63.2,14.6\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="column kind is missing"):
        read_poi_csv(path)


@pytest.mark.parametrize(
    ("tags", "kind"),
    [({"shop": "supermarket"}, "grocery"), ({"shop": "convenience"}, "grocery"),
     ({"amenity": "fuel"}, "fuel"), ({"shop": "bakery"}, None), ({"amenity": "school"}, None)],
)
def test_it_maps_osm_tags_to_services(tags: dict[str, str], kind: str | None) -> None:
    assert osm_service_kind(tags) == kind


def write_pois(path: Path) -> Path:
    """A store as a node, a fuel station drawn as an area (way), a bakery that is neither."""
    corners = [(480_000.0, 7_000_000.0), (480_100.0, 7_000_000.0), (480_100.0, 7_000_100.0), (480_000.0, 7_000_100.0)]
    lon, lat = xy_to_lonlat([x for x, _ in corners] + [481_000.0, 482_000.0], [y for _, y in corners] + [7_001_000.0] * 2)
    with osmium.SimpleWriter(str(path)) as writer:
        for i in range(4):
            writer.add_node(osmium.osm.mutable.Node(id=i + 1, location=(float(lon[i]), float(lat[i]))))
        writer.add_node(osmium.osm.mutable.Node(id=5, location=(float(lon[4]), float(lat[4])),
                                                tags={"shop": "convenience", "name": "Lanthandeln"}))
        writer.add_node(osmium.osm.mutable.Node(id=6, location=(float(lon[5]), float(lat[5])), tags={"shop": "bakery"}))
        writer.add_way(osmium.osm.mutable.Way(id=1, nodes=[1, 2, 3, 4, 1], tags={"amenity": "fuel"}))
    return path


def test_it_reads_stores_and_fuel_stations_from_an_osm_file(tmp_path: Path) -> None:
    pois = read_osm_pois(write_pois(tmp_path / "pois.osm.pbf"))
    assert pois["grocery"].names == ["Lanthandeln"] and pois["grocery"].n == 1
    fuel = pois["fuel"]
    assert fuel.names == ["OSM way 1"]
    # The area is placed at the mean of its nodes (the closing node counts twice: ≤ 25 m off).
    assert np.hypot(fuel.x_m[0] - 480_050.0, fuel.y_m[0] - 7_000_050.0) < 30


def test_it_says_so_when_an_osm_file_has_no_store_or_fuel_station(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="no shop=supermarket"):
        read_osm_pois(write_ladder(tmp_path / "roads.osm.pbf"))


def test_with_a_road_network_it_gives_road_km_and_minutes(tmp_path: Path) -> None:
    # The ladder of osm_fixtures: from (0,0) to (2,1) every route is 3 km; the fastest
    # runs 2 km on the 90 km/h primary (80 s) and up the one-way 30 km/h rung (120 s).
    graph = build_road_graph(write_ladder(tmp_path / "ladder.osm.pbf"))
    start, store = grid_node(0, 0), grid_node(2, 1)
    demand = Demand.from_xy(["home"], [start.x_m], [start.y_m], [10])
    lon, lat = xy_to_lonlat([store.x_m], [store.y_m])
    result = service_access(demand, {"grocery": Sites(["s"], ["Store"], lon, lat)}, graph=graph)
    cell = result.cells()[0]
    assert cell["grocery_km"] == pytest.approx(3.0, abs=1e-3)
    assert result.services["grocery"].minutes[0] == pytest.approx(200 / 60, abs=0.01)
    assert cell["grocery_min"] == 3.3
    assert result.metric == "road km"
    assert result.to_dict()["overall"]["grocery"]["mean_minutes"] == pytest.approx(3.3, abs=0.05)
