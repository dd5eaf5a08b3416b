"""Comma, semicolon and tab files, quoting and blank rows, numbered as a spreadsheet shows them."""

from pathlib import Path

import pytest

from trygg.formats.points import read_points
from trygg.formats.tabular import detect_delimiter, read_table

DATA = Path(__file__).parents[1] / "data" / "import"
ALIASES = {"name": "name", "level": "level"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_reads_each_separator(delimiter):
    rows = ["name|municipality_code|level|lat|lon", "Gäddede skola|2313|2|64.5036|14.1497"]
    data = "\n".join(rows).replace("|", delimiter).encode()
    result = read_points(data, source_name="points.csv")
    assert result.delimiter == delimiter
    assert result.records[0].name == "Gäddede skola"


def test_a_quoted_field_may_hold_the_separator_and_a_newline():
    record = read_points(DATA / "points_utf8_comma.csv").records[0]
    assert record.name == "Kall, lanthandeln"
    assert record.notes == "Container with generator\nbehind the store"


def test_rows_keep_spreadsheet_numbers_across_multiline_values_and_blank_rows():
    # Row 2 spans two lines, row 3 is blank: the next rows are 4 and 5.
    rows = [r.row for r in read_points(DATA / "points_utf8_comma.csv").records]
    assert rows == [2, 4, 5]


def test_excel_empty_rows_of_bare_separators_are_ignored():
    result = read_points(DATA / "points_cp1252_semicolon.csv")
    assert len(result.records) == 3


def test_semicolon_wins_over_decimal_commas_in_the_data():
    text = "namn;lat;lon\nA;63,1;14,6\nB;63,2;14,7\n"
    assert detect_delimiter(text) == ";"


def test_a_one_column_file_is_read_with_a_comma():
    assert detect_delimiter("name\nKall\n") == ","


def test_the_header_line_decides_when_the_sniffer_cannot():
    # A single line gives csv.Sniffer nothing to compare; the header count decides.
    assert detect_delimiter("name\tlevel") == "\t"


def test_a_row_with_more_values_than_columns_is_an_error_with_a_hint_about_decimal_commas():
    table = read_table(b"name,level\nKall,2,5\n", aliases=ALIASES, source_name="x.csv")
    (error,) = table.errors
    assert error.row == 2
    assert "decimal comma must be quoted" in str(error.message)


def test_a_row_with_fewer_values_leaves_the_rest_blank():
    table = read_table(b"name,level\nKall\n", aliases=ALIASES, source_name="x.csv")
    assert table.errors == []
    assert table.rows[0].cells == {"name": "Kall", "level": ""}  # the column is there, left blank


def test_cells_are_stripped_of_surrounding_spaces():
    table = read_table(b"name ; level\n  Kall  ; 2 \n", aliases=ALIASES, source_name="x.csv")
    assert table.rows[0].cells == {"name": "Kall", "level": "2"}
