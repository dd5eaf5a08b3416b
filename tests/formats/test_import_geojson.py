"""GeoJSON input: RFC 7946 WGS 84, and old-style files whose crs names EPSG:3006."""

import json
from pathlib import Path

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points
from trygg.rules.levels import BackupPower, Level

DATA = Path(__file__).parents[1] / "data" / "import"


def collection(*features, **members):
    return json.dumps({"type": "FeatureCollection", **members, "features": list(features)}).encode()


def point(x, y, **properties):
    base = {"name": "Kall", "municipality_code": "2321", "level": 2}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": {**base, **properties}}


def rejected(data: bytes, name: str = "p.geojson") -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_points(data, source_name=name)
    return caught.value


def test_it_reads_an_rfc7946_file_with_json_typed_properties():
    result = read_points(DATA / "points_wgs84.geojson")
    assert (result.format, result.delimiter) == ("geojson", None)
    kall, radhus = result.records
    assert (kall.lat, kall.lon, kall.level, kall.backup_power) == (63.4711, 13.2622, Level.TWO, BackupPower.FIXED)
    assert (kall.accessible, kall.languages, kall.generator_kw) == (True, ("sv", "en"), 40.0)
    assert (radhus.level, radhus.capacity_night, radhus.postal_code) == (Level.THREE, 60, "831 35")


def test_a_crs_naming_epsg_3006_means_sweref_coordinates():
    # SCB's tätort points: Järpen and Hede.
    jarpen, hede = read_points(DATA / "points_sweref99tm_crs.geojson").records
    assert jarpen.lat == pytest.approx(63.353472, abs=1e-6) and jarpen.lon == pytest.approx(13.447542, abs=1e-6)
    assert hede.lat == pytest.approx(62.409943, abs=1e-6) and hede.lon == pytest.approx(13.523331, abs=1e-6)
    assert (jarpen.name, jarpen.municipality_code) == ("Järpen", "2321")  # Swedish property names


@pytest.mark.parametrize("name", ["EPSG:3006", "urn:ogc:def:crs:EPSG::3006", "urn:ogc:def:crs:EPSG:6.6:3006"])
def test_each_way_of_naming_epsg_3006_is_accepted(name):
    crs = {"type": "name", "properties": {"name": name}}
    record = read_points(collection(point(394315.38, 7031442.89), crs=crs)).records[0]
    assert record.lat == pytest.approx(63.395879, abs=1e-6)


@pytest.mark.parametrize("name", ["urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326"])
def test_a_crs_naming_wgs84_is_read_as_lon_lat(name):
    crs = {"type": "name", "properties": {"name": name}}
    assert read_points(collection(point(13.26, 63.47), crs=crs)).records[0].lat == 63.47


def test_another_crs_is_refused():
    crs = {"type": "name", "properties": {"name": "EPSG:3021"}}  # RT 90
    assert "not supported" in str(rejected(collection(point(1, 2), crs=crs)))


def test_errors_name_the_feature_number():
    error = rejected(collection(point(13.26, 63.47), point(13.26, 63.47, level=7))).errors[0]
    assert (error.unit, error.row, error.field) == ("feature", 2, "level")
    assert str(rejected(collection(point(13.26, 63.47, level=7)))).startswith("p.geojson: feature 1, field 'level'")


def test_lat_lon_order_in_a_geometry_is_named_as_swapped():
    (error,) = rejected(collection(point(63.47, 13.26))).errors
    assert error.field == "geometry"
    assert "GeoJSON is [longitude, latitude]" in str(error.message)


def test_metres_without_a_crs_get_a_hint():
    (error,) = rejected(collection(point(394315.38, 7031442.89))).errors
    assert "EPSG:3006" in str(error.message)


def test_a_polygon_is_refused():
    feature = point(13.26, 63.47)
    feature["geometry"] = {"type": "Polygon", "coordinates": []}
    (error,) = rejected(collection(feature)).errors
    assert (error.field, error.value) == ("geometry", "Polygon")


def test_a_point_without_geometry_is_refused():
    feature = point(13.26, 63.47)
    feature["geometry"] = None
    (error,) = rejected(collection(feature)).errors
    assert (error.field, str(error.message)[:23]) == ("geometry", "Coordinates are missing")


def test_a_municipality_code_written_as_a_json_number_is_accepted_or_hinted():
    assert read_points(collection(point(13.26, 63.47, municipality_code=2321))).records[0].municipality_code == "2321"
    (error,) = rejected(collection(point(18.07, 59.33, municipality_code=180))).errors
    assert "it is '0180'" in str(error.message)


def test_unknown_and_coordinate_properties_are_warned_once():
    features = [point(13.26, 63.47, fid=1, lat=63.47), point(13.27, 63.48, fid=2, lat=63.48)]
    result = read_points(collection(*features))
    assert [(w.row, w.field) for w in result.warnings] == [(1, "fid"), (1, "lat")]


def test_content_sniffing_finds_geojson_without_an_extension():
    assert read_points(collection(point(13.26, 63.47)), source_name="upload").format == "geojson"


def test_bad_json_is_refused_with_its_position():
    assert "not valid JSON (line 1" in str(rejected(b'{"type": "FeatureCollection", "features": [}'))


def test_a_single_feature_is_not_a_collection():
    assert "must be a GeoJSON FeatureCollection" in str(rejected(json.dumps(point(13.26, 63.47)).encode()))


def test_two_properties_meaning_the_same_field_are_an_error():
    (error,) = rejected(collection(point(13.26, 63.47, namn="Kall igen"))).errors
    assert (error.row, error.field) == (1, "name")
