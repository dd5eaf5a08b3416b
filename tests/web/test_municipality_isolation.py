"""A Krokom coordinator can neither read nor change Åre's non-public data, through any page or API call.

Every registry page and API operation is listed here; adding a URL without
adding it here is caught by ``test_every_url_is_covered``.
"""

import json

import pytest
from django.urls import get_resolver

from trygg.registry.models import Agreement, Exercise, Plan, Point, Routine, Site

ARE = "2321"


@pytest.fixture
def are_point(db):
    return Point.objects.get(ref="ARE-DUVED")


@pytest.fixture
def are_site(are_point):
    return are_point.sites.first()


@pytest.fixture
def are_records(are_point):
    """An agreement, an exercise and a routine of Åre's (the demo has no Åre exercise: one is made here)."""
    agreement = Agreement.objects.get(title="Drivmedel till SOT-punkt Kall")
    exercise = Exercise.objects.create(municipality=are_point.municipality, name="Övning Fjällstorm", date="2025-02-01",
                                       lessons_learned="Åres lärdomar")
    exercise.points.set([are_point])
    routine = Routine.objects.filter(point__municipality__scb_code=ARE).first()
    return agreement, exercise, routine


def page_urls(p, s, records):
    agreement, exercise, routine = records
    return [
        f"/m/{ARE}/", f"/m/{ARE}/coverage/", f"/m/{ARE}/access/", f"/m/{ARE}/points/new/", f"/m/{ARE}/sites/new/",
        f"/points/{p.pk}/", f"/points/{p.pk}/edit/", f"/points/{p.pk}/plan/", f"/sites/{s.pk}/edit/",
        f"/m/{ARE}/agreements/", f"/m/{ARE}/agreements/new/", f"/agreements/{agreement.pk}/edit/",
        f"/agreements/{agreement.pk}/delete/",
        f"/m/{ARE}/exercises/", f"/m/{ARE}/exercises/new/", f"/exercises/{exercise.pk}/edit/",
        f"/exercises/{exercise.pk}/delete/",
        f"/points/{p.pk}/routines/new/", f"/routines/{routine.pk}/edit/", f"/routines/{routine.pk}/delete/",
        f"/points/{p.pk}/changes/", f"/points/{p.pk}/changes.csv", f"/m/{ARE}/changes/", f"/m/{ARE}/changes.csv",
        f"/m/{ARE}/population/",  # the population grid import page (trygg.population, included at "")
        f"/m/{ARE}/disruption/",
        f"/m/{ARE}/priority/", f"/m/{ARE}/fuel-plan/",  # the fuel plan (tests/power_fuelplan)
        f"/m/{ARE}/import/",  # the points import upload (tests/formats/test_import_upload.py)
    ]


def records_state():
    return (list(Agreement.objects.order_by("pk").values()), list(Exercise.objects.order_by("pk").values()),
            list(Routine.objects.order_by("pk").values()))


def test_krokom_gets_not_found_for_every_are_page(krokom, are_point, are_site, are_records):
    for url in page_urls(are_point, are_site, are_records):
        assert krokom.get(url).status_code == 404, url


def test_krokom_cannot_change_are_through_any_form(krokom, are_point, are_site, are_records):
    before = (are_point.name, are_site.name, Point.objects.count(), Site.objects.count(), records_state())
    agreement = are_records[0]
    krokom_mun = Point.objects.filter(municipality__scb_code="2309").first().municipality_id
    for url in page_urls(are_point, are_site, are_records):
        response = krokom.post(url, {"name": "Hijacked", "kind": "trygghetspunkt", "level": 1, "state": "planned",
                                     "capacity_day": 1, "capacity_night": 0,
                                     # a valid agreement, exercise and routine, should a form accept them
                                     "title": "Hijacked", "subject": "other", "parties": [krokom_mun],
                                     "valid_from": "2025-01-01", "date": "2025-01-01", "interval_days": 1,
                                     "points": [p.pk for p in agreement.points.all()]})
        assert response.status_code == 404, url
    are_point.refresh_from_db()
    are_site.refresh_from_db()
    assert (are_point.name, are_site.name, Point.objects.count(), Site.objects.count(), records_state()) == before


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


