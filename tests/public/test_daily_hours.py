"""Opening hours typed by staff are read as daily hours only when they are a plain range."""

import pytest

from trygg.rules.public_info import DailyHours, parse_daily_hours


@pytest.mark.parametrize(("text", "hours"), [
    ("08–22 vid aktivering", DailyHours(8 * 60, 22 * 60)),
    ("kl. 10.00-16.30", DailyHours(600, 990)),
    ("10:15 – 18", DailyHours(615, 1080)),
    ("Dygnet runt vid aktivering", DailyHours(0, 1440)),
    ("around the clock", DailyHours(0, 1440)),
    ("00–24", DailyHours(0, 1440)),
])
def test_it_reads_a_plain_range_or_around_the_clock(text, hours):
    assert parse_daily_hours(text) == hours


@pytest.mark.parametrize("text", ["Vardagar 10–18, helger 10–15", "", "enligt beslut", "22–08", "25–26", "10.75–12"])
def test_it_leaves_anything_else_to_be_shown_as_written(text):
    assert parse_daily_hours(text) is None
