"""A status report's figures are read by the one number parser every trygg reader uses.

A volunteer types figures the way a Swedish keyboard and phone write them: a
decimal comma, a (no-break) space between thousands, the minus sign ``−``
(issue 15, item 2). Each form is read the same as ``trygg import points`` reads
it, and a figure that is not a number is refused naming its field.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from trygg.operations.log import validate_status

NBSP, NNBSP, MINUS = "\u00a0", "\u202f", "\u2212"


@pytest.mark.parametrize(("data", "field", "expected"), [
    ({"fuel_l": "12,5"}, "fuel_l", 12.5),
    ({"fuel_l": f"1{NBSP}234,5"}, "fuel_l", 1234.5),
    ({"fuel_l": f"1{NNBSP}200"}, "fuel_l", 1200.0),
    ({"fuel_l": "1 200"}, "fuel_l", 1200.0),
    ({"indoor_temp_c": f"{MINUS}2,5"}, "indoor_temp_c", -2.5),
    ({"indoor_temp_c": 18}, "indoor_temp_c", 18.0),
    ({"people_present": "120,0"}, "people_present", 120),
    ({"staff_on_site": "4,0"}, "staff_on_site", 4),
])
def test_a_figure_is_read_in_every_spelling(point, data, field, expected):
    assert validate_status(data, point("SOT-KALL"))[field] == expected


@pytest.mark.parametrize(("data", "field"), [
    ({"fuel_l": "1.234,5"}, "fuel_l"),  # both separators: ambiguous, refused rather than guessed
    ({"fuel_l": "tolv"}, "fuel_l"),
    ({"indoor_temp_c": "18 grader"}, "indoor_temp_c"),
    ({"people_present": "4,5"}, "people_present"),
])
def test_a_figure_that_is_not_a_number_names_its_field(point, data, field):
    with pytest.raises(ValidationError) as refused:
        validate_status(data, point("SOT-KALL"))
    assert list(refused.value.message_dict) == [field]
