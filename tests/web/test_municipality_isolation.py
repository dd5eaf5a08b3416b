"""A Krokom coordinator can neither read nor change Åre's non-public data, through any page or API call.

Every registry page and API operation is listed here; adding a URL without
adding it here is caught by ``test_every_url_is_covered``.
"""

import json

import pytest
from django.urls import get_resolver

from trygg.registry.models import Plan, Point, Site

ARE = "2321"


@pytest.fixture
def are_point(db):
    return Point.objects.get(ref="ARE-DUVED")


@pytest.fixture
def are_site(are_point):
    return are_point.sites.first()


def page_urls(p, s):
    return [
        f"/m/{ARE}/", f"/m/{ARE}/coverage/", f"/m/{ARE}/points/new/", f"/m/{ARE}/sites/new/",
        f"/points/{p.pk}/", f"/points/{p.pk}/edit/", f"/points/{p.pk}/plan/", f"/sites/{s.pk}/edit/",
    ]


def test_krokom_gets_not_found_for_every_are_page(krokom, are_point, are_site):
    for url in page_urls(are_point, are_site):
        assert krokom.get(url).status_code == 404, url


def test_krokom_cannot_change_are_through_any_form(krokom, are_point, are_site):
    before = (are_point.name, are_site.name, Point.objects.count(), Site.objects.count())
    for url in page_urls(are_point, are_site):
        response = krokom.post(url, {"name": "Hijacked", "kind": "trygghetspunkt", "level": 1, "state": "planned",
                                     "capacity_day": 1, "capacity_night": 0})
        assert response.status_code == 404, url
    are_point.refresh_from_db()
    are_site.refresh_from_db()
    assert (are_point.name, are_site.name, Point.objects.count(), Site.objects.count()) == before


def test_krokom_cannot_mark_an_are_routine_done(krokom, are_point):
    from trygg.registry.models import Routine

    routine = Routine.objects.filter(point__municipality__scb_code=ARE).first()
    before = routine.last_done
    assert krokom.post(f"/routines/{routine.pk}/done/").status_code == 404
    routine.refresh_from_db()
    assert routine.last_done == before


def test_krokom_is_refused_the_county_overview(krokom):
    assert krokom.get("/county/").status_code == 403


def test_krokom_sees_only_krokom_in_overviews_and_follow_up(krokom):
    body = krokom.get("/m/2309/").content.decode() + krokom.get("/follow-up/").content.decode()
    assert "Krokoms sportcenter" in body
    for are_name in ("Duveds skola", "Åre bibliotek", "SOT-punkt Kall", "FRG Åre"):
        assert are_name not in body


def test_krokom_cannot_read_are_through_the_api(krokom, are_point, are_site):
    for url in (f"/api/points/{are_point.pk}/", f"/api/points/{are_point.pk}/plan/",
                f"/api/points/{are_point.pk}/readiness/", f"/api/sites/{are_site.pk}/"):
        response = krokom.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    listing = json.dumps([krokom.get(u).json() for u in (
        "/api/points/", "/api/sites/", "/api/organisations/", "/api/readiness/", "/api/points/?format=geojson")])
    for are_name in ("Duveds skola", "Åre bibliotek", "SOT-punkt Kall", "FRG Åre", "Åre kommun"):
        assert are_name not in listing


def test_krokom_cannot_change_are_through_the_api(krokom, are_point, are_site):
    calls = [
        ("put", f"/api/points/{are_point.pk}/", {"name": "X", "kind": "trygghetspunkt", "level": 1}),
        ("patch", f"/api/points/{are_point.pk}/", {"name": "X"}),
        ("delete", f"/api/points/{are_point.pk}/", None),
        ("put", f"/api/points/{are_point.pk}/plan/", {"who_decides": "X"}),
        ("patch", f"/api/points/{are_point.pk}/plan/", {"who_decides": "X"}),
        ("patch", f"/api/sites/{are_site.pk}/", {"name": "X"}),
        ("put", f"/api/sites/{are_site.pk}/", {"name": "X"}),
        ("delete", f"/api/sites/{are_site.pk}/", None),
    ]
    for method, url, body in calls:
        response = getattr(krokom, method)(url, data=json.dumps(body) if body else None, content_type="application/json")
        assert response.status_code == 404, (method, url, response.content)
    for url, body in (("/api/points/", {"name": "X", "municipality": ARE, "level": 1}),
                      ("/api/sites/", {"name": "X", "municipality": ARE})):
        response = krokom.post(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 403, url
    are_point.refresh_from_db()
    assert are_point.name == "Trygghetspunkt Duveds skola"
    assert Plan.objects.get(point=are_point).who_decides != "X"
    assert not Point.objects.filter(name="X").exists() and not Site.objects.filter(name="X").exists()


def test_are_coordinator_does_read_are(are, are_point):
    assert are.get(f"/points/{are_point.pk}/").status_code == 200
    assert are.get(f"/api/points/{are_point.pk}/").json()["name"] == are_point.name


def test_every_url_is_covered():
    """Fails when a page or API route is added without being listed in this file's checks."""
    covered = {"", "county/", "m/<str:code>/", "m/<str:code>/coverage/", "m/<str:code>/points/new/", "m/<str:code>/sites/new/",
               "points/<int:pk>/", "points/<int:pk>/edit/", "points/<int:pk>/plan/", "sites/<int:pk>/edit/",
               "follow-up/", "routines/<int:pk>/done/"}
    # Operations ("ops/") has its own per-URL isolation test in tests/operations/test_visibility.py.
    public_or_framework = ("accounts/", "i18n/", "admin/", "api/", "about/", "ops/")
    routes = {str(p.pattern) for p in get_resolver().url_patterns}
    assert {r for r in routes if not r.startswith(public_or_framework)} <= covered
