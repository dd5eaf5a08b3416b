"""Bad input to every API operation, over real HTTP against `trygg serve` (on PostgreSQL when the suite runs
on PostgreSQL, which is where a NUL character used to reach the database): each answer is a 4xx in the API's
one JSON error shape naming the field, and the refused request changes nothing."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api import live

pytestmark = pytest.mark.slow

# Every operation that takes a body: (method, path template, a valid body, the GET that shows what it changes).
WRITES: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "create point": ("POST", "/api/points/", {"name": "Ny punkt", "level": 1, "capacity_day": 20}, "/api/points/"),
    "replace point": ("PUT", "/api/points/{point}/", {"name": "SOT-punkt Valsjöbyn", "level": 2, "capacity_day": 40},
                      "/api/points/{point}/"),
    "update point": ("PATCH", "/api/points/{point}/", {"opening_hours": "Dygnet runt", "capacity_day": 30},
                     "/api/points/{point}/"),
    "replace plan": ("PUT", "/api/points/{point}/plan/",
                     {"notes": "Plan", "functions": [{"function": "heating", "how": "Kamin"}],
                      "staffing": [{"role": "point_manager", "needed": 2}],
                      "equipment": [{"equipment": "backup_generator", "quantity": 1}]},
                     "/api/points/{point}/plan/"),
    "update plan": ("PATCH", "/api/points/{point}/plan/", {"who_decides": "Kommundirektören", "capacity": "40 personer"},
                    "/api/points/{point}/plan/"),
    "create site": ("POST", "/api/sites/", {"name": "Hall", "lat": 63.3, "lon": 14.4, "backup_power": "fixed",
                                                    "generator_kw": 20, "tank_l": 200}, "/api/sites/"),
    "replace site": ("PUT", "/api/sites/{site}/", {"name": "Butiken", "lat": 63.25, "lon": 13.9, "generator_kw": 30},
                     "/api/sites/{site}/"),
    "update site": ("PATCH", "/api/sites/{site}/", {"address": "Byvägen 1", "floor_area_m2": 300},
                    "/api/sites/{site}/"),
    "append entry": ("POST", "/api/ops/events/{event}/entries/",
                     {"kind": "status", "point": "{point}", "text": "Läget",
                      "data": {"people_present": 3, "fuel_l": 100, "indoor_temp_c": 19, "needs": "Vatten"}},
                     "/api/ops/events/{event}/entries/"),
    "report status": ("POST", "/api/ops/events/{event}/points/{point}/reports/",
                      {"people_present": 4, "fuel_l": 120.5, "indoor_temp_c": 18, "staff_on_site": 2,
                       "functions_available": ["heating"], "needs": "Filtar", "problems": "Inga"},
                      "/api/ops/events/{event}/entries/"),
}

# Fields that are figures the operation must refuse when they are not plausible.
FIGURES = {
    "create point": ["capacity_day", "capacity_night", "priority_rank"],
    "replace point": ["capacity_day"], "update point": ["capacity_day"],
    "create site": ["tank_l", "generator_kw", "floor_area_m2", "clearance_hours"],
    "replace site": ["generator_kw", "tank_l"], "update site": ["floor_area_m2", "tank_l"],
    "report status": ["people_present", "fuel_l", "indoor_temp_c", "staff_on_site"],
    "append entry": ["data.people_present", "data.fuel_l", "data.indoor_temp_c", "data.staff_on_site"],
    "replace plan": ["staffing[0].needed", "equipment[0].quantity", "equipment[0].power_kw"],
}
NOT_PLAUSIBLE = ["NaN", "Infinity", "-Infinity", "1e300", "-1e300", "1e400", "-1", '"NaN"', '"Infinity"', '"1e300"']

LISTS = {
    "create point": ["sites"], "replace point": ["sites"], "update point": ["sites"],
    "replace plan": ["functions", "staffing", "equipment"], "update plan": ["functions", "staffing", "equipment"],
    "report status": ["functions_available"], "append entry": ["data.functions_available"],
}

# Every operation with an id in its path, and the method to call it with.
WITH_IDS = [("GET", "/api/organisations/{org}/"), ("GET", "/api/points/{point}/"), ("PUT", "/api/points/{point}/"),
            ("PATCH", "/api/points/{point}/"), ("DELETE", "/api/points/{point}/"), ("GET", "/api/points/{point}/plan/"),
            ("PUT", "/api/points/{point}/plan/"), ("PATCH", "/api/points/{point}/plan/"),
            ("GET", "/api/points/{point}/readiness/"), ("GET", "/api/sites/{site}/"), ("PUT", "/api/sites/{site}/"),
            ("PATCH", "/api/sites/{site}/"), ("DELETE", "/api/sites/{site}/"),
            ("GET", "/api/ops/events/{event}/entries/"), ("POST", "/api/ops/events/{event}/entries/"),
            ("GET", "/api/ops/events/{event}/status/"), ("POST", "/api/ops/events/{event}/points/{point}/reports/")]
NOT_IDS = ["null", "null,null", "1.5", "abc", "-1", "%00", "1%00", "99999999999999999999", "0x10", "%20", "1e3"]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.LiveAPI]:
    server = live.start(tmp_path_factory.mktemp("bad-input"), "badinput")
    try:
        yield server
    finally:
        server.server.stop()


def ids_of(api: live.LiveAPI) -> dict[str, Any]:
    return {**api.ids, "org": 1}


def fill(api: live.LiveAPI, template: Any) -> Any:
    """A path or body with the live ids in place of {point}, {site}, {event}, {org}."""
    if isinstance(template, str):
        filled = template.format(**ids_of(api))
        return int(filled) if template == "{point}" else filled
    if isinstance(template, dict):
        return {key: fill(api, value) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(api, value) for value in template]
    return template


def operation(api: live.LiveAPI, name: str) -> tuple[str, str, dict[str, Any], str]:
    method, path, body, witness = WRITES[name]
    return method, fill(api, path), fill(api, body), fill(api, witness)


def state_of(api: live.LiveAPI, witness: str) -> Any:
    answer = api.call("GET", witness)
    assert answer.status == 200, answer
    return answer.body


def assert_refused(answer: live.Answer, field: str | None, status: int = 400) -> None:
    assert answer.status == status, answer
    assert answer.content_type.startswith("application/json"), answer
    error = answer.error
    assert error["status"] == status and error["code"] and error["message"], error
    if field is not None:
        named = error.get("fields", {})
        assert any(name == field or name.startswith(field + ".") or name.startswith(field + "[") for name in named), \
            error


def put_at(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of body with the field at path ("data.fuel_l", "staffing[0].needed") set to value."""
    copy = json.loads(json.dumps(body))
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node: Any = copy
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return copy


