"""SWEREF 99 TM (EPSG:3006) coordinates become WGS 84 rounded to 7 decimals.

The expected degrees are SCB's own tätort points (Tätorter 2020), whose
lon/lat were computed independently from the same SWEREF 99 TM metres.
"""

from pathlib import Path

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points

DATA = Path(__file__).parents[1] / "data" / "import"
SCB_DEGREES = {  # name: (lat, lon)
    "Åre tätort": (63.395879, 12.884557),
    "Undersåker": (63.318224, 13.234674),
    "Östersund": (63.145292, 14.717023),
}


def test_a_sweref_file_with_spaces_and_decimal_commas_imports_at_scb_positions():
    records = read_points(DATA / "points_sweref99tm_cp1252.csv").records
    for record in records:
        lat, lon = SCB_DEGREES[record.name]
        assert record.lat == pytest.approx(lat, abs=1e-6)
        assert record.lon == pytest.approx(lon, abs=1e-6)


def test_stored_degrees_have_at_most_seven_decimals():
    for record in read_points(DATA / "points_sweref99tm_cp1252.csv").records:
        assert record.lat == round(record.lat, 7) and record.lon == round(record.lon, 7)


@pytest.mark.parametrize(
    "header",
    ["northing,easting", "sweref_n,sweref_e", "y_sweref99tm,x_sweref99tm", "n,e"],
)
def test_each_sweref_alias_is_accepted(header):
    data = f"name,municipality_code,level,{header}\nÅre,2321,1,7031442.89,394315.38\n".encode()
    record = read_points(data, source_name="p.csv").records[0]
    assert record.lat == pytest.approx(63.395879, abs=1e-6)


def test_x_and_y_in_metres_are_read_in_either_axis_convention():
    # Swedish surveying calls the northing X; GIS tools call the easting x.
    surveying = "name,municipality_code,level,x,y\nÅre,2321,1,7031442.89,394315.38\n".encode()
    gis = "name,municipality_code,level,x,y\nÅre,2321,1,394315.38,7031442.89\n".encode()
    a = read_points(surveying, source_name="a.csv").records[0]
    b = read_points(gis, source_name="b.csv").records[0]
    assert (a.lat, a.lon) == (b.lat, b.lon)
    assert a.lat == pytest.approx(63.395879, abs=1e-6)


def test_x_and_y_in_degrees_are_longitude_and_latitude():
    record = read_points("name,municipality_code,level,x,y\nÅre,2321,1,12.884557,63.395879\n".encode(), source_name="p.csv").records[0]
    assert (record.lat, record.lon) == (63.395879, 12.884557)


def test_swapped_northing_and_easting_are_named_as_swapped():
    with pytest.raises(ImportRejected) as caught:
        read_points(b"name,municipality_code,level,n,e\nAre,2321,1,394315.38,7031442.89\n", source_name="p.csv")
    (error,) = caught.value.errors
    assert error.field == "n"
    assert "look swapped" in str(error.message)


def test_lat_lon_and_sweref_that_agree_are_accepted_and_that_disagree_are_refused():
    agree = b"name,municipality_code,level,lat,lon,n,e\nAre,2321,1,63.395879,12.884557,7031442.89,394315.38\n"
    assert read_points(agree, source_name="p.csv").records[0].lat == 63.395879
    disagree = b"name,municipality_code,level,lat,lon,n,e\nAre,2321,1,63.395879,12.884557,7001808.84,485737.81\n"
    with pytest.raises(ImportRejected) as caught:
        read_points(disagree, source_name="p.csv")
    assert "m apart" in str(caught.value.errors[0].message)


def test_degrees_in_sweref_columns_get_a_hint():
    with pytest.raises(ImportRejected) as caught:
        read_points(b"name,municipality_code,level,n,e\nAre,2321,1,63.39,12.88\n", source_name="p.csv")
    assert "look like WGS 84 degrees" in str(caught.value.errors[0].message)
