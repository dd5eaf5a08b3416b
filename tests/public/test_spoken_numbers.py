"""Numbers, times, phone numbers and addresses are written as a presenter says them."""

import pytest

from trygg.formats.spoken import (
    SpokenError,
    clock_words,
    hours_words,
    number_words,
    phone_words,
    speak_numbers,
    web_words,
)
from trygg.rules.public_info import DailyHours


@pytest.mark.parametrize(("n", "sv", "en"), [
    (0, "noll", "zero"),
    (1, "en", "one"),
    (13, "tretton", "thirteen"),
    (21, "tjugoen", "twenty-one"),
    (30, "trettio", "thirty"),
    (100, "hundra", "one hundred"),
    (125, "hundratjugofem", "one hundred and twenty-five"),
    (1000, "ettusen", "one thousand"),
    (1500, "ettusen femhundra", "one thousand five hundred"),
    (2005, "tvåtusen fem", "two thousand and five"),
    (21000, "tjugoettusen", "twenty-one thousand"),
    (2_500_000, "två miljoner femhundratusen", "two million five hundred thousand"),
])
def test_numbers_in_swedish_and_english(n, sv, en):
    assert number_words(n, "sv") == sv
    assert number_words(n, "en") == en


def test_swedish_one_takes_the_gender_of_what_is_counted():
    assert number_words(31) == "trettioen"  # trettioen personer
    assert number_words(31, gender="neuter") == "trettioett"


@pytest.mark.parametrize(("hour", "minute", "sv", "en"), [
    (10, 0, "klockan tio", "ten in the morning"),
    (22, 0, "klockan tjugotvå", "ten at night"),
    (18, 30, "klockan arton och trettio", "six thirty in the evening"),
    (7, 5, "klockan sju och fem", "seven oh five in the morning"),
    (13, 0, "klockan tretton", "one in the afternoon"),
    (12, 0, "klockan tolv", "noon"),
    (24, 0, "midnatt", "midnight"),
])
def test_times_of_day(hour, minute, sv, en):
    assert clock_words(hour, minute, "sv") == sv
    assert clock_words(hour, minute, "en") == en


def test_opening_hours_are_spoken_as_a_range_or_around_the_clock():
    assert hours_words(DailyHours(600, 960)) == "från klockan tio till klockan sexton"
    assert hours_words(DailyHours(0, 1440), "sv") == "dygnet runt"
    assert hours_words(DailyHours(600, 960), "en") == "from ten in the morning to four in the afternoon"


def test_sweden_s_information_number_is_said_the_way_everyone_says_it():
    assert phone_words("113 13") == "hundratretton tretton"
    assert phone_words("112") == "ett ett två"
    assert phone_words("0640-123 45") == "noll sex fyra noll, ett två tre, fyra fem"
    assert phone_words("113 13", "en") == "one one three, one three"


def test_web_addresses_lose_their_scheme_and_say_dot_and_slash():
    assert web_words("https://www.krokom.se/trygg/") == "krokom punkt se snedstreck trygg"
    assert web_words("krisinformation.se", "en") == "krisinformation dot se"


def test_free_text_keeps_its_words_and_speaks_its_numbers():
    assert speak_numbers("Storgatan 12B, öppet 8–16") == "Storgatan tolv B, öppet åtta till sexton"
    assert not any(ch.isdigit() for ch in speak_numbers("Vardagar 10–18, helger 10.30–15; plats för 1 500"))


@pytest.mark.parametrize("call", [
    lambda: number_words(1.5),
    lambda: number_words(10**9),
    lambda: clock_words(25),
    lambda: clock_words(24, 30),
    lambda: number_words(3, "de"),
    lambda: phone_words("ring oss"),
])
def test_it_refuses_what_it_cannot_say(call):
    with pytest.raises(SpokenError):
        call()


def test_a_refusal_says_what_in_english_and_in_swedish():
    with pytest.raises(SpokenError) as error:
        clock_words(25)

    assert str(error.value) == "25:00 is not a time of day"
    assert error.value.describe("sv") == "25:00 är ingen tid på dygnet"