def text_fields(body: Any, prefix: str = "") -> list[str]:
    """Paths of every text value in a body, nested ones included."""
    found: list[str] = []
    items = body.items() if isinstance(body, dict) else enumerate(body) if isinstance(body, list) else []
    for key, value in items:
        path = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else key)
        if isinstance(value, str):
            found.append(path)
        else:
            found.extend(text_fields(value, path))
    return found


def scalar_fields(body: dict[str, Any]) -> list[str]:
    return [key for key, value in body.items() if isinstance(value, (str, int, float, bool))]


def schema_operations(api: live.LiveAPI) -> set[tuple[str, str]]:
    schema = api.call("GET", "/api/schema/?format=json", accept="application/vnd.oai.openapi+json").body
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item}


def template_of(path: str) -> str:
    """A path template here as the schema writes it."""
    path = path.replace("{point}/reports", "{point_pk}/reports")
    for name in ("point", "site", "org", "event"):
        path = path.replace("{" + name + "}", "{id}")
    return path


def test_these_cases_cover_every_operation_of_the_schema(api):
    operations = schema_operations(api)
    bodies = {(method, template_of(path)) for method, path, _body, _witness in WRITES.values()}
    with_body = {(m, p) for m, p in operations if m in ("POST", "PUT", "PATCH")}
    assert bodies == with_body
    with_ids = {(method, template_of(path)) for method, path in WITH_IDS}
    assert with_ids == {(m, p) for m, p in operations if "{" in p}


@pytest.mark.parametrize("name", WRITES)
def test_the_valid_bodies_are_accepted(api, name):
    """So that each refusal below is for the one bad value in it, not for the rest of the body."""
    method, path, body, _witness = operation(api, name)
    answer = api.json(method, path, body)
    assert 200 <= answer.status < 300, answer


