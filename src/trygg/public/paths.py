"""Every public URL in one place: short, stable, printable, and the same in the static export.

Swedish pages have the shortest form (``/p/12/``), other languages add
their code (``/p/12/ar/``). The static export writes each path as a folder
with ``index.html`` and links between pages relatively, so the copy works
from any web host, a sub-folder, or a USB stick opened as files.
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.templatetags.static import static

from trygg.public.languages import SWEDISH, PublicLanguage


def _suffix(language: PublicLanguage | None) -> str:
    return "" if language is None else f"{language.code}/"


def finder(language: PublicLanguage | None = None) -> str:
    return f"/hitta/{_suffix(language)}"


def municipality(code: str, language: PublicLanguage | None = None) -> str:
    return f"/k/{code}/{_suffix(language)}"


def point(pk: int, language: PublicLanguage | None = None) -> str:
    return f"/p/{pk}/{_suffix(language)}"


def children(language: PublicLanguage | None = None) -> str:
    return f"/barn/{_suffix(language)}"


def printed(path_for_language: str, language: PublicLanguage) -> str:
    """The form to print: Swedish without its code (``/p/12/``), other languages with it."""
    return path_for_language.removesuffix(f"{SWEDISH.code}/") if language == SWEDISH else path_for_language


def point_poster(pk: int, language: PublicLanguage, size: str) -> str:
    return f"/affisch/p/{pk}/{language.code}-{size}.pdf"


def municipality_poster(code: str, language: PublicLanguage, size: str) -> str:
    return f"/affisch/k/{code}/{language.code}-{size}.pdf"


def binder(pk: int) -> str:
    return f"/parm/{pk}/"


def feed(name: str, municipality_code: str | None = None) -> str:
    """``points.geojson``, ``points.csv``, ``points.json`` or ``atom.xml``, for the county or one municipality."""
    return f"/feeds/{municipality_code}/{name}" if municipality_code else f"/feeds/{name}"


def cap_message(identifier: str) -> str:
    return f"/feeds/cap/{identifier}.xml"


def radio_message(identifier: str, text_language: str) -> str:
    return f"/radio/{identifier}/{text_language}.txt"


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def is_local_address(url: str) -> bool:
    """Whether ``url`` only works on the computer that made it (a loopback or blank host).

    Such an address must never be printed on paper: a resident scanning the QR code gets nothing.
    """
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host in _LOCAL_HOSTS or host.startswith("127.")


def absolute(path: str) -> str:
    """``path`` on the public site (``PUBLIC_SITE_URL``), for QR codes, feeds and CAP."""
    return settings.PUBLIC_SITE_URL.rstrip("/") + path


class Links:
    """How a page links: site-absolute paths when served, relative ones with ``index.html`` when exported."""

    def __init__(self, current: str, exported: bool = False) -> None:
        self.current = current
        self.exported = exported

    def href(self, path: str) -> str:
        if not self.exported:
            return path
        target, _hash, fragment = path.partition("#")
        relative = posixpath.relpath(target, start=posixpath.dirname(self.current.rstrip("/") + "/x"))
        if target.endswith("/"):
            relative = posixpath.join(relative, "index.html")
        return relative + (f"#{fragment}" if fragment else "")

    def static(self, name: str) -> str:
        return self.href(static(name))
