"""Each text encoding municipalities' files come in imports to the same values."""

from pathlib import Path

import pytest

from trygg.formats.points import read_points
from trygg.formats.tabular import decode

DATA = Path(__file__).parents[1] / "data" / "import"


def test_it_reads_utf8_without_bom():
    result = read_points(DATA / "points_utf8_comma.csv")
    assert result.encoding == "utf-8"
    assert result.records[1].name == "Järpens sporthall"


def test_it_reads_utf8_with_bom_and_the_bom_does_not_leak_into_the_first_header():
    result = read_points(DATA / "points_utf8_bom_semicolon.csv")
    assert result.encoding == "utf-8-sig"
    assert [r.name for r in result.records] == ["Härdalsbuda", "Funäsdalens bygdegård"]
    assert result.warnings == []  # "\ufeffNamn" would be an unknown column


def test_it_reads_windows_1252_with_swedish_letters():
    result = read_points(DATA / "points_cp1252_semicolon.csv")
    assert result.encoding == "cp1252"
    assert [r.name for r in result.records] == ["Hede skola", "Mörsils bygdegård", "Vemdalens kyrka"]
    assert result.records[1].locality == "Mörsil"


def test_it_reads_excel_unicode_text_as_utf16_with_tabs():
    result = read_points(DATA / "points_excel_unicode.txt")
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert result.records[1].name == "Bruksvallarna/Våålleh"


def test_the_same_text_in_utf8_and_windows_1252_gives_equal_records():
    text = "namn;kommunkod;nivå;lat;lon\nÅsarnas bygdegård;2326;2;62,6478;14,3547\n"
    from_utf8 = read_points(text.encode("utf-8"), source_name="a.csv")
    from_cp1252 = read_points(text.encode("cp1252"), source_name="b.csv")
    assert (from_utf8.encoding, from_cp1252.encoding) == ("utf-8", "cp1252")
    assert from_utf8.records == from_cp1252.records


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"abc", "utf-8"),
        ("å".encode(), "utf-8"),
        ("å".encode("cp1252"), "cp1252"),
        (b"\xef\xbb\xbfabc", "utf-8-sig"),
    ],
)
def test_decode_tries_strict_utf8_first(data, encoding):
    assert decode(data, "x.csv")[1] == encoding
