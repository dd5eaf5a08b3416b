"""Level, municipality code, kinds, states, booleans, postal codes and languages."""

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points
from trygg.rules.catalogue import POINT_KINDS
from trygg.rules.levels import Level


def read_one(**columns: str):
    base = {"name": "Sveg bibliotek", "municipality_code": "2361", "level": "2", "lat": "62.0346", "lon": "14.3573"}
    base.update(columns)
    text = ";".join(base) + "\n" + ";".join(base.values()) + "\n"
    return read_points(text.encode("utf-8"), source_name="p.csv").records[0]


def rejected_field(**columns: str):
    with pytest.raises(ImportRejected) as caught:
        read_one(**columns)
    (error,) = caught.value.errors
    return error


@pytest.mark.parametrize(("text", "level"), [("1", 1), ("2", 2), ("Nivå 2", 2), ("nivå 3", 3), ("NIVA 1", 1), ("Level 3", 3)])
def test_it_accepts_levels_as_digits_or_words(text, level):
    assert read_one(level=text).level is Level(level)


@pytest.mark.parametrize("text", ["0", "4", "Nivå 4", "två", "2,5", "hög"])
def test_it_rejects_a_bad_level(text):
    error = rejected_field(level=text)
    assert (error.field, error.value) == ("level", text)


def test_municipality_codes_keep_their_leading_zero():
    assert read_one(municipality_code="0180", lat="59.3293", lon="18.0686").municipality_code == "0180"


@pytest.mark.parametrize("text", ["23800", "23", "Krokom", "2309 Krokom"])
def test_it_rejects_a_municipality_code_that_is_not_four_digits(text):
    error = rejected_field(municipality_code=text)
    assert error.field == "municipality_code"
    assert "4-digit" in str(error.message)


def test_a_three_digit_code_gets_a_hint_about_excels_lost_zero():
    error = rejected_field(municipality_code="180")
    assert "if Excel dropped a leading zero, it is '0180'" in str(error.message)


@pytest.mark.parametrize("code", list(POINT_KINDS))
def test_every_catalogue_kind_is_accepted_by_code_and_by_swedish_name(code):
    assert read_one(kind=code).kind == code
    assert read_one(kind=POINT_KINDS[code].name("sv").upper()).kind == code


@pytest.mark.parametrize(("text", "code"), [("SOT-punkt", "sot_punkt"), ("sot punkt", "sot_punkt"), ("Värmestuga", "varmestuga")])
def test_point_kinds_tolerate_hyphens_spaces_and_accents(text, code):
    assert read_one(kind=text).kind == code


def test_an_unknown_kind_lists_the_codes():
    error = rejected_field(kind="skyddsrum")
    assert "trygghetspunkt (Trygghetspunkt)" in str(error.message)


def test_kind_and_state_have_defaults():
    record = read_one()
    assert (record.kind, record.state, record.site_kind) == ("trygghetspunkt", "planned", "other")


@pytest.mark.parametrize(
    ("text", "state"),
    [("kandidat", "candidate"), ("Planerad", "planned"), ("BESLUTAD", "decided"), ("etablerad", "ready"), ("ready", "ready")],
)
def test_states_accept_swedish_words(text, state):
    assert read_one(state=text).state == state


@pytest.mark.parametrize(
    ("text", "value"),
    [("ja", True), ("Nej", False), ("yes", True), ("no", False), ("TRUE", True), ("false", False),
     ("1", True), ("0", False), ("x", True), ("SANT", True), ("", None)],
)
def test_booleans_accept_swedish_and_english_words_and_blank_is_unknown(text, value):
    assert read_one(accessible=text).accessible is value


@pytest.mark.parametrize("text", ["831 91", "83191", " 831 91 "])
def test_postal_codes_are_stored_with_a_space(text):
    assert read_one(postal_code=text).postal_code == "831 91"


@pytest.mark.parametrize("text", ["8319", "031 91", "831-91", "SE83191"])
def test_it_rejects_a_bad_postal_code(text):
    assert rejected_field(postal_code=text).field == "postal_code"


def test_languages_are_split_on_commas_semicolons_and_spaces():
    assert read_one(languages='"sv, en;ar  SO"').languages == ("sv", "en", "ar", "so")


def test_it_rejects_a_language_that_is_not_two_letters():
    error = rejected_field(languages="sv, swe")
    assert "'swe' is not a language code" in str(error.message)


def test_a_long_name_is_refused():
    error = rejected_field(name="x" * 201)
    assert str(error.message) == "At most 200 characters (this has 201)."


@pytest.mark.parametrize(("field", "text"), [("capacity_day", "-1"), ("capacity_night", "2,5"), ("priority_rank", "0"), ("floor_area_m2", "0")])
def test_numbers_outside_their_bounds_are_refused(field, text):
    assert rejected_field(**{field: text}).field == field


def test_the_site_name_defaults_to_the_point_name():
    assert read_one().site_name == "Sveg bibliotek"
    assert read_one(site_name="Folkets hus").site_name == "Folkets hus"
