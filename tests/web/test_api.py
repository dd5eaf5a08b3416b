"""The REST API: lists, GeoJSON, create/update/delete within one's own scope, one error shape, OpenAPI."""

import json

import pytest
from shapely.geometry import shape

from trygg.registry.models import Point


def post(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_an_anonymous_caller_gets_the_json_error_shape(client, db):
    response = client.get("/api/points/")
    assert response.status_code in (401, 403)
    error = response.json()["error"]
    assert set(error) >= {"status", "code", "message"} and error["status"] == response.status_code


def test_the_county_lists_every_point_with_a_position(county):
    rows = county.get("/api/points/").json()
    assert len(rows) == Point.objects.count()
    kall = next(r for r in rows if r["ref"] == "SOT-KALL")
    assert kall["municipality"] == "2321" and kall["lat"] == pytest.approx(63.4667)


def test_points_are_also_rfc7946_geojson(county):
    response = county.get("/api/points/?format=geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection" and "crs" not in data
    located = [f for f in data["features"] if f["geometry"]]
    lon, lat = shape(located[0]["geometry"]).coords[0]
    assert 10 < lon < 25 and 55 < lat < 70
    assert all("lat" not in f["properties"] for f in data["features"])


def test_sites_are_also_geojson(krokom):
    data = krokom.get("/api/sites/?format=geojson").json()
    assert data["features"] and all(f["properties"]["municipality"] == "2309" for f in data["features"])


def test_a_coordinator_creates_a_point_in_their_own_municipality(krokom):
    response = post(krokom, "/api/points/", {"name": "Trygghetspunkt Änge", "kind": "trygghetspunkt", "level": 1,
                                             "capacity_day": 30})
    assert response.status_code == 201, response.content
    assert Point.objects.get(name="Trygghetspunkt Änge").municipality.scb_code == "2309"


def test_a_bad_point_is_refused_with_field_messages_and_nothing_is_saved(krokom):
    response = post(krokom, "/api/points/", {"name": "P", "level": 2, "capacity_day": 10, "capacity_night": 5})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "capacity_night" in error["fields"]
    assert not Point.objects.filter(name="P").exists()


def test_a_point_cannot_take_a_site_from_another_municipality(krokom, point):
    are_site = point("ARE-DUVED").sites.first()
    response = post(krokom, f"/api/points/{point('KRK-FOLL').pk}/", {"sites": [are_site.pk]}, "patch")
    assert response.status_code == 400 and "sites" in response.json()["error"]["fields"]


def test_a_plan_is_read_and_replaced_through_the_api_and_readiness_follows(ostersund_api, point):
    park = point("OSD-PARK")
    before = ostersund_api.get(f"/api/points/{park.pk}/readiness/").json()
    assert any(g["code"] == "equipment:blankets" for g in before["gaps"])
    plan = ostersund_api.get(f"/api/points/{park.pk}/plan/").json()
    plan["equipment"].append({"equipment": "blankets", "quantity": 200, "power_kw": None, "notes": ""})
    assert post(ostersund_api, f"/api/points/{park.pk}/plan/", plan, "put").status_code == 200
    after = ostersund_api.get(f"/api/points/{park.pk}/readiness/").json()
    assert not any(g["code"] == "equipment:blankets" for g in after["gaps"])
    assert after["score"] > before["score"]


def test_a_plan_listing_the_same_equipment_twice_is_refused(ostersund_api, point):
    park = point("OSD-PARK")
    body = {"equipment": [{"equipment": "beds", "quantity": 1}, {"equipment": "beds", "quantity": 2}]}
    response = post(ostersund_api, f"/api/points/{park.pk}/plan/", body, "patch")
    assert response.status_code == 400 and "equipment" in response.json()["error"]["fields"]


def test_staff_may_read_their_point_but_not_write_it(valsjobyn_staff, point):
    p = point("SOT-VALSJOBYN")
    assert valsjobyn_staff.get(f"/api/points/{p.pk}/").status_code == 200
    assert post(valsjobyn_staff, f"/api/points/{p.pk}/", {"name": "X"}, "patch").status_code == 404
    assert post(valsjobyn_staff, f"/api/points/{p.pk}/plan/", {"who_decides": "X"}, "patch").status_code == 404
    assert post(valsjobyn_staff, "/api/points/", {"name": "X", "level": 1}).status_code == 403


def test_a_point_manager_edits_their_point_but_cannot_delete_it(kall_manager, point):
    kall = point("SOT-KALL")
    assert post(kall_manager, f"/api/points/{kall.pk}/", {"opening_hours": "08–20"}, "patch").status_code == 200
    assert kall_manager.delete(f"/api/points/{kall.pk}/").status_code == 403
    assert Point.objects.filter(pk=kall.pk).exists()


def test_a_site_that_hosts_a_point_cannot_be_deleted(krokom, point):
    site = point("KRK-HALL").sites.first()
    response = krokom.delete(f"/api/sites/{site.pk}/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert "hosts a point" in response.json()["error"]["message"]


def test_readiness_rolls_up_per_municipality_for_the_county(county):
    rows = county.get("/api/readiness/").json()
    assert {r["municipality"] for r in rows} == {"2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"}
    assert sum(r["points"] for r in rows) == Point.objects.count()


def test_the_openapi_description_lists_every_resource(county):
    response = county.get("/api/schema/?format=json")
    paths = response.json()["paths"]
    for path in ("/api/organisations/", "/api/sites/", "/api/points/", "/api/points/{id}/plan/",
                 "/api/points/{id}/readiness/", "/api/readiness/"):
        assert path in paths


@pytest.fixture
def ostersund_api(db):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="ostersund"))
    return client