@pytest.mark.parametrize("raw", ["null", "[]", "[{}]", '"a point"', '""', "3", "true"])
@pytest.mark.parametrize("name", WRITES)
def test_a_body_that_is_not_an_object_is_refused_as_the_body(api, name, raw):
    method, path, _body, witness = operation(api, name)
    before = state_of(api, witness)
    assert_refused(api.call(method, path, raw), "body")
    assert state_of(api, witness) == before


@pytest.mark.parametrize("shape", ["list", "object"])
@pytest.mark.parametrize("name", WRITES)
def test_a_list_or_object_where_a_scalar_belongs_is_refused_by_name(api, name, shape):
    method, path, body, witness = operation(api, name)
    before = state_of(api, witness)
    for field in scalar_fields(body):
        wrong = [body[field]] if shape == "list" else {"value": body[field]}
        assert_refused(api.json(method, path, {**body, field: wrong}), field)
    assert state_of(api, witness) == before


@pytest.mark.parametrize("wrong", [None, "heat", 3, {"a": 1}])
@pytest.mark.parametrize("name", LISTS)
def test_null_or_a_scalar_for_a_list_is_refused_by_name(api, name, wrong):
    method, path, body, witness = operation(api, name)
    before = state_of(api, witness)
    for field in LISTS[name]:
        assert_refused(api.json(method, path, put_at(body, field, wrong)), field.split(".")[0])
    assert state_of(api, witness) == before


@pytest.mark.parametrize("raw_value", NOT_PLAUSIBLE)
@pytest.mark.parametrize("name", FIGURES)
def test_figures_that_are_not_plausible_are_refused(api, name, raw_value):
    method, path, body, witness = operation(api, name)
    before = state_of(api, witness)
    marker = "__figure__"
    for field in FIGURES[name]:
        raw = json.dumps(put_at(body, field, marker)).replace(f'"{marker}"', raw_value)
        answer = api.call(method, path, raw)
        if raw_value.lstrip("-") in ("NaN", "Infinity"):  # not JSON at all: the parser refuses the body
            assert_refused(answer, None)
            assert answer.error["code"] == "parse_error" and raw_value.lstrip("-") in answer.error["message"]
        elif raw_value == "-1" and field.endswith("indoor_temp_c"):
            assert 200 <= answer.status < 300, answer  # a cold room is a real reading
        else:
            assert_refused(answer, field.split(".")[0].split("[")[0])
    if raw_value != "-1" or not any(f.endswith("indoor_temp_c") for f in FIGURES[name]):
        assert state_of(api, witness) == before


@pytest.mark.parametrize("name", ["report status", "append entry"])
def test_a_temperature_outside_a_room_s_range_is_refused(api, name):
    method, path, body, witness = operation(api, name)
    before = state_of(api, witness)
    for value in (-41, 46, -273.16):
        field = "data.indoor_temp_c" if name == "append entry" else "indoor_temp_c"
        assert_refused(api.json(method, path, put_at(body, field, value)), field.split(".")[0])
    assert state_of(api, witness) == before


@pytest.mark.parametrize("name", WRITES)
def test_a_nul_character_in_any_text_is_refused_by_name(api, name):
    method, path, body, witness = operation(api, name)
    before = state_of(api, witness)
    fields = text_fields(body)
    assert fields
    for field in fields:
        value = body
        for key in field.replace("[", ".").replace("]", "").split("."):
            value = value[int(key)] if isinstance(value, list) else value[key]
        for spoiled in (value + "\x00", "\x00", f"a\x00{value}"):
            assert_refused(api.json(method, path, put_at(body, field, spoiled)), field)
    assert_refused(api.json(method, path, {**body, "na\x00me": "x"}), None)
    assert state_of(api, witness) == before


@pytest.mark.parametrize("name", [n for n in WRITES if n != "append entry"])
def test_a_nul_character_in_a_form_body_is_refused_by_name(api, name):
    method, path, body, witness = operation(api, name)
    before = state_of(api, witness)
    flat = {k: v for k, v in body.items() if isinstance(v, (str, int, float))}
    field = next(k for k, v in flat.items() if isinstance(v, str))
    form = urllib.parse.urlencode({**flat, field: flat[field] + "\x00"})
    assert_refused(api.call(method, path, form, content_type="application/x-www-form-urlencoded"), field)
    assert state_of(api, witness) == before


