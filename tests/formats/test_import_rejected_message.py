"""The message format of ImportRejected and RowError."""

from trygg.formats.errors import ImportRejected, RowError
from trygg.text import N_

LEVEL = N_('The level must be 1, 2 or 3 ("Nivå 2" is fine too).')


def test_str_lists_every_error_in_the_documented_format():
    errors = [
        RowError(3, "level", "4", LEVEL),
        RowError(7, "lat", "14.6, 63.2", N_("Must be a number.")),
    ]
    assert str(ImportRejected(errors, "punkter.csv")) == (
        "punkter.csv: row 3, field 'level': The level must be 1, 2 or 3 (\"Nivå 2\" is fine too). (value: '4')\n"
        "punkter.csv: row 7, field 'lat': Must be a number. (value: '14.6, 63.2')"
    )


def test_it_is_a_value_error_carrying_its_errors_and_source():
    error = RowError(2, "name", "", N_("The name is missing."))
    rejected = ImportRejected([error], "a.csv")
    assert isinstance(rejected, ValueError)
    assert (rejected.errors, rejected.source) == ([error], "a.csv")


def test_the_swedish_description_uses_swedish_words():
    rejected = ImportRejected([RowError(3, "level", "4", LEVEL)], "p.csv")
    assert rejected.describe("sv") == (
        "p.csv: rad 3, fält 'level': Nivån ska vara 1, 2 eller 3 (\"Nivå 2\" går också bra). (värde: '4')"
    )


def test_the_parameters_are_put_into_the_translated_message():
    error = RowError(5, "name", "", N_("At most {limit} characters.", limit=200))
    assert error.describe("a.csv") == "a.csv: row 5, field 'name': At most 200 characters. (value: '')"
    assert error.describe("a.csv", "sv") == "a.csv: rad 5, fält 'name': Högst 200 tecken. (värde: '')"


def test_geojson_errors_count_features():
    error = RowError(2, "geometry", "[1, 2]", N_("The geometry must be a Point."), unit="feature")
    assert error.describe("p.geojson") == (
        "p.geojson: feature 2, field 'geometry': The geometry must be a Point. (value: '[1, 2]')"
    )
    assert error.describe("p.geojson", "sv") == (
        "p.geojson: objekt 2, fält 'geometry': Geometrin ska vara en Point. (värde: '[1, 2]')"
    )


def test_file_level_errors_leave_out_row_and_field():
    rejected = ImportRejected([RowError(None, "", "", N_("The file is empty."))], "e.csv")
    assert str(rejected) == "e.csv: The file is empty."
    assert rejected.describe("sv") == "e.csv: Filen är tom."


def test_long_values_are_shortened_in_messages():
    error = RowError(2, "notes", "x" * 500, N_("Must be text."))
    assert error.describe("n.csv").endswith("x…')")
    assert len(error.describe("n.csv")) < 150
