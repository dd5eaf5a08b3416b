"""Every error in the file is reported at once, in file order."""

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points

FILE = """name;municipality_code;level;lat;lon;capacity_day;accessible;postal_code;languages
Bad level;2380;4;63,17;14,63;10;ja;831 80;sv
;2380;2;63,17;14,63;10;ja;831 80;sv
Bad code and capacity;23800;2;63,17;14,63;-5;kanske;8318;svenska
Good;2380;2;63,17;14,63;10;ja;831 80;sv
"""


def test_all_errors_of_all_rows_are_reported():
    with pytest.raises(ImportRejected) as caught:
        read_points(FILE.encode(), source_name="many.csv")
    found = [(e.row, e.field) for e in caught.value.errors]
    assert found == [
        (2, "level"),
        (3, "name"),
        (4, "municipality_code"),
        (4, "postal_code"),
        (4, "capacity_day"),
        (4, "accessible"),
        (4, "languages"),
    ]
    assert len(str(caught.value).splitlines()) == 7


def test_each_error_carries_a_message_translated_into_swedish():
    with pytest.raises(ImportRejected) as caught:
        read_points(FILE.encode(), source_name="many.csv")
    for error in caught.value.errors:
        english, swedish = str(error.message), error.message.in_language("sv")
        assert english and swedish and swedish != english
