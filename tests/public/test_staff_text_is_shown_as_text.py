"""HTML or script typed by staff into a point's name or a note is shown as text everywhere residents see it."""

import csv
import io
import json
import subprocess

import pytest
from lxml import etree, html

from tests.public import conftest
from trygg.formats.cap import CAP_NAMESPACE
from trygg.formats.radio import radio_text
from trygg.public import pdf, status
from trygg.public.languages import BY_CODE, PUBLIC_LANGUAGES

NAME = '<script>alert("namn")</script><b>Fet</b> & Co'
NOTE = "<img src=x onerror=alert(1)>Ramp vid <i>baksidan</i>"


@pytest.fixture
def hostile(point, settings):  # type: ignore[no-untyped-def]
    """SOT-punkt Kall with markup in its name, its accessibility note and its hours; its messages published."""
    kall = point("SOT-KALL")
    kall.name = NAME
    kall.opening_hours = "<em>08–20</em>"
    kall.save()
    for site in kall.sites.all():
        site.accessibility_notes = NOTE
        site.address = "</p><script>x()</script>"
        site.save()
    conftest.PROVIDED[:] = [m for m in conftest.demo_messages() if m.municipality_code == "2321"]
    settings.PUBLIC_MESSAGES = "tests.public.conftest.provided_messages"
    yield kall
    conftest.PROVIDED.clear()


def _no_markup_from_staff(body: str) -> None:
    tree = html.fromstring(body)
    assert not [s for s in tree.iter("script") if "alert" in (s.text or "") or "x()" in (s.text or "")]
    assert not [b for b in tree.iter("b") if b.text == "Fet"]
    assert not [i for i in tree.iter("img") if i.get("onerror")]
    assert not [e for e in tree.iter("em") if e.text == "08–20"]
    assert NAME in tree.text_content()


def test_every_public_page_shows_the_markup_as_text(client, hostile):
    urls = ["/hitta/", "/k/2321/", "/hitta/?near=2321TB107"]
    urls += [f"/p/{hostile.pk}/{language.code}/" for language in PUBLIC_LANGUAGES]
    urls += [f"/hitta/{language.code}/" for language in PUBLIC_LANGUAGES]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _no_markup_from_staff(response.content.decode())
    point_page = client.get(f"/p/{hostile.pk}/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;Ramp vid &lt;i&gt;baksidan&lt;/i&gt;" in point_page


def test_the_data_feeds_carry_it_as_plain_text(client, hostile):
    geojson = json.loads(client.get("/feeds/points.geojson").content)
    assert NAME in {f["properties"]["name"] for f in geojson["features"]}
    points = json.loads(client.get("/feeds/points.json").content)["points"]
    assert NAME in {p["name"] for p in points}
    rows = list(csv.reader(io.StringIO(client.get("/feeds/points.csv").content.decode("utf-8-sig"))))
    assert NAME in {row[1] for row in rows}


def test_the_atom_and_cap_messages_carry_it_as_text_not_elements(client, hostile):
    feed = etree.fromstring(client.get("/feeds/atom.xml").content)
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(NAME in (t or "") for t in titles)
    assert not list(feed.iter("script")) and not list(feed.iter("b"))
    for message in conftest.PROVIDED:
        alert = etree.fromstring(client.get(f"/feeds/cap/{message.identifier}.xml").content)
        area_names = [a.text for a in alert.iter(f"{{{CAP_NAMESPACE}}}areaDesc")]
        assert any(NAME in (a or "") for a in area_names)
        assert not list(alert.iter("script"))


def test_the_radio_text_keeps_it_as_text(client, hostile):
    message = conftest.PROVIDED[0]
    assert NAME in radio_text(message, "sv")
    body = client.get(f"/radio/{message.identifier}/sv.txt")
    assert body["Content-Type"].startswith("text/plain") and NAME in body.content.decode()


def _pdf_text(body: bytes) -> str:
    """The PDF's text with all white space removed (a long name wraps over lines)."""
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\u2068\u2069\u202a\u202b\u202c")


SHOWN = "".join(NAME.split())


def test_posters_print_it_as_text(hostile):
    point = status.public_point(hostile.pk)
    for code in ("sv", "ar"):
        assert SHOWN in _pdf_text(pdf.point_poster_pdf(point, BY_CODE[code], "a4"))
    area = status.municipality("2321")
    assert SHOWN in _pdf_text(pdf.municipality_poster_pdf(area, status.public_points("2321"), BY_CODE["sv"], "a3"))


def test_the_binder_prints_it_as_text(hostile, kall_manager):
    response = kall_manager.get(f"/parm/{hostile.pk}/")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert SHOWN in text and "</p><script>x()</script>" in text
