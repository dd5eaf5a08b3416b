"""Bad input to the REST API answers 4xx in the one JSON error shape, names the field, and changes nothing.

Each case here answered a 500 (HTML page or a database error) before, or wrote what it should refuse.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from trygg.api import errors
from trygg.operations.log import validate_status
from trygg.operations.models import LogEntry
from trygg.registry.models import Plan, Point, Site

VALSJOBYN = "SOT-VALSJOBYN"


def login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def send(client: Client, method: str, url: str, raw: str) -> tuple[int, dict]:
    response = getattr(client, method)(url, data=raw, content_type="application/json")
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return response.status_code, response.json()


def assert_refused(status: int, body: dict, field: str, expected_status: int = 400) -> None:
    assert status == expected_status, body
    error = body["error"]
    assert error["status"] == expected_status and error["code"] and error["message"]
    assert field in error.get("fields", {}), error


@pytest.fixture
def urls(activated):
    p = Point.objects.get(ref=VALSJOBYN)
    return {
        "points": ("post", "/api/points/"),
        "point": ("patch", f"/api/points/{p.pk}/"),
        "plan": ("put", f"/api/points/{p.pk}/plan/"),
        "sites": ("post", "/api/sites/"),
        "entries": ("post", f"/api/ops/events/{activated.pk}/entries/"),
        "report": ("post", f"/api/ops/events/{activated.pk}/points/{p.pk}/reports/"),
    }


@pytest.mark.parametrize("raw", ["null", "[]", "[1, 2]", '"a point"', "3", "true"])
@pytest.mark.parametrize("target", ["points", "point", "plan", "sites", "entries", "report"])
def test_a_body_that_is_not_an_object_is_refused_as_the_body(urls, raw, target):
    method, url = urls[target]
    before = LogEntry.objects.count(), Point.objects.count(), Site.objects.count()
    status, body = send(login("krokom"), method, url, raw)
    assert_refused(status, body, "body")
    assert (LogEntry.objects.count(), Point.objects.count(), Site.objects.count()) == before


@pytest.mark.parametrize(("target", "payload", "field"), [
    ("points", {"name": ["Änge"], "level": 1}, "name"),
    ("points", {"name": {"sv": "Änge"}, "level": 1}, "name"),
    ("points", {"name": "Änge", "level": [1]}, "level"),
    ("points", {"name": "Änge", "capacity_day": {"n": 3}}, "capacity_day"),
    ("point", {"public": [True]}, "public"),
    ("sites", {"name": "Hall", "lat": [63.2], "lon": 14.5}, "lat"),
    ("report", {"fuel_l": [100]}, "fuel_l"),
    ("report", {"people_present": {"n": 3}}, "people_present"),
    ("report", {"power_source": ["backup"]}, "power_source"),
    ("report", {"water": {"ok": True}}, "water"),
    ("report", {"needs": ["water"]}, "needs"),
    ("entries", {"kind": ["note"], "text": "x"}, "kind"),
    ("entries", {"kind": "note", "text": {"a": 1}}, "text"),
    ("entries", {"kind": "status", "point": [1], "data": {"fuel_l": 10}}, "point"),
    ("entries", {"kind": "status", "data": {"power_source": [1]}}, "data"),
    ("entries", {"kind": "status", "data": ["fuel_l", 10]}, "data"),
])
def test_a_list_or_object_where_a_scalar_belongs_is_refused_by_name(urls, target, payload, field):
    method, url = urls[target]
    before = LogEntry.objects.count(), Point.objects.count()
    status, body = send(login("krokom"), method, url, json.dumps(payload))
    assert_refused(status, body, field)
    assert (LogEntry.objects.count(), Point.objects.count()) == before


@pytest.mark.parametrize(("target", "payload", "field"), [
    ("plan", {"functions": None}, "functions"),
    ("plan", {"staffing": None}, "staffing"),
    ("point", {"sites": None}, "sites"),
    ("report", {"functions_available": None}, "functions_available"),
    ("report", {"functions_available": "heat"}, "functions_available"),
])
def test_null_or_a_scalar_for_a_list_is_refused_by_name(urls, target, payload, field):
    method, url = urls[target]
    plan_rows = Plan.objects.filter(point__ref=VALSJOBYN).values_list("functions__function", flat=True)
    before = sorted(filter(None, plan_rows)), LogEntry.objects.count()
    status, body = send(login("krokom"), method, url, json.dumps(payload))
    assert_refused(status, body, field)
    assert (sorted(filter(None, plan_rows)), LogEntry.objects.count()) == before


@pytest.mark.parametrize("field", ["fuel_l", "people_present", "indoor_temp_c", "staff_on_site"])
@pytest.mark.parametrize("raw_value", ["NaN", "Infinity", "-Infinity", "1e300", "1e400", "-500", '"NaN"', '"inf"', '"1e300"'])
def test_numbers_that_are_not_plausible_figures_are_refused_in_a_report(urls, field, raw_value):
    method, url = urls["report"]
    before = LogEntry.objects.count()
    status, body = send(login("valsjobyn"), method, url, f'{{"{field}": {raw_value}}}')
    assert 400 <= status < 500, body
    assert body["error"]["status"] == status
    if status == 400 and body["error"]["code"] == "invalid":
        assert field in body["error"]["fields"]
    else:  # NaN and Infinity as JSON literals are not JSON: refused by the parser, naming them
        assert body["error"]["code"] == "parse_error" and raw_value.lstrip("-") in body["error"]["message"]
    assert LogEntry.objects.count() == before


@pytest.mark.parametrize("raw_value", ['"NaN"', '"Infinity"', "1e300", "1e400", "-1"])
def test_numbers_that_are_not_plausible_are_refused_in_an_entry_s_data(urls, raw_value):
    method, url = urls["entries"]
    point = Point.objects.get(ref=VALSJOBYN)
    before = LogEntry.objects.count()
    status, body = send(login("valsjobyn"), method, url,
                        f'{{"kind": "status", "point": {point.pk}, "data": {{"fuel_l": {raw_value}}}}}')
    assert status == 400, body
    assert any(name.startswith("data") for name in body["error"]["fields"]), body
    assert LogEntry.objects.count() == before


@pytest.mark.parametrize(("field", "raw_value"), [("tank_l", "1e300"), ("tank_l", '"NaN"'), ("generator_kw", '"Infinity"'),
                                                  ("generator_kw", "1e300"), ("floor_area_m2", "1e300"),
                                                  ("floor_area_m2", "-1"), ("lat", '"NaN"'), ("clearance_hours", '"inf"')])
def test_numbers_that_are_not_plausible_are_refused_for_a_site(urls, field, raw_value):
    method, url = urls["sites"]
    before = Site.objects.count()
    status, body = send(login("krokom"), method, url,
                        '{"name": "Hall", "backup_power": "fixed", "generator_kw": 20, "lat": 63.3, "lon": 14.4, '
                        f'"{field}": {raw_value}}}')
    assert_refused(status, body, field)
    assert Site.objects.count() == before


@pytest.mark.parametrize(("target", "payload", "field"), [
    ("points", {"name": "Ä\x00nge", "level": 1}, "name"),
    ("points", {"name": "Änge", "level": 1, "municipality": "23\x0009"}, "municipality"),
    ("point", {"opening_hours": "8\x00–20"}, "opening_hours"),
    ("plan", {"notes": "\x00"}, "notes"),
    ("plan", {"functions": [{"function": "heat", "how": "Kamin\x00"}]}, "functions[0].how"),
    ("sites", {"name": "Hall\x00", "lat": 63.3, "lon": 14.4}, "name"),
    ("report", {"needs": "vatten\x00"}, "needs"),
    ("report", {"problems": "\x00"}, "problems"),
    ("entries", {"kind": "note", "text": "a\x00b"}, "text"),
    ("entries", {"kind": "status", "data": {"needs": "\x00"}}, "data.needs"),
    ("entries", {"kind": "note", "text": "ok", "data": {"ne\x00eds": "x"}}, "data"),
])
def test_a_nul_character_in_any_text_is_refused_by_name(urls, target, payload, field):
    method, url = urls[target]
    before = LogEntry.objects.count(), Point.objects.count(), Site.objects.count()
    status, body = send(login("krokom"), method, url, json.dumps(payload))
    assert_refused(status, body, field)
    assert (LogEntry.objects.count(), Point.objects.count(), Site.objects.count()) == before


def test_a_nul_character_in_a_form_encoded_body_is_refused_too(krokom):
    response = krokom.post("/api/points/", {"name": "Änge", "level": "1", "municipality": "\x00"})
    assert response.status_code == 400 and "municipality" in response.json()["error"]["fields"]


def test_deeply_nested_json_is_refused_with_one_message(urls):
    method, url = urls["entries"]
    for depth in (50, 100_000):
        raw = '{"kind": "note", "data": ' + "[" * depth + "]" * depth + "}"
        status, body = send(login("krokom"), method, url, raw)
        assert 400 <= status < 500 and body["error"]["status"] == status


@pytest.mark.parametrize("path", ["/api/points/null,null/readiness/", "/api/points/null/", "/api/points/1.5/plan/",
                                  "/api/sites/abc/", "/api/organisations/-1/", "/api/ops/events/null/status/",
                                  "/api/ops/events/1/points/x/reports/", "/api/no-such-thing/",
                                  "/api/points/99999999999999999999999/"])
def test_a_path_that_names_nothing_is_a_json_404(county, path):
    response = county.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == {"status": 404, "code": "not_found", "message": response.json()["error"]["message"]}


def test_a_page_outside_the_api_still_gets_the_html_404(county):
    response = county.get("/points/null/")
    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")


def test_a_duplicate_ref_on_create_is_a_conflict(krokom):
    before = Point.objects.count()
    status, body = send(krokom, "post", "/api/points/", json.dumps({"name": "Kopia", "ref": VALSJOBYN, "level": 1}))
    assert status == 409 and body["error"]["code"] == "conflict" and VALSJOBYN in body["error"]["message"]
    assert Point.objects.count() == before


def test_another_municipality_may_use_the_same_ref(are):
    status, body = send(are, "post", "/api/points/", json.dumps({"name": "Åres egen", "ref": VALSJOBYN, "level": 1}))
    assert status == 201, body


def test_changing_a_ref_to_a_taken_one_is_a_conflict(krokom):
    hall = Point.objects.get(ref="KRK-HALL")
    status, body = send(krokom, "patch", f"/api/points/{hall.pk}/", json.dumps({"ref": VALSJOBYN}))
    assert status == 409 and body["error"]["code"] == "conflict"
    assert Point.objects.get(pk=hall.pk).ref == "KRK-HALL"


def test_deleting_a_point_with_log_entries_is_a_conflict_that_says_why(activated):
    point = Point.objects.get(ref=VALSJOBYN)
    logged = LogEntry.objects.filter(point=point).count()
    assert logged
    response = login("krokom").delete(f"/api/points/{point.pk}/")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and "operations log" in error["message"] and str(logged) in error["message"]
    assert Point.objects.filter(pk=point.pk).exists() and LogEntry.objects.filter(point=point).count() == logged


def test_a_point_without_log_entries_is_still_deleted(krokom):
    point = Point.objects.get(ref="KRK-HALL")
    assert krokom.delete(f"/api/points/{point.pk}/").status_code == 204
    assert not Point.objects.filter(pk=point.pk).exists()


def test_an_unforeseen_failure_in_a_view_is_the_json_500(county, monkeypatch, caplog):
    def broken(point):
        raise RuntimeError("a bug")

    monkeypatch.setattr("trygg.api.views.readiness_of", broken)
    point = Point.objects.get(ref=VALSJOBYN)
    response = county.get(f"/api/points/{point.pk}/readiness/")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "server_error" and "a bug" not in response.content.decode()
    assert "a bug" in caplog.text  # logged for the operator, not shown to the caller


def test_a_failure_outside_drf_under_api_is_the_json_500_and_elsewhere_the_page():
    factory = RequestFactory()
    api = errors.server_error(factory.get("/api/points/"))
    assert api.status_code == 500 and json.loads(api.content)["error"]["code"] == "server_error"
    page = errors.server_error(factory.get("/points/1/"))
    assert page.status_code == 500 and not page["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("data", "field"), [
    ({"fuel_l": "NaN"}, "fuel_l"), ({"fuel_l": float("inf")}, "fuel_l"), ({"fuel_l": 1e300}, "fuel_l"),
    ({"people_present": float("nan")}, "people_present"), ({"people_present": "inf"}, "people_present"),
    ({"staff_on_site": 1e300}, "staff_on_site"), ({"indoor_temp_c": "-inf"}, "indoor_temp_c"),
    ({"power_source": ["backup"]}, "power_source"), ({"water": {"ok": 1}}, "water"),
    ({"functions_available": 5}, "functions_available"), ({"needs": "a\x00"}, "needs"), ({"problems": ["x"]}, "problems"),
    ({"fuel_l": True}, "fuel_l"),
])
def test_the_log_refuses_the_same_figures_from_every_door(db, data, field):
    """The web form and the offline merge reach the log without the API's serializers."""
    with pytest.raises(ValidationError) as refused:
        validate_status(data, Point.objects.get(ref=VALSJOBYN))
    assert field in refused.value.message_dict