@pytest.mark.parametrize("bad_id", NOT_IDS)
@pytest.mark.parametrize(("method", "template"), WITH_IDS)
def test_an_id_in_a_path_that_is_not_a_number_is_a_json_404(api, method, template, bad_id):
    names = [name for name in ("org", "point", "site", "event") if "{" + name + "}" in template]
    assert names
    for name in names:  # each id of the path in turn, the others real
        path = template.format(**{**ids_of(api), name: bad_id})
        answer = api.call(method, path, None if method in ("GET", "DELETE") else "{}")
        assert answer.status == 404, (path, answer)
        assert answer.content_type.startswith("application/json"), (path, answer)
        assert answer.error["status"] == 404 and answer.error["code"] == "not_found", answer


def test_the_readiness_path_of_the_report_is_a_json_404(api):
    answer = api.call("GET", "/api/points/null,null/readiness/")
    assert answer.status == 404 and answer.error == {"status": 404, "code": "not_found", "message": answer.error["message"]}


def test_a_time_that_is_not_a_time_in_a_query_is_refused_by_name(api):
    path = fill(api, "/api/ops/events/{event}/entries/")
    for since in ("2026-13-45T99:00", "yesterday", "\x00", "2026-02-30"):
        assert_refused(api.call("GET", f"{path}?since={urllib.parse.quote(since)}"), "since")
    assert api.call("GET", f"{path}?since=2026-01-01T00:00:00Z").status == 200


def test_a_duplicate_ref_is_a_conflict_on_create_replace_and_update(api):
    taken = api.ids["other_ref"]
    before = state_of(api, "/api/points/")
    answer = api.json("POST", "/api/points/", {"name": "Kopia", "ref": taken, "level": 1})
    assert_refused(answer, None, status=409)
    assert answer.error["code"] == "conflict" and taken in answer.error["message"]
    for method in ("PUT", "PATCH"):
        answer = api.json(method, fill(api, "/api/points/{point}/"), {"name": "SOT-punkt Valsjöbyn", "level": 2, "ref": taken})
        assert_refused(answer, None, status=409)
        assert taken in answer.error["message"]
    assert state_of(api, "/api/points/") == before


def test_deleting_a_point_with_log_entries_is_a_conflict_that_says_why(api):
    path = fill(api, "/api/points/{point}/")
    entries = [e for e in state_of(api, fill(api, "/api/ops/events/{event}/entries/")) if e["point"] == api.ids["point"]]
    assert entries
    answer = api.call("DELETE", path)
    assert_refused(answer, None, status=409)
    assert answer.error["code"] == "conflict" and "operations log" in answer.error["message"]
    assert api.call("GET", path).status == 200


def test_deleting_a_site_that_hosts_a_point_is_a_conflict_that_says_why(api):
    path = fill(api, "/api/sites/{site}/")
    answer = api.call("DELETE", path)
    assert_refused(answer, None, status=409)
    assert answer.error["code"] == "conflict" and "point" in answer.error["message"]
    assert api.call("GET", path).status == 200


def test_a_point_and_a_site_without_references_are_still_deleted(api):
    point = api.json("POST", "/api/points/", {"name": "Tillfällig", "level": 1}).body["id"]
    site = api.json("POST", "/api/sites/", {"name": "Tillfällig", "lat": 63.2, "lon": 14.5}).body["id"]
    assert api.call("DELETE", f"/api/points/{point}/").status == 204
    deleted = api.call("DELETE", f"/api/sites/{site}/?format=geojson", accept="application/geo+json")
    assert deleted.status == 204 and deleted.body is None, deleted  # no body, not a failure to render one
    assert api.call("GET", f"/api/points/{point}/").status == 404
    assert api.call("GET", f"/api/sites/{site}/").status == 404


@pytest.mark.parametrize(("row", "field"), [("equipment", "equipment"), ("functions", "function"), ("staffing", "role")])
def test_a_row_of_a_patched_plan_without_its_required_field_is_refused_by_name(api, row, field):
    """A list sent in a PATCH replaces the stored rows, so each row is complete (this was a 500)."""
    path = fill(api, "/api/points/{point}/plan/")
    before = state_of(api, path)
    answer = api.json("PATCH", path, {row: [{"notes": ""} if row == "equipment" else {}]})
    assert_refused(answer, f"{row}[0].{field}")
    assert state_of(api, path) == before
