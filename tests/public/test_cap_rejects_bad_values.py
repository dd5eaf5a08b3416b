"""The CAP writer refuses what CAP forbids, naming the element and the value."""

from dataclasses import replace
from datetime import datetime

import pytest

from tests.public.conftest import demo_messages
from trygg.formats.cap import CapError, Circle, circle_text, message_to_cap_xml
from trygg.rules.public_info import MessageKind


@pytest.fixture
def opening(db):  # type: ignore[no-untyped-def]
    return next(m for m in demo_messages() if m.kind is MessageKind.OPENING)


def test_an_identifier_with_a_space_is_refused(opening):
    with pytest.raises(CapError, match="identifier.*'trygg 1'"):
        message_to_cap_xml(replace(opening, identifier="trygg 1"))


def test_a_time_without_a_zone_is_refused(opening):
    with pytest.raises(CapError, match="no time zone"):
        message_to_cap_xml(replace(opening, sent=datetime(2026, 1, 5, 14)))


def test_an_update_or_closing_without_references_is_refused(opening):
    for kind in (MessageKind.UPDATE, MessageKind.CLOSING):
        with pytest.raises(CapError, match="must reference"):
            message_to_cap_xml(replace(opening, kind=kind))


def test_a_circle_outside_the_earth_or_without_radius_is_refused():
    with pytest.raises(CapError, match="latitude 95"):
        circle_text(Circle(95, 14, 2))
    with pytest.raises(CapError, match="radius"):
        circle_text(Circle(63, 14, 0))


def test_control_characters_pasted_into_a_reason_are_dropped_not_fatal(opening):
    xml = message_to_cap_xml(replace(opening, reason="Strömavbrott\x0b i byn"))
    assert b"Str\xc3\xb6mavbrott i byn" in xml


def test_a_refusal_can_be_shown_in_swedish(opening):
    with pytest.raises(CapError) as error:
        message_to_cap_xml(replace(opening, identifier="trygg 1"))
    with pytest.raises(CapError) as latitude:
        circle_text(Circle(95, 14, 2))

    assert str(error.value) == "<identifier> must be non-empty without spaces, commas, '<' or '&': 'trygg 1'"
    assert error.value.describe("sv") == ("<identifier> måste vara ifyllt och sakna mellanslag, kommatecken, "
                                          "'<' och '&': 'trygg 1'")
    assert str(latitude.value) == "<circle> latitude 95 is outside -90…90"
    assert latitude.value.describe("sv") == "<circle> latitud 95 ligger utanför -90…90"
