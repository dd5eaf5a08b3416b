"""Swapped latitude/longitude and points outside Sweden are refused with a reason."""

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points

HEADER = "name,municipality_code,level,lat,lon\n"


def reject(row: str) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_points((HEADER + row).encode(), source_name="p.csv")
    return caught.value


def test_swapped_lat_and_lon_are_named_as_swapped():
    (error,) = reject("Östersund,2380,2,14.6,63.2\n").errors
    assert (error.row, error.field, error.value) == (2, "lat", "14.6, 63.2")
    assert "lat and lon look swapped" in str(error.message)
    assert "omkastade" in error.message.in_language("sv")


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(60.39, 5.32),  # Bergen
     (60.17, 24.94),  # Helsinki
     (54.0, 13.0),  # south of Smygehuk
     (70.0, 20.0),  # north of Treriksröset
     (0, 0)],
)
def test_points_outside_sweden_are_refused(lat, lon):
    (error,) = reject(f"Nowhere,2380,2,{lat},{lon}\n").errors
    assert "outside Sweden" in str(error.message)


def test_metres_in_degree_columns_get_a_hint():
    (error,) = reject("Östersund,2380,2,7001808.84,485737.81\n").errors
    assert "look like SWEREF 99 TM metres" in str(error.message)


def test_half_a_coordinate_pair_is_an_error_on_the_missing_half():
    (error,) = reject("Östersund,2380,2,63.17,\n").errors
    assert error.field == "lon"


def test_points_need_coordinates():
    (error,) = reject("Östersund,2380,2,,\n").errors
    assert error.field == "lat"
    assert "Coordinates are missing" in str(error.message)


def test_a_file_without_coordinate_columns_gets_one_error_not_one_per_row():
    with pytest.raises(ImportRejected) as caught:
        read_points(b"name,municipality_code,level\nA,2380,1\nB,2380,1\n", source_name="p.csv")
    (error,) = caught.value.errors
    assert (error.row, error.field) == (1, "lat")
    assert "no coordinate columns" in str(error.message)


def test_a_coordinate_that_is_not_a_number_is_one_error():
    (error,) = reject("Östersund,2380,2,63.17,fjorton\n").errors
    assert (error.field, error.value) == ("lon", "fjorton")
