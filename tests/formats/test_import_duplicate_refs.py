"""A ref is unique within a file; a duplicate names both rows."""

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points


def test_a_duplicate_ref_is_an_error_naming_both_rows():
    text = "ref,name,municipality_code,level,lat,lon\nK-1,Kall,2321,2,63.47,13.26\nK-2,Huså,2321,1,63.45,13.10\nK-1,Kall igen,2321,2,63.47,13.26\n"
    with pytest.raises(ImportRejected) as caught:
        read_points(text.encode(), source_name="p.csv")
    (error,) = caught.value.errors
    assert (error.row, error.field, error.value) == (4, "ref", "K-1")
    assert str(error.message) == "ref 'K-1' is used in both row 2 and row 4."


def test_blank_refs_are_not_duplicates():
    text = "ref,name,municipality_code,level,lat,lon\n,Kall,2321,2,63.47,13.26\n,Huså,2321,1,63.45,13.10\n"
    assert len(read_points(text.encode(), source_name="p.csv").records) == 2


def test_a_duplicate_ref_is_reported_even_when_its_row_has_other_errors():
    text = "ref,name,municipality_code,level,lat,lon\nK-1,Kall,2321,2,63.47,13.26\nK-1,Ånn,2321,9,63.31,12.54\n"
    with pytest.raises(ImportRejected) as caught:
        read_points(text.encode(), source_name="p.csv")
    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "level"), (3, "ref")]
