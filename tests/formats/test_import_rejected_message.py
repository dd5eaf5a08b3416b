"""The message format of ImportRejected and RowError."""

from trygg.formats.errors import ImportRejected, RowError


def test_str_lists_every_error_in_the_documented_format():
    errors = [
        RowError(3, "level", "4", "Nivån ska vara 1, 2 eller 3.", "The level must be 1, 2 or 3."),
        RowError(7, "lat", "14.6, 63.2", "Omkastade.", "lat and lon look swapped."),
    ]
    assert str(ImportRejected(errors, "punkter.csv")) == (
        "punkter.csv: row 3, field 'level': The level must be 1, 2 or 3. (value: '4')\n"
        "punkter.csv: row 7, field 'lat': lat and lon look swapped. (value: '14.6, 63.2')"
    )


def test_it_is_a_value_error_carrying_its_errors_and_source():
    error = RowError(2, "name", "", "Saknas.", "Missing.")
    rejected = ImportRejected([error], "a.csv")
    assert isinstance(rejected, ValueError)
    assert (rejected.errors, rejected.source) == ([error], "a.csv")


def test_the_swedish_description_uses_swedish_words():
    rejected = ImportRejected([RowError(3, "level", "4", "Fel nivå.", "Bad level.")], "p.csv")
    assert rejected.describe("sv") == "p.csv: rad 3, fält 'level': Fel nivå. (värde: '4')"


def test_geojson_errors_count_features():
    error = RowError(2, "geometry", "[1, 2]", "Fel.", "Wrong.", unit="feature")
    assert error.describe("p.geojson") == "p.geojson: feature 2, field 'geometry': Wrong. (value: '[1, 2]')"
    assert error.describe("p.geojson", "sv") == "p.geojson: objekt 2, fält 'geometry': Fel. (värde: '[1, 2]')"


def test_file_level_errors_leave_out_row_and_field():
    assert str(ImportRejected([RowError(None, "", "", "Tom.", "Empty.")], "e.csv")) == "e.csv: Empty."


def test_long_values_are_shortened_in_messages():
    error = RowError(2, "notes", "x" * 500, "För lång.", "Too long.")
    assert error.describe("n.csv").endswith("x…')")
    assert len(error.describe("n.csv")) < 150
