"""Paper: posters (A4 and A3, per point and per municipality, in every public language) with a QR code.

WeasyPrint renders HTML templates to PDF with the system's Noto fonts,
which cover Latin with the Sámi letters, Arabic and Persian script and
Ethiopic (Tigrinya). Text typed by staff reaches the templates as data and
is escaped there like on the web pages.
"""

from __future__ import annotations

import base64
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from trygg.public import labels, paths, status
from trygg.public.languages import PublicLanguage
from trygg.public.paper import DEFAULT_POSTER_SIZE, POSTER_SIZES
from trygg.rules.public_info import PublicPoint

# Pango falls back glyph by glyph along this list, so a Swedish name inside an Arabic poster and a
# Sámi place name ("Bruksvallarna/Våålleh") both render.
FONT_STACK = '"Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic", "DejaVu Sans", sans-serif'


def qr_svg_data_uri(text: str) -> str:
    """A QR code for ``text`` as an SVG data URI (medium error correction survives a worn poster)."""
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def html_to_pdf(html: str) -> bytes:
    """Render one HTML document to PDF bytes."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf())


@lru_cache(maxsize=1)
def _icons() -> dict[str, str]:
    """The page sprite's symbols as standalone SVGs: WeasyPrint does not follow ``<use>`` across SVGs."""
    from lxml import etree

    source = (Path(__file__).parent / "templates" / "public" / "_icons.html").read_text(encoding="utf-8")
    sprite = etree.fromstring(source.encode("utf-8"))
    icons = {}
    for symbol in sprite:
        inner = "".join(etree.tostring(child, encoding="unicode") for child in symbol)
        icons[symbol.get("id")] = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{symbol.get("viewBox")}" '
                                   f'aria-hidden="true">{inner}</svg>')
    return icons


def _icon(name: str) -> str:
    return mark_safe(_icons().get(name, ""))  # noqa: S308 - our own static markup, no user text


def text_direction(text: str) -> str:
    """"rtl" or "ltr" by the first strongly directional character (as HTML's ``dir="auto"``)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _poster_row(point: PublicPoint) -> dict[str, Any]:
    address = ", ".join(part for part in (point.address, f"{point.postal_code} {point.locality}".strip()) if part)
    return {
        "p": point,
        "name_dir": text_direction(point.name),
        "kind": labels.POINT_KIND.get(point.kind, labels.POINT_KIND["trygghetspunkt"]),
        "address": address,
        "level": labels.LEVEL.get(point.level, ""),
        "help": [{"code": c.value, "label": labels.HELP[c], "icon": _icon(f"h-{c.value}")} for c in point.help],
        "accessible": labels.ACCESSIBLE.get(point.accessible) if point.accessible is not None else None,
        "status": labels.STATUS[point.status],
    }


def _render(template: str, language: PublicLanguage, size: str, context: dict[str, Any]) -> bytes:
    if size not in POSTER_SIZES:
        raise ValueError(f"poster size must be one of {', '.join(POSTER_SIZES)}, not {size!r}")
    paper = POSTER_SIZES[size]
    with translation.override(language.django_code):
        html = render_to_string(template, {
            "lang": language, "page_size": paper.page, "base_pt": paper.base_pt, "qr_mm": paper.qr_mm,
            "fonts": FONT_STACK, "county": status.county(), "p4_channel": settings.PUBLIC_P4_CHANNEL, **context,
        })
    return html_to_pdf(html)


def point_poster_pdf(point: PublicPoint, language: PublicLanguage, size: str = DEFAULT_POSTER_SIZE) -> bytes:
    """A poster for one point: what it is, where, what help, when it opens, QR code to its page."""
    url = paths.absolute(paths.printed(paths.point(point.id, language), language))
    return _render("public/poster_point.html", language, size, {
        "row": _poster_row(point), "url": url, "qr": qr_svg_data_uri(url),
    })


def municipality_poster_pdf(area: status.Area, points: list[PublicPoint], language: PublicLanguage,
                            size: str = DEFAULT_POSTER_SIZE) -> bytes:
    """A poster listing a municipality's points, with a QR code to its page."""
    url = paths.absolute(paths.printed(paths.municipality(area.code, language), language))
    return _render("public/poster_municipality.html", language, size, {
        "area": area, "rows": [_poster_row(p) for p in points], "url": url, "qr": qr_svg_data_uri(url),
    })