def test_krokom_cannot_see_ares_computations(krokom, are):
    """A fuel plan job Åre's coordinator started: 404 for Krokom's, not in Krokom's lists, not re-startable."""
    from trygg.jobs.models import Job

    assert are.post(f"/m/{ARE}/fuel-plan/", {"duration_h": "48"}).status_code == 302
    job = Job.objects.get()
    assert are.get(f"/jobs/{job.pk}/").status_code == 200
    assert krokom.get(f"/jobs/{job.pk}/").status_code == 404
    assert f"/jobs/{job.pk}/" not in krokom.get("/jobs/").content.decode()
    assert f"/jobs/{job.pk}/" not in krokom.get("/m/2309/fuel-plan/").content.decode()
    assert krokom.post(f"/m/{ARE}/fuel-plan/", {"duration_h": "48"}).status_code == 404
    assert Job.objects.count() == 1


# Every page route not under a public or framework prefix; test_every_url_is_covered fails on one missing here.
COVERED = {"", "county/", "m/<str:code>/", "m/<str:code>/coverage/", "m/<str:code>/points/new/", "m/<str:code>/sites/new/",
           "points/<int:pk>/", "points/<int:pk>/edit/", "points/<int:pk>/plan/", "sites/<int:pk>/edit/",
           "follow-up/", "routines/<int:pk>/done/",
           "m/<str:code>/agreements/", "m/<str:code>/agreements/new/", "agreements/<int:pk>/edit/",
           "agreements/<int:pk>/delete/", "m/<str:code>/exercises/", "m/<str:code>/exercises/new/",
           "exercises/<int:pk>/edit/", "exercises/<int:pk>/delete/", "points/<int:pk>/routines/new/",
           "routines/<int:pk>/edit/", "routines/<int:pk>/delete/",
           "m/<str:code>/access/", "county/access/",
           "points/<int:pk>/changes/", "points/<int:pk>/changes.csv", "m/<str:code>/changes/", "m/<str:code>/changes.csv",
           "m/<str:code>/disruption/", "county/disruption/",
           "m/<str:code>/priority/", "m/<str:code>/fuel-plan/", "county/fuel-plan/",
           "m/<str:code>/import/", "national/", "county/<str:lan>/", "county/stream/", "county/<str:lan>/stream/",
           "jobs/", "jobs/<int:pk>/"}
# Checked by their own tests above rather than through page_urls (county/access/: tests/web/test_access_page.py).
CHECKED_APART = {"", "county/", "follow-up/", "routines/<int:pk>/done/", "county/access/",
                 "county/disruption/",  # tests/web/test_disruption_area.py
                 "county/fuel-plan/",  # tests/power_fuelplan/test_fuelplan_pages.py
                 "national/", "county/<str:lan>/",  # tests/web/test_national_role.py
                 "county/stream/", "county/<str:lan>/stream/",  # tests/operations/test_push.py (404 outside the scope)
                 "jobs/", "jobs/<int:pk>/"}  # test_krokom_cannot_see_ares_computations below


def test_every_url_is_covered():
    """Fails when a page or API route is added without being listed in this file's checks."""
    # Operations ("ops/") has its own per-URL isolation test in tests/operations/test_visibility.py,
    # warnings ("warnings/") in tests/web/test_warnings.py, a user's own alerts ("alerts/") in
    # tests/operations/test_alerts.py, the shared screen ("screen/") in tests/operations/test_screen.py, harvesting
    # ("harvest/") in tests/harvest/.
    public_or_framework = ("accounts/", "i18n/", "admin/", "api/", "about/", "ops/", "warnings/", "alerts/", "harvest/",
                           "screen/")
    routes = {str(p.pattern) for p in get_resolver().url_patterns}
    assert {r for r in routes if not r.startswith(public_or_framework)} <= COVERED


def test_page_urls_reaches_every_covered_route():
    """A route in COVERED but missing from page_urls would never be probed for a 404."""
    from django.urls import resolve

    listed = {resolve(url).route for url in page_urls(Point(pk=1), Site(pk=1), (Agreement(pk=1), Exercise(pk=1), Routine(pk=1)))}
    assert listed >= COVERED - CHECKED_APART
