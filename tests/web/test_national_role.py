"""The national coordinator (MSB, issue 14): reads every county loaded by ``trygg load-reference``, changes
nothing in a registry; a county officer still sees only their own county (404 for another's page).

The role × URL matrix is in tests/test_roles_matrix.py; these tests are about the scope across counties.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.conftest import _client_for
from trygg.demo.content import DEMO_PASSWORD
from trygg.operations import decisions
from trygg.registry.models import Organisation, Point
from trygg.registry.national import national_rows
from trygg.registry.reference import load_reference

JAMTLAND, VASTERBOTTEN, STOCKHOLM = "23", "24", "01"


@pytest.fixture
def sweden(db):
    """Every county and municipality, and one point in Umeå (Västerbotten), outside the demo county."""
    load_reference()
    umea = Organisation.objects.get(scb_code="2480")
    return Point.objects.create(ref="UME-1", name="Umeå trygghetspunkt", municipality=umea, level=2)


@pytest.fixture
def msb(db):
    return _client_for("msb")


@pytest.fixture
def lan(db):
    return _client_for("lan")


def test_the_demo_national_coordinator_logs_in_with_the_demo_password_and_starts_nationally(db):
    client = Client()
    login = client.post("/accounts/login/", {"username": "msb", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.0.0.14")
    assert login.status_code == 302
    user = get_user_model().objects.get(username="msb")
    assert user.membership.role == "national_officer" and not user.is_superuser
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/national/")
    assert client.get("/county/")["Location"] == "/national/"  # the national reader has no one county


def test_the_national_overview_lists_every_county_with_its_roll_up(sweden, msb):
    response = msb.get("/national/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('href="/county/') == 21
    for code in (JAMTLAND, VASTERBOTTEN, STOCKHOLM):
        assert f'href="/county/{code}/"' in html
    assert "Länsstyrelsen i Jämtlands län" in html and "Länsstyrelsen i Västerbottens län" in html


def test_the_roll_up_counts_each_countys_points_by_level_and_its_open_events(sweden):
    user = get_user_model().objects.get(username="msb")
    krokom = Organisation.objects.get(scb_code="2309")
    decisions.create_event(name="Storm", kind="power_outage", exercise=False, municipalities=[krokom], owner=krokom,
                           created_by_id=get_user_model().objects.get(username="krokom").pk,
                           starts_at=timezone.now() - dt.timedelta(hours=1))
    rows = {row.county.scb_code: row for row in national_rows(user)}
    assert len(rows) == 21
    assert rows[VASTERBOTTEN].rollup.points == 1 and rows[VASTERBOTTEN].levels == {1: 0, 2: 1, 3: 0}
    assert rows[VASTERBOTTEN].municipalities == 15 and rows[VASTERBOTTEN].open_events == 0
    demo_points = Point.objects.filter(municipality__parent__scb_code=JAMTLAND)
    assert rows[JAMTLAND].rollup.points == demo_points.count() > 0
    assert sum(rows[JAMTLAND].levels.values()) == demo_points.count()
    assert rows[JAMTLAND].open_events == 1
    assert rows[STOCKHOLM].rollup.points == 0 and rows[STOCKHOLM].municipalities == 26


def test_the_national_coordinator_opens_any_countys_page_and_reads_its_points(sweden, msb):
    jamtland = msb.get(f"/county/{JAMTLAND}/")
    assert jamtland.status_code == 200 and "Krokom" in jamtland.content.decode()
    vasterbotten = msb.get(f"/county/{VASTERBOTTEN}/")
    assert vasterbotten.status_code == 200
    assert "Umeå trygghetspunkt" in vasterbotten.content.decode()
    assert "Krokom" not in vasterbotten.content.decode().split("<main", 1)[-1]
    assert msb.get(f"/county/{STOCKHOLM}/").status_code == 200  # empty but valid
    assert msb.get(f"/points/{sweden.pk}/").status_code == 200
    assert msb.get("/m/2480/").status_code == 200
    kall = Point.objects.get(ref="SOT-KALL")
    assert msb.get(f"/points/{kall.pk}/").status_code == 200
    assert msb.get("/county/99/").status_code == 404  # no such county


def test_the_national_coordinator_changes_nothing_in_a_registry(sweden, msb):
    before = (sweden.name, Point.objects.count())
    assert msb.post(f"/points/{sweden.pk}/edit/", {"name": "Changed"}).status_code == 404
    assert msb.post("/m/2480/points/new/", {"name": "New", "level": 1}).status_code == 404
    assert msb.post("/county/population/", {}).status_code == 403
    sweden.refresh_from_db()
    assert (sweden.name, Point.objects.count()) == before


def test_a_jamtland_county_officer_gets_not_found_for_another_county(sweden, lan):
    assert lan.get(f"/county/{JAMTLAND}/").status_code == 200
    for code in (VASTERBOTTEN, STOCKHOLM, "99"):
        assert lan.get(f"/county/{code}/").status_code == 404, code
    assert lan.get(f"/points/{sweden.pk}/").status_code == 404
    assert lan.get("/m/2480/").status_code == 404
    assert lan.get("/national/").status_code == 403
    assert "Umeå" not in lan.get("/county/").content.decode()


def test_a_coordinator_has_neither_the_national_overview_nor_a_county_page(sweden, krokom):
    assert krokom.get("/national/").status_code == 403
    assert krokom.get(f"/county/{JAMTLAND}/").status_code == 404
    assert krokom.get(f"/points/{sweden.pk}/").status_code == 404
