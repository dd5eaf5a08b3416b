"""The public pages as bytes: finder (county or municipality), point, children's page.

Views (``views.py``) serve these through the cache; the static export
(``export.py``) writes the same bytes with relative links. Every text a
staff member typed reaches the templates as data and is escaped there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from trygg.public import labels, paths, status
from trygg.public.languages import ENDONYMS, PUBLIC_LANGUAGES, RTL_CODES, PublicLanguage
from trygg.public.paper import POSTER_SIZES
from trygg.public.paths import Links
from trygg.rules.public_info import OPEN_STATUSES, Locality, PointStatus, PublicPoint


@dataclass(frozen=True)
class PageEnv:
    """The language a page is rendered in and how it links (served or exported).

    ``scope`` is a municipality code when the pages form one municipality's
    site (a static export of it): the home link and the feed links then stay
    inside it. ``posters`` is False when the PDFs are not there to link to.
    """

    language: PublicLanguage
    links: Links
    scope: str | None = None
    posters: bool = True

    @property
    def exported(self) -> bool:
        return self.links.exported


PathFor = Callable[[PublicLanguage], str]


def _render(template: str, env: PageEnv, context: dict[str, Any]) -> bytes:
    with translation.override(env.language.django_code):
        return render_to_string(template, context).encode("utf-8")


def _switcher(env: PageEnv, path_for: PathFor) -> list[dict[str, Any]]:
    return [{"name": lang.name, "html_lang": lang.html_lang, "dir": lang.direction,
             "href": env.links.href(path_for(lang)), "current": lang == env.language}
            for lang in PUBLIC_LANGUAGES]


def base_context(env: PageEnv, title: str, path_for: PathFor) -> dict[str, Any]:
    """What every public page needs: language, switcher, asset links, navigation."""
    lang = env.language
    county = status.county()
    return {
        "lang": lang,
        "title": title,
        "county": county,
        "switcher": _switcher(env, path_for),
        "css": env.links.static("public/public.css"),
        "js": env.links.static("public/public.js"),
        "leaflet_js": env.links.static("vendor/leaflet/leaflet.js"),
        "leaflet_css": env.links.static("vendor/leaflet/leaflet.css"),
        "map_tiles": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        "home_href": env.links.href(paths.municipality(env.scope, lang) if env.scope else paths.finder(lang)),
        "children_href": env.links.href(paths.children(lang)),
        "geojson_href": env.links.href(paths.feed("points.geojson", env.scope)),
        "csv_href": env.links.href(paths.feed("points.csv", env.scope)),
        "atom_href": env.links.href(paths.feed("atom.xml", env.scope)),
        "login_href": None if env.exported else "/accounts/login/",
        "exported": env.exported,
        "p4_channel": settings.PUBLIC_P4_CHANNEL,
    }


def format_km(distance_m: float, language: PublicLanguage) -> str:
    """"3,2 km" (Swedish) or "3.2 km": one decimal below 10 km, whole km above."""
    km = distance_m / 1000.0
    text = f"{km:.1f}" if km < 10 else f"{km:.0f}"
    return text.replace(".", language.decimal_separator) + " km"


def _spoken_languages(point: PublicPoint) -> list[dict[str, str]]:
    return [{"code": code, "name": ENDONYMS.get(code, code), "dir": "rtl" if code in RTL_CODES else "ltr"}
            for code in point.languages]


def point_row(point: PublicPoint, env: PageEnv, distance_m: float | None = None) -> dict[str, Any]:
    """One point as the templates show it (labels in the active language, links for this page)."""
    return {
        "p": point,
        "href": env.links.href(paths.point(point.id, env.language)),
        "status": labels.STATUS[point.status],
        "is_open": point.status in OPEN_STATUSES,
        "level": labels.LEVEL.get(point.level, ""),
        "help": [{"code": c.value, "label": labels.HELP[c]} for c in point.help],
        "languages": _spoken_languages(point),
        "accessible": labels.ACCESSIBLE.get(point.accessible) if point.accessible is not None else None,
        "distance": format_km(distance_m, env.language) if distance_m is not None else "",
        "lat": f"{point.lat:.6f}" if point.lat is not None else "",
        "lon": f"{point.lon:.6f}" if point.lon is not None else "",
        "geo": f"geo:{point.lat:.6f},{point.lon:.6f}" if point.has_position else "",
    }


def _locality_groups(area_code: str | None, near: Locality | None) -> list[dict[str, Any]]:
    names = status.municipality_names()
    groups: dict[str, list[dict[str, Any]]] = {}
    for loc in status.localities():
        if area_code and loc.municipality_code != area_code:
            continue
        groups.setdefault(loc.municipality_code, []).append({
            "code": loc.code, "name": loc.name, "lat": f"{loc.lat:.5f}", "lon": f"{loc.lon:.5f}",
            "selected": near is not None and loc.code == near.code,
        })
    return [{"name": names.get(code, code), "localities": rows}
            for code, rows in sorted(groups.items(), key=lambda item: names.get(item[0], item[0]))]


def finder_page(env: PageEnv, area: status.Area | None = None, near: Locality | None = None) -> bytes:
    """The finder for the county (``area`` None) or one municipality, nearest first when ``near`` is given."""
    lang = env.language
    points = status.public_points(area.code if area else None)
    if near is not None:
        pairs = status.nearest_first(points, near.lon, near.lat)
    else:
        pairs = [(p, None) for p in points]
    rows = [point_row(p, env, d) for p, d in pairs]
    open_rows = [r for r in rows if r["is_open"]]
    other_rows = [r for r in rows if not r["is_open"] and r["p"].status is not PointStatus.CLOSED]
    closed_rows = [r for r in rows if r["p"].status is PointStatus.CLOSED]

    def path_for(language: PublicLanguage) -> str:
        return paths.municipality(area.code, language) if area else paths.finder(language)

    county = status.county()
    context = base_context(env, area.name if area else county.name, path_for)
    context.update({
        "area": area,
        "self_href": env.links.href(path_for(lang)),
        "near": near,
        "locality_groups": _locality_groups(area.code if area else None, near),
        "open_rows": open_rows,
        "other_rows": other_rows,
        "closed_rows": closed_rows,
        "open_count": len(open_rows),
        "notices": _notice_rows(area.code if area else None, lang),
        "municipality_links": [] if area else [
            {"name": m.name, "href": env.links.href(paths.municipality(m.code, lang))} for m in status.municipalities()
        ],
        "county_href": "" if env.scope else env.links.href(paths.finder(lang)),
        "geojson_href": env.links.href(paths.feed("points.geojson", area.code if area else None)),
        "csv_href": env.links.href(paths.feed("points.csv", area.code if area else None)),
        "poster_links": _poster_links(env, lambda size: paths.municipality_poster(area.code, lang, size))
        if area and env.posters else [],
    })
    return _render("public/finder.html", env, context)


def _poster_links(env: PageEnv, path_for: Callable[[str], str]) -> list[dict[str, str]]:
    return [{"label": size.page, "href": env.links.href(path_for(code))} for code, size in POSTER_SIZES.items()]


def _notice_rows(municipality: str | None, lang: PublicLanguage) -> list[dict[str, str]]:
    """Released public texts for the page: Swedish, or English on pages that offer English text."""
    rows = []
    for notice in status.public_notices(municipality):
        text, text_lang = notice.text_for(lang.text_language)
        rows.append({"place": notice.municipality_name, "text": text, "lang": text_lang})
    return rows


def point_page(env: PageEnv, point: PublicPoint) -> bytes:
    """One point's page: where, when, what help, accessibility, languages; posters to print."""
    lang = env.language
    context = base_context(env, point.name, lambda language: paths.point(point.id, language))
    context.update({
        "row": point_row(point, env),
        "municipality_href": env.links.href(paths.municipality(point.municipality_code, lang)),
        "printed_url": paths.absolute(paths.printed(paths.point(point.id, lang), lang)),
        "poster_links": _poster_links(env, lambda size: paths.point_poster(point.id, lang, size)) if env.posters else [],
    })
    return _render("public/point.html", env, context)


def children_page(env: PageEnv) -> bytes:
    """Information for children: what a power cut is, what a safety point is, what to do."""
    context = base_context(env, "", paths.children)
    return _render("public/children.html", env, context)
