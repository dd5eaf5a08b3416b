"""An empty file, or one with a header and no rows, is an error."""

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf", b" ;;; \r\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(ImportRejected) as caught:
        read_points(data, source_name="empty.csv")
    assert str(caught.value) == "empty.csv: The file is empty."


def test_a_header_without_rows_is_refused():
    with pytest.raises(ImportRejected) as caught:
        read_points(b"name;municipality_code;level;lat;lon\r\n;;;;\r\n", source_name="h.csv")
    assert str(caught.value.errors[0].message) == "The file has a header but no data rows."


def test_a_missing_required_column_is_one_error_on_the_header():
    with pytest.raises(ImportRejected) as caught:
        read_points(b"name,level,lat,lon\nKall,2,63.47,13.26\nHus\xc3\xa5,1,63.45,13.10\n", source_name="m.csv")
    (error,) = caught.value.errors
    assert (error.row, error.field) == (1, "municipality_code")
    assert "no 'municipality_code' column (accepted names: municipality_code, kommunkod" in str(error.message)


def test_a_geojson_without_features_is_refused():
    with pytest.raises(ImportRejected) as caught:
        read_points(b'{"type": "FeatureCollection", "features": []}', source_name="e.geojson")
    assert "no features" in str(caught.value)


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    with pytest.raises(ImportRejected) as caught:
        read_points(b"name\n\x81\x8d\n", source_name="bin.csv")
    assert "neither UTF-8 nor Windows-1252" in str(caught.value)


def test_blank_rows_before_the_header_move_the_header_row():
    with pytest.raises(ImportRejected) as caught:
        read_points(b"\n\nname,level,lat,lon\n\nKall,2,63.47,13.26\n", source_name="m.csv")
    (error,) = caught.value.errors
    assert (error.row, error.field) == (3, "municipality_code")
