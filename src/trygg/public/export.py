"""The whole public site as static files, for any web host or a USB stick when the system is down.

Every page in every public language, the feeds (GeoJSON, CSV, JSON, Atom,
CAP, radio text), the CSS, the script and Leaflet, optionally the posters.
Links are relative with explicit ``index.html``, so the copy also works
opened straight from the file system. Feeds keep absolute links to
``PUBLIC_SITE_URL`` (give ``base_url`` for the host that will serve the copy).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test.utils import override_settings

from trygg.formats.dataset import SCHEMA_FILES, stored_schema
from trygg.public import feeds, pages, paths, status
from trygg.public.languages import PUBLIC_LANGUAGES, PublicLanguage
from trygg.public.paper import POSTER_SIZES
from trygg.public.paths import Links
from trygg.rules.public_info import PublicPoint

STATIC_FILES = (
    "public/public.css",
    "public/public.js",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/LICENSE",
)


class ExportError(ValueError):
    """The export cannot be made (unknown municipality, target not a folder).

    The message is English: ``scripts/messages.sh`` leaves ``public/`` out of the staff catalogue
    (the public pages have catalogues of their own), so a text here would never be translated.
    ``trygg export site`` checks what a user can get wrong (the municipality, posters with a local
    address) before it calls :func:`export_site`, and says it in the user's language.
    """


@dataclass(frozen=True)
class ExportSummary:
    directory: Path
    files: int
    pages: int
    points: int
    bytes: int


@dataclass(frozen=True)
class _Job:
    path: str  # site path, e.g. "/p/12/en/" or "/feeds/points.geojson"
    build: Callable[[], bytes]


def _file_for(directory: Path, site_path: str) -> Path:
    relative = site_path.lstrip("/")
    return directory / (relative + "index.html" if site_path.endswith("/") else relative)


def _page_job(path: str, build: Callable[[pages.PageEnv], bytes], language: PublicLanguage,
              scope: str | None, posters: bool) -> _Job:
    env = pages.PageEnv(language, Links(path, exported=True), scope, posters)
    return _Job(path, partial(build, env))


def _variants(language: PublicLanguage) -> list[PublicLanguage | None]:
    """Each page under its language's code; Swedish also without one (the printed form)."""
    return [None, language] if language.code == "sv" else [language]


def _finder(area: status.Area, env: pages.PageEnv) -> bytes:
    return pages.finder_page(env, area)


def _point(point: PublicPoint, env: pages.PageEnv) -> bytes:
    return pages.point_page(env, point)


def _page_jobs(scope: str | None, points: list[PublicPoint], posters: bool) -> Iterable[_Job]:
    areas = [status.municipality(scope)] if scope else status.municipalities()
    for language in PUBLIC_LANGUAGES:
        for variant in _variants(language):
            if scope is None:
                yield _page_job(paths.finder(variant), pages.finder_page, language, scope, posters)
            for area in areas:
                if area is not None:
                    yield _page_job(paths.municipality(area.code, variant), partial(_finder, area), language,
                                    scope, posters)
            yield _page_job(paths.children(variant), pages.children_page, language, scope, posters)
            for point in points:
                yield _page_job(paths.point(point.id, variant), partial(_point, point), language, scope, posters)


def _feed_jobs(scope: str | None) -> Iterable[_Job]:
    codes: list[str | None] = [scope] if scope else [None, *(m.code for m in status.municipalities())]
    for code in codes:
        yield _Job(paths.feed("points.geojson", code), partial(feeds.points_geojson, code))
        yield _Job(paths.feed("points.csv", code), partial(feeds.points_csv, code))
        yield _Job(paths.feed("points.json", code), partial(feeds.points_json, code))
        yield _Job(paths.feed("atom.xml", code), partial(feeds.atom, code))
        yield _Job(paths.feed("dcat.jsonld", code), partial(feeds.dcat_jsonld, code))
    for name in SCHEMA_FILES:
        yield _Job(f"/feeds/schema/{name}", partial(stored_schema, name))
    for message in status.public_messages(scope):
        yield _Job(paths.cap_message(message.identifier), partial(feeds.cap_xml, message))
        for text_language in ("sv", "en"):
            yield _Job(paths.radio_message(message.identifier, text_language),
                       partial(feeds.radio_txt, message, text_language))


def _municipality_poster(area: status.Area, language: PublicLanguage, size: str) -> bytes:
    from trygg.public import pdf

    return pdf.municipality_poster_pdf(area, status.public_points(area.code), language, size)


def _poster_jobs(scope: str | None, points: list[PublicPoint]) -> Iterable[_Job]:
    from trygg.public import pdf

    areas = [status.municipality(scope)] if scope else status.municipalities()
    for language in PUBLIC_LANGUAGES:
        for size in POSTER_SIZES:
            for point in points:
                yield _Job(paths.point_poster(point.id, language, size),
                           partial(pdf.point_poster_pdf, point, language, size))
            for area in areas:
                if area is not None:
                    yield _Job(paths.municipality_poster(area.code, language, size),
                               partial(_municipality_poster, area, language, size))


def _index_html(target: str) -> bytes:
    return (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Trygghetspunkter</title>'
            f'<meta http-equiv="refresh" content="0; url={target}"></head>'
            f'<body><p><a href="{target}">Trygghetspunkter · Safety points</a></p></body></html>').encode()


README = """Trygghetspunkter: a static copy of the public pages, made by `trygg export site`.

Serve this folder with any web server (for example `python3 -m http.server` inside it),
copy it to any web host, or open index.html straight from a USB stick.
Nothing here runs on a server: HTML, CSS, a small script, GeoJSON, CSV, Atom and CAP files.
"""


def export_site(directory: str | Path, municipality: str | None = None, *, posters: bool = False,
                base_url: str | None = None, progress: Callable[[Iterable[_Job], int], Iterable[_Job]] | None = None,
                ) -> ExportSummary:
    """Write the public site (the county, or one municipality by SCB code) as static files into ``directory``.

    Raises
    ------
    ExportError
        For an unknown municipality code or a ``directory`` that is a file.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file: give a folder to write the site into")
    if municipality is not None and status.municipality(municipality) is None:
        raise ExportError(f"no municipality with SCB code {municipality!r} (give 4 digits, e.g. 2309)")
    if posters and paths.is_local_address(base_url or settings.PUBLIC_SITE_URL):
        raise ExportError(f"the posters' QR codes would lead to {base_url or settings.PUBLIC_SITE_URL}, which only "
                          "works on this computer: set PUBLIC_SITE_URL or give --base-url with the public address")
    overrides = {"PUBLIC_SITE_URL": base_url} if base_url else {}
    with override_settings(**overrides):
        points = status.public_points(municipality)
        jobs = list(_page_jobs(municipality, points, posters)) + list(_feed_jobs(municipality))
        if posters:
            jobs += list(_poster_jobs(municipality, points))
        target.mkdir(parents=True, exist_ok=True)
        written = 0
        html_pages = 0
        for job in (progress(jobs, len(jobs)) if progress else jobs):
            body = job.build()
            path = _file_for(target, job.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            written += len(body)
            html_pages += job.path.endswith("/")
    for name in STATIC_FILES:
        source = finders.find(name)
        if source is None:
            raise ExportError(f"static file {name} is missing from the installation")
        destination = target / "static" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    home = f"k/{municipality}/index.html" if municipality else "hitta/index.html"
    (target / "index.html").write_bytes(_index_html(home))
    (target / "README.txt").write_text(README, encoding="utf-8")
    files = sum(1 for p in target.rglob("*") if p.is_file())
    return ExportSummary(target, files, html_pages, len(points), written)
