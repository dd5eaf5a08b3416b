"""The P4 text says who sends it, why, where, what help, when, what to bring, where to learn more."""

import re
from dataclasses import replace

import pytest

from tests.public.conftest import demo_messages
from trygg.formats.radio import RadioSettings, radio_text
from trygg.rules.public_info import MessageKind, PointStatus

SETTINGS = RadioSettings(channel="P4 Jämtland", web="trygg.jamtland.se")


@pytest.fixture
def opening(db):  # type: ignore[no-untyped-def]
    return next(m for m in demo_messages() if m.kind is MessageKind.OPENING and m.municipality_code == "2309")


def test_the_swedish_opening_names_sender_reason_points_help_hours_and_where_to_learn_more(opening):
    text = radio_text(opening, "sv", SETTINGS)
    assert text.startswith("Myndighetsmeddelande från Krokoms kommun.")
    assert "Strömavbrott i stora delar av kommunen." in text
    assert "Kommunen har öppnat tre trygghetspunkter." in text
    assert "Trygghetspunkt Krokoms sportcenter" in text and "är öppen dygnet runt." in text
    assert "Där kan du värma dig" in text and "sova över natten" in text
    assert "Ta med dig dina mediciner" in text and "Ta med en filt eller sovsäck" in text
    assert "trygg punkt jamtland punkt se" in text and "krisinformation punkt se" in text
    assert "hundratretton tretton" in text and "Lyssna på Sveriges Radio P4 Jämtland." in text


def test_every_number_is_written_as_it_is_spoken(opening):
    for language in ("sv", "en"):
        text = radio_text(opening, language, SETTINGS).replace("P4", "")
        assert not re.search(r"\d", text), text
    assert "Där finns plats för tvåhundrafemtio personer." in radio_text(opening, "sv", SETTINGS)


def test_the_english_text_says_the_same(opening):
    text = radio_text(opening, "en", SETTINGS)
    assert text.startswith("An announcement from Krokoms kommun.")
    assert "A power cut in large parts of the municipality." in text
    assert "The municipality has opened three safety points." in text
    assert "You can also call one one three, one three." in text


def test_sentences_are_short_enough_to_read_aloud(opening):
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", radio_text(opening, "sv", SETTINGS)) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 25


def test_an_exercise_says_so_first_and_last(db):
    message = next(m for m in demo_messages(exercise=True) if m.kind is MessageKind.OPENING)
    lines = radio_text(message, "sv", SETTINGS).strip().splitlines()
    assert lines[1] == "Det här är en övning." and lines[-1] == "Det här var en övning."


def test_an_update_tells_which_point_is_full_and_the_closing_that_all_have_closed(db):
    messages = [m for m in demo_messages() if m.municipality_code == "2309"]
    update = next(m for m in messages if m.kind is MessageKind.UPDATE)
    assert "är full och tar inte emot fler just nu." in radio_text(update, "sv", SETTINGS)
    closing = next(m for m in messages if m.kind is MessageKind.CLOSING)
    assert "Trygghetspunkterna i Krokoms kommun har stängt." in radio_text(closing, "sv", SETTINGS)


def test_hours_that_are_not_a_plain_range_are_read_as_written_with_numbers_spoken(opening):
    point = replace(opening.points[0], opening_hours="Vardagar 10–18", daily_hours=None, status=PointStatus.OPEN)
    text = radio_text(replace(opening, points=(point,)), "sv", SETTINGS)
    assert "Öppettider: Vardagar tio till arton." in text


def test_it_refuses_a_language_it_has_no_words_for(opening):
    with pytest.raises(ValueError, match="Swedish"):
        radio_text(opening, "ar", SETTINGS)
