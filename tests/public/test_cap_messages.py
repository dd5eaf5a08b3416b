"""Every CAP message for the demo is valid CAP 1.2 by the official OASIS schema, and says the right things."""

from pathlib import Path

import pytest
from lxml import etree

from tests.public.conftest import demo_messages
from trygg.formats import cap
from trygg.rules.public_info import MessageKind

NS = {"cap": cap.CAP_NAMESPACE}
SCHEMA = Path(cap.__file__).with_name("schemas") / "cap-1.2.xsd"


@pytest.fixture(scope="module")
def schema():  # type: ignore[no-untyped-def]
    # Compiled here from the file, not through the writer, so the test checks the writer independently.
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_the_bundled_schema_is_the_unchanged_oasis_file():
    import hashlib

    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest == "b7798ef25868b068c97b268bda02d067c7d4ba9373adc5638bf37105804ee723"
    assert "Copyright OASIS Open 2010" in SCHEMA.read_text()


def test_every_message_for_the_demo_validates_against_the_xsd(db, schema):
    messages = demo_messages() + demo_messages(exercise=True)
    assert len(messages) >= 3 * 8 * 2 - 6  # opening, update and closing per municipality with public points
    for message in messages:
        document = etree.fromstring(cap.message_to_cap_xml(message))
        assert schema.validate(document), (message.identifier, schema.error_log)


def _alert(kind: MessageKind, exercise: bool = False):  # type: ignore[no-untyped-def]
    message = next(m for m in demo_messages(exercise) if m.kind is kind and m.municipality_code == "2309")
    return message, etree.fromstring(cap.message_to_cap_xml(message))


def test_an_opening_is_an_alert_to_shelter_with_a_circle_around_each_point_lat_first(db):
    message, alert = _alert(MessageKind.OPENING)
    assert alert.findtext("cap:msgType", namespaces=NS) == "Alert"
    assert alert.findtext("cap:status", namespaces=NS) == "Actual"
    info = alert.find("cap:info", NS)
    assert info.findtext("cap:language", namespaces=NS) == "sv-SE"
    assert info.findtext("cap:responseType", namespaces=NS) == "Shelter"
    circles = [c.text for c in info.iterfind("cap:area/cap:circle", NS)]
    point = message.points[0]
    lat, lon = circles[0].split()[0].split(",")
    assert (round(float(lat), 4), round(float(lon), 4)) == (round(point.lat, 4), round(point.lon, 4))
    assert float(circles[0].split()[1]) > 0
    geocode = info.find("cap:area/cap:geocode", NS)
    assert geocode.findtext("cap:valueName", namespaces=NS) == cap.SCB_GEOCODE
    assert geocode.findtext("cap:value", namespaces=NS) == "2309"
    assert [i.findtext("cap:language", namespaces=NS) for i in alert.iterfind("cap:info", NS)] == ["sv-SE", "en-GB"]


def test_an_update_references_the_opening_and_a_closing_cancels_with_all_clear(db):
    _message, update = _alert(MessageKind.UPDATE)
    assert update.findtext("cap:msgType", namespaces=NS) == "Update"
    assert update.findtext("cap:references", namespaces=NS).count(",") == 2
    _message, closing = _alert(MessageKind.CLOSING)
    assert closing.findtext("cap:msgType", namespaces=NS) == "Cancel"
    assert closing.findtext("cap:info/cap:responseType", namespaces=NS) == "AllClear"
    assert len(closing.findtext("cap:references", namespaces=NS).split()) == 2


def test_an_exercise_has_status_exercise_and_says_so(db):
    _message, alert = _alert(MessageKind.OPENING, exercise=True)
    assert alert.findtext("cap:status", namespaces=NS) == "Exercise"
    assert alert.findtext("cap:info/cap:headline", namespaces=NS).startswith("ÖVNING")


def test_times_carry_an_explicit_offset_and_no_fractions(db):
    _message, alert = _alert(MessageKind.OPENING)
    assert alert.findtext("cap:sent", namespaces=NS) == "2026-01-05T14:00:00+01:00"
