"""Unknown columns are ignored and reported as warnings."""

from trygg.formats.points import read_points


def test_unknown_columns_are_returned_as_warnings_and_ignored():
    text = "name,municipality_code,level,lat,lon,Fastighetsbeteckning,Kontaktperson\nKall,2321,2,63.47,13.26,Kall 1:23,Anna\n"
    result = read_points(text.encode(), source_name="p.csv")
    assert [(w.row, w.field) for w in result.warnings] == [(1, "Fastighetsbeteckning"), (1, "Kontaktperson")]
    assert str(result.warnings[0]) == "Unknown column 'Fastighetsbeteckning' was ignored."
    assert "Okänd kolumn" in result.warnings[0].message.in_language("sv")
    assert result.records[0].name == "Kall"


def test_an_unnamed_column_with_values_is_reported():
    text = "name,municipality_code,level,lat,lon,\nKall,2321,2,63.47,13.26,something\n"
    result = read_points(text.encode(), source_name="p.csv")
    assert [w.field for w in result.warnings] == ["column 6"]


def test_an_unnamed_empty_column_is_silent():
    text = "name,municipality_code,level,lat,lon,\nKall,2321,2,63.47,13.26,\n"
    assert read_points(text.encode(), source_name="p.csv").warnings == []
