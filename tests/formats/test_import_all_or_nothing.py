"""One bad row among good ones rejects the whole file, naming the row and field."""

from pathlib import Path

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points

DATA = Path(__file__).parents[1] / "data" / "import"


def test_one_bad_row_rejects_the_file_and_names_that_row_and_field():
    result = None
    with pytest.raises(ImportRejected) as caught:
        result = read_points(DATA / "points_one_bad_row.csv")
    assert result is None  # nothing is returned, not even the two good rows
    (error,) = caught.value.errors
    assert (error.row, error.field, error.value) == (3, "level", "4")
    assert caught.value.source == "points_one_bad_row.csv"
    assert "points_one_bad_row.csv: row 3, field 'level'" in str(caught.value)


def test_the_source_name_overrides_the_file_name():
    with pytest.raises(ImportRejected) as caught:
        read_points((DATA / "points_one_bad_row.csv").read_bytes(), source_name="upload.csv")
    assert str(caught.value).startswith("upload.csv: row 3")


def test_an_open_binary_file_is_read_like_a_path(tmp_path):
    with (DATA / "points_utf8_comma.csv").open("rb") as stream:
        from_stream = read_points(stream)
    assert from_stream.source.endswith("points_utf8_comma.csv")
    assert from_stream.records == read_points(DATA / "points_utf8_comma.csv").records
