"""Posters (A4, A3, every language) and the point binder render to PDF pages that are not blank."""

import re
import subprocess

import pytest

from trygg.public import pdf, status
from trygg.public.languages import BY_CODE


def _pages(body: bytes, tmp_path) -> list[bytes]:  # type: ignore[no-untyped-def]
    """Each page as a greyscale PGM at 20 dpi (pdftoppm)."""
    source = tmp_path / "doc.pdf"
    source.write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(source), str(tmp_path / "page")], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob("page*.pgm"))]


def _ink(pgm: bytes) -> float:
    """Share of pixels darker than light grey."""
    header_end = 0
    for _ in range(3):  # the header: "P5", "width height", "maxval"
        header_end = pgm.index(b"\n", header_end) + 1
    pixels = pgm[header_end:]
    return sum(1 for value in pixels if value < 200) / len(pixels)


@pytest.mark.parametrize(("code", "size"), [("sv", "a4"), ("ar", "a4"), ("ti", "a3"), ("lattlast", "a3"), ("uk", "a4")])
def test_a_point_poster_is_one_page_with_ink(point, tmp_path, code, size):
    public = status.public_point(point("OSD-BIBL").pk)
    pages = _pages(pdf.point_poster_pdf(public, BY_CODE[code], size), tmp_path)
    assert len(pages) == 1
    assert _ink(pages[0]) > 0.03


def _paper(body: bytes) -> str:
    info = subprocess.run(["pdfinfo", "-"], input=body, capture_output=True, check=True).stdout.decode()
    return next(line for line in info.splitlines() if line.startswith("Page size:"))


def _text(body: bytes) -> str:
    """The PDF's text without bidi control marks, white space collapsed."""
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    return " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", text).split())


def test_the_paper_sizes_are_a4_and_a3(point):
    public = status.public_point(point("OSD-BIBL").pk)
    assert "(A4)" in _paper(pdf.point_poster_pdf(public, BY_CODE["sv"], "a4"))
    assert "(A3)" in _paper(pdf.point_poster_pdf(public, BY_CODE["sv"], "a3"))


def test_a_municipality_poster_lists_its_points_and_has_a_qr_code(db, tmp_path):
    area = status.municipality("2380")
    body = pdf.municipality_poster_pdf(area, status.public_points("2380"), BY_CODE["fa"], "a4")
    pages = _pages(body, tmp_path)
    assert pages and all(_ink(page) > 0.02 for page in pages)
    text = _text(body)
    assert "Trygghetspunkt Östersunds bibliotek" in text
    assert "http://127.0.0.1:8000/k/2380/fa/" in text.replace(" ", "")  # the QR caption wraps


def test_the_qr_code_encodes_the_point_s_printed_address():
    uri = pdf.qr_svg_data_uri("http://127.0.0.1:8000/p/7/")
    assert uri.startswith("data:image/svg+xml;base64,") and len(uri) > 1000


def test_an_unknown_poster_size_is_refused(point):
    with pytest.raises(ValueError, match="a4, a3"):
        pdf.point_poster_pdf(status.public_point(point("OSD-BIBL").pk), BY_CODE["sv"], "letter")


def test_posters_are_served_as_pdf_by_their_printed_urls(client, point):
    pk = point("OSD-BIBL").pk
    response = client.get(f"/affisch/p/{pk}/ar-a3.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get("/affisch/k/2380/sv-a4.pdf").content.startswith(b"%PDF")
    assert client.get(f"/affisch/p/{pk}/sv-a5.pdf").status_code == 404


def test_the_binder_has_every_section_on_non_blank_pages(kall_manager, point, tmp_path):
    response = kall_manager.get(f"/parm/{point('SOT-KALL').pk}/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    pages = _pages(response.content, tmp_path)
    assert len(pages) >= 10 and all(_ink(page) > 0.005 for page in pages)
    text = _text(response.content)
    for heading in ("Planen", "Kontakter och aktörsförteckning", "Checklista för aktivering", "Bemanningsschema",
                    "Utrustningslista", "Reservkraft och bränsle", "Radiotext", "Lägesrapport"):
        assert heading in text, heading
    assert "Myndighetsmeddelande från Åre kommun." in text and "An announcement from Åre kommun." in text
    assert "113 13" in text and "Kalls byaförening (demo)" in text
    assert "Förbrukning per dygn" in text  # the generator and fuel sheet of trygg.analysis.power


def test_a_binder_without_generator_data_leaves_a_form_to_fill_in(are, point):
    duved = point("ARE-DUVED")  # no backup power in the registry
    text = _text(are.get(f"/parm/{duved.pk}/").content)
    assert "Reservkraft och bränsle" in text


def test_the_binder_is_in_english_for_an_english_session(kall_manager, point):
    kall_manager.cookies["django_language"] = "en"
    body = kall_manager.get(f"/parm/{point('SOT-KALL').pk}/").content
    text = _text(body)
    assert "Activation checklist" in text and "Status report" in text


def _first_page_text(body: bytes, tmp_path) -> str:
    import subprocess

    path = tmp_path / "poster.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_poster_names_the_points_own_kind(point, tmp_path):
    sot = _first_page_text(pdf.point_poster_pdf(status.public_point(point("SOT-KALL").pk), BY_CODE["sv"]), tmp_path)
    library = _first_page_text(pdf.point_poster_pdf(status.public_point(point("OSD-BIBL").pk), BY_CODE["sv"]),
                               tmp_path)
    english = _first_page_text(pdf.point_poster_pdf(status.public_point(point("SOT-KALL").pk), BY_CODE["en"]),
                               tmp_path)

    assert "SOT-punkt" in sot and "Trygghetspunkt" not in sot
    assert "Trygghetspunkt" in library
    assert "Service and safety point" in english
