"""What each level requires (R2)."""

from trygg.rules.levels import LEVELS, Level, required_functions


def test_every_level_needs_heat_information_water_sanitation_and_electricity():
    for level in Level:
        assert {"heating", "info_comms", "drinking_water", "hygiene_sanitation", "electricity"} <= set(required_functions(level))


def test_food_is_required_from_level_two_and_overnight_only_at_level_three():
    assert "food" not in required_functions(1)
    assert "food" in required_functions(2) and "food" in required_functions(3)
    assert "overnight" not in required_functions(2)
    assert "overnight" in required_functions(3)


def test_only_level_three_is_open_around_the_clock_with_overnight_stay():
    assert LEVELS[Level.THREE].overnight and LEVELS[Level.THREE].daily_open_hours == (0, 24)
    assert not LEVELS[Level.ONE].overnight and not LEVELS[Level.TWO].overnight
    one, two = LEVELS[Level.ONE].daily_open_hours, LEVELS[Level.TWO].daily_open_hours
    assert one[1] - one[0] < two[1] - two[0] < 24
