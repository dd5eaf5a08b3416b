"""Numbers with decimal commas and spaces as thousand separators."""

import pytest

from trygg.formats.points import read_points
from trygg.formats.tabular import parse_integer, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234.5", 1234.5),
        ("1234,5", 1234.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),  # no-break space, as Excel writes it
        ("1\u2009234,5", 1234.5),  # thin space
        ("7\u202f006\u202f123", 7006123.0),  # narrow no-break space
        ("−3,5", -3.5),  # typographic minus
        ("+2", 2.0),
        (",5", 0.5),
        ("6.9e6", 6_900_000.0),
    ],
)
def test_it_reads_swedish_and_international_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1.234,5", "1,234.5", "1,2,3", "12 kW", "nan", "inf", "", "1 2 3 4 5 x"])
def test_it_refuses_ambiguous_or_non_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_a_whole_number_may_have_a_zero_fraction_but_not_another():
    assert parse_integer("1 200") == 1200
    assert parse_integer("12,0") == 12
    with pytest.raises(ValueError):
        parse_integer("12,5")


def test_decimal_commas_reach_the_records():
    text = "namn;kommunkod;nivå;lat;lon;kapacitet dag;reservkraft;reservkraft (kW);yta m2\n"
    text += "Strömsunds sporthall;2313;2;63,8536;15,5551;1 200;fast;22,5;1 450,5\n"
    record = read_points(text.encode("cp1252"), source_name="p.csv").records[0]
    assert (record.lat, record.lon) == (63.8536, 15.5551)
    assert record.capacity_day == 1200
    assert record.generator_kw == 22.5
    assert record.floor_area_m2 == 1450.5
