"""Writing points or sites and reading them back gives equal records."""

import io
import json
from pathlib import Path

import pytest

from trygg.formats.errors import ExportError
from trygg.formats.geojson import (
    points_to_feature_collection,
    sites_to_feature_collection,
    write_points_csv,
    write_sites_csv,
)
from trygg.formats.point_records import POINT_COLUMNS
from trygg.formats.points import read_points, read_sites

DATA = Path(__file__).parents[1] / "data" / "import"
SOURCES = ["points_utf8_comma.csv", "points_cp1252_semicolon.csv", "points_wgs84.geojson", "points_sweref99tm_crs.geojson"]


@pytest.fixture(params=SOURCES)
def records(request):
    return read_points(DATA / request.param).records


def test_geojson_round_trip(records):
    text = json.dumps(points_to_feature_collection(records), ensure_ascii=False)
    assert read_points(text.encode(), source_name="out.geojson").records == records


def test_csv_round_trip(records):
    stream = io.StringIO(newline="")
    write_points_csv(records, stream)
    result = read_points(stream.getvalue().encode("utf-8"), source_name="out.csv")
    assert result.warnings == []
    assert result.records == records


def test_csv_round_trip_through_semicolons_decimal_commas_and_windows_1252(records):
    stream = io.StringIO(newline="")
    write_points_csv(records, stream, delimiter=";", decimal_comma=True)
    assert "63,4711" in stream.getvalue() or "62,409943" in stream.getvalue() or "63,3534721" in stream.getvalue()
    result = read_points(stream.getvalue().encode("cp1252"), source_name="excel.csv")
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert result.records == records


def test_csv_written_to_a_path_is_utf8_with_canonical_header(tmp_path, records):
    path = tmp_path / "points.csv"
    write_points_csv(records, path)
    header = path.read_bytes().decode("utf-8").splitlines()[0]
    assert header.split(",") == list(POINT_COLUMNS)
    assert read_points(path).records == records


def test_sites_round_trip_through_both_formats():
    sites = read_sites(DATA / "sites_cp1252_semicolon.csv").records
    text = json.dumps(sites_to_feature_collection(sites))
    assert read_sites(text.encode(), source_name="s.geojson").records == sites
    stream = io.StringIO(newline="")
    write_sites_csv(sites, stream, delimiter="\t")
    assert read_sites(stream.getvalue().encode(), source_name="s.tsv").records == sites


def test_a_points_site_is_a_site_record():
    point = read_points(DATA / "points_utf8_comma.csv").records[0]
    site = point.site()
    assert (site.name, site.site_kind, site.generator_kw, site.lat) == ("Kalls lanthandel", "grocery_store", 40.0, point.lat)


def test_a_decimal_comma_with_comma_separators_is_refused():
    with pytest.raises(ExportError):
        write_points_csv([], io.StringIO(), delimiter=",", decimal_comma=True)
