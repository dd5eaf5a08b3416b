"""Public views: no login, GET and HEAD only, served from the cache with ETag and Last-Modified.

Language: a path without a language code (``/hitta/``) is Swedish, unless
the visitor chose another public language before (the ``trygg_public_lang``
cookie, set by the page script on a page with a code): then it redirects to
that language's path. A path with a code (``/hitta/ar/``) never depends on
cookies, so shared caches can keep it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from trygg.public import feeds, pages, paths, status
from trygg.public.cache import cached_response
from trygg.public.languages import COOKIE_NAME, SWEDISH, PublicLanguage, get
from trygg.public.paper import POSTER_SIZES
from trygg.public.paths import Links

HTML = "text/html; charset=utf-8"


def _language(code: str | None) -> PublicLanguage:
    language = get(code) if code is not None else SWEDISH
    if language is None:
        raise Http404("no such language")
    return language


def _cookie_redirect(request: HttpRequest, code: str | None,
                     path_for: Callable[[PublicLanguage], str]) -> HttpResponse | None:
    if code is not None:
        return None
    chosen = get(request.COOKIES.get(COOKIE_NAME))
    if chosen is None or chosen == SWEDISH:
        return None
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(path_for(chosen) + (f"?{query}" if query else ""))
    response["Vary"] = "Cookie"
    response["Cache-Control"] = "private, no-cache"
    return response


def _page(request: HttpRequest, code: str | None, path_for: Callable[[PublicLanguage], str], key: tuple[object, ...],
          build: Callable[[pages.PageEnv], bytes]) -> HttpResponse:
    redirect = _cookie_redirect(request, code, path_for)
    if redirect is not None:
        return redirect
    language = _language(code)
    path = request.path
    response = cached_response(request, (*key, language.code, path),
                               lambda: (build(pages.PageEnv(language, Links(path))), HTML))
    response["Content-Language"] = language.html_lang
    if code is None:
        response["Vary"] = "Cookie"
    return response


@require_safe
def finder(request: HttpRequest, lang: str | None = None) -> HttpResponse:
    near = status.locality(request.GET.get("near", ""))
    return _page(request, lang, paths.finder, ("finder", near.code if near else ""),
                 lambda env: pages.finder_page(env, None, near))


@require_safe
def municipality(request: HttpRequest, code: str, lang: str | None = None) -> HttpResponse:
    near = status.locality(request.GET.get("near", ""))

    def build(env: pages.PageEnv) -> bytes:
        area = status.municipality(code)
        if area is None:
            raise Http404("no such municipality")
        return pages.finder_page(env, area, near)

    return _page(request, lang, lambda language: paths.municipality(code, language),
                 ("municipality", code, near.code if near else ""), build)


@require_safe
def point(request: HttpRequest, pk: int, lang: str | None = None) -> HttpResponse:
    def build(env: pages.PageEnv) -> bytes:
        found = status.public_point(pk)
        if found is None:
            raise Http404("no such public point")
        return pages.point_page(env, found)

    return _page(request, lang, lambda language: paths.point(pk, language), ("point", pk), build)


@require_safe
def children(request: HttpRequest, lang: str | None = None) -> HttpResponse:
    return _page(request, lang, paths.children, ("children",), pages.children_page)


# --- feeds -----------------------------------------------------------------------

_FEEDS = {
    "points.geojson": (feeds.points_geojson, feeds.GEOJSON_TYPE),
    "points.csv": (feeds.points_csv, feeds.CSV_TYPE),
    "points.json": (feeds.points_json, feeds.JSON_TYPE),
    "atom.xml": (feeds.atom, feeds.ATOM_TYPE),
    "dcat.jsonld": (feeds.dcat_jsonld, feeds.JSONLD_TYPE),
}


@require_safe
def feed(request: HttpRequest, name: str, code: str | None = None) -> HttpResponse:
    if name not in _FEEDS:
        raise Http404("no such feed")
    build, content_type = _FEEDS[name]

    def body() -> tuple[bytes, str]:
        if code is not None and status.municipality(code) is None:
            raise Http404("no such municipality")
        return build(code), content_type

    response = cached_response(request, ("feed", name, code), body)
    response["Access-Control-Allow-Origin"] = "*"  # open data: other sites and apps may read it
    return response


@require_safe
def schema(request: HttpRequest, name: str) -> HttpResponse:
    """The dataset's JSON Schemas and Table Schema (docs/dataset.md), at stable addresses."""
    body = feeds.schema_json(name)
    if body is None:
        raise Http404("no such schema")
    response = HttpResponse(body, content_type=feeds.SCHEMA_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def cap_message(request: HttpRequest, identifier: str) -> HttpResponse:
    def body() -> tuple[bytes, str]:
        message = feeds.find_message(identifier)
        if message is None:
            raise Http404("no such message")
        return feeds.cap_xml(message), feeds.CAP_TYPE

    response = cached_response(request, ("cap", identifier), body)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def radio_message(request: HttpRequest, identifier: str, language: str) -> HttpResponse:
    if language not in ("sv", "en"):
        raise Http404("radio text exists in sv and en")

    def body() -> tuple[bytes, str]:
        message = feeds.find_message(identifier)
        if message is None:
            raise Http404("no such message")
        return feeds.radio_txt(message, language), feeds.TEXT_TYPE

    return cached_response(request, ("radio", identifier, language), body)


# --- paper -----------------------------------------------------------------------


@require_safe
def point_poster(request: HttpRequest, pk: int, lang: str, size: str) -> HttpResponse:
    from trygg.public import pdf

    language = _language(lang)
    if size not in POSTER_SIZES:
        raise Http404(f"posters are {' or '.join(POSTER_SIZES)}")

    def body() -> tuple[bytes, str]:
        found = status.public_point(pk)
        if found is None:
            raise Http404("no such public point")
        return pdf.point_poster_pdf(found, language, size), "application/pdf"

    return cached_response(request, ("poster-p", pk, language.code, size), body,
                           filename=f"trygghetspunkt-{pk}-{language.code}-{size}.pdf")


@require_safe
def municipality_poster(request: HttpRequest, code: str, lang: str, size: str) -> HttpResponse:
    from trygg.public import pdf

    language = _language(lang)
    if size not in POSTER_SIZES:
        raise Http404(f"posters are {' or '.join(POSTER_SIZES)}")

    def body() -> tuple[bytes, str]:
        area = status.municipality(code)
        if area is None:
            raise Http404("no such municipality")
        return pdf.municipality_poster_pdf(area, status.public_points(code), language, size), "application/pdf"

    return cached_response(request, ("poster-k", code, language.code, size), body,
                           filename=f"trygghetspunkter-{code}-{language.code}-{size}.pdf")


@require_safe
def binder(request: HttpRequest, pk: int) -> HttpResponse:
    """The point binder PDF: only for the point's managers, its municipality's coordinators and the county."""
    from trygg.public import binder as binder_module

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    point = binder_module.point_for_binder(request.user, pk)
    body = binder_module.binder_pdf(point, request.user)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="parm-{pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
