"""Harvesting other instances' published feeds: over real HTTP from a local server, and from a file.

The served feed is one this instance produced (its own /feeds/<code>/points.geojson); a tampered copy
is refused whole, with a message naming the feature and the property, and the previous copy is kept.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from trygg.cli import main
from trygg.harvest.models import HarvestedPoint, HarvestSource
from trygg.harvest.poll import poll_once
from trygg.public import feeds


class _Served:
    """What the local feed server answers: path → (status, body)."""

    answers: dict[str, tuple[int, bytes]] = {}
    requests: list[str] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Served.requests.append(self.path)
        status, body = _Served.answers.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", "application/geo+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Served.answers, _Served.requests = {}, []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _feed(code: str) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads(feeds.points_geojson(code))  # type: ignore[type-arg]
    return data


def _bytes(data: dict) -> bytes:  # type: ignore[type-arg]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_poll_stores_each_point_of_a_served_feed_with_its_source_and_fetch_time(db, settings, server):
    are = _feed("2321")
    _Served.answers["/are/feeds/points.geojson"] = (200, _bytes(are))
    url = f"{server}/are/feeds/points.geojson"
    settings.HARVEST_URLS = [url]
    (result,) = poll_once()
    assert result.error == "" and result.summary and result.summary.points == len(are["features"]) > 0
    assert _Served.requests == ["/are/feeds/points.geojson"]
    source = HarvestSource.objects.get(name=url)
    assert source.point_count == len(are["features"]) and source.last_fetched_at and source.last_error == ""
    stored = {p.feature_id: p for p in source.points.all()}
    assert set(stored) == {f["id"] for f in are["features"]}
    for feature in are["features"]:
        point = stored[feature["id"]]
        assert point.properties == feature["properties"]
        assert point.source_url == url and point.fetched_at == source.last_fetched_at
        assert [point.lon, point.lat] == feature["geometry"]["coordinates"]
        assert point.municipality_code == "2321" and point.status == feature["properties"]["trygg:status"]


def test_the_next_poll_replaces_the_previous_copy_from_the_same_source_only(db, settings, server):
    are, krokom = _feed("2321"), _feed("2309")
    _Served.answers["/are.geojson"] = (200, _bytes(are))
    _Served.answers["/krokom.geojson"] = (200, _bytes(krokom))
    settings.HARVEST_URLS = [f"{server}/are.geojson", f"{server}/krokom.geojson"]
    poll_once()
    first = dict(HarvestSource.objects.values_list("name", "last_fetched_at"))
    kept = are["features"][:1]
    _Served.answers["/are.geojson"] = (200, _bytes({**are, "features": kept}))
    settings.HARVEST_URLS = [f"{server}/are.geojson"]
    (result,) = poll_once()
    assert result.summary and (result.summary.points, result.summary.replaced) == (1, len(are["features"]))
    assert list(HarvestedPoint.objects.filter(source__name=f"{server}/are.geojson").values_list(
        "feature_id", flat=True)) == [kept[0]["id"]]
    assert HarvestedPoint.objects.filter(source__name=f"{server}/krokom.geojson").count() == len(krokom["features"])
    source = HarvestSource.objects.get(name=f"{server}/are.geojson")
    assert source.last_fetched_at > first[source.name]


def _tamper(data: dict, index: int, key: str, value: object) -> dict:  # type: ignore[type-arg]
    tampered = json.loads(json.dumps(data))
    tampered["features"][index]["properties"][key] = value
    return tampered


@pytest.mark.parametrize(("key", "value", "problem"), [
    ("trygg:level", 4, "4 is not one of [1, 2, 3]"),
    ("trygg:status", "öppen", "'öppen' is not one of ['planned', 'open', 'full', 'closed']"),
    ("amenity", "shelter", "Additional properties are not allowed ('amenity' was unexpected)"),
    ("trygg:help", "warmth;spa", '"warmth;spa" does not have the specified form'),
])
def test_a_tampered_feed_is_refused_whole_naming_the_feature_and_property(db, settings, server, key, value, problem):
    are = _feed("2321")
    url = f"{server}/are.geojson"
    settings.HARVEST_URLS = [url]
    _Served.answers["/are.geojson"] = (200, _bytes(are))
    poll_once()
    before = list(HarvestedPoint.objects.values_list("pk", "properties"))
    bad = _tamper(are, 1, key, value)
    _Served.answers["/are.geojson"] = (200, _bytes(bad))
    (result,) = poll_once()
    feature = bad["features"][1]
    name = feature["properties"]["name"]
    where = f"feature 2 (id {feature['id']}, {name!r})"
    assert result.summary is None
    assert result.error.startswith(f"{url}: {where}"), result.error
    if key != "amenity":
        assert f"property {key!r}: {problem}" in result.error
    else:
        assert problem in result.error
    assert result.error.endswith("Nothing was stored.")
    assert list(HarvestedPoint.objects.values_list("pk", "properties")) == before
    source = HarvestSource.objects.get(name=url)
    assert where in source.last_error and source.point_count == len(are["features"])


def test_a_feed_missing_a_required_property_or_with_a_wrong_id_is_refused(db, tmp_path):
    are = _feed("2321")
    missing = json.loads(json.dumps(are))
    del missing["features"][0]["properties"]["trygg:status"]
    path = tmp_path / "missing.geojson"
    path.write_bytes(_bytes(missing))
    result = CliRunner().invoke(main, ["harvest", "import", str(path), "--source", "Åre kommun"])
    assert result.exit_code == 2
    assert "feature 1 (id" in result.output and "'trygg:status' is a required property" in result.output
    wrong_id = json.loads(json.dumps(are))
    wrong_id["features"][0]["id"] = "999999"
    path.write_bytes(_bytes(wrong_id))
    result = CliRunner().invoke(main, ["harvest", "import", str(path), "--source", "Åre kommun"])
    assert result.exit_code == 2 and "differs from the feature id 999999" in result.output
    assert not HarvestedPoint.objects.exists()


def test_a_nul_character_in_a_text_is_refused_before_the_database_sees_it(db, tmp_path):
    are = _feed("2321")
    path = tmp_path / "nul.geojson"
    path.write_bytes(_bytes(_tamper(are, 0, "trygg:note", "Fullt\u0000")))
    result = CliRunner().invoke(main, ["harvest", "import", str(path), "--source", "Åre kommun"])
    assert result.exit_code == 2, result.output
    assert "property 'trygg:note': contains a NUL character. Nothing was stored." in result.output
    assert not HarvestedPoint.objects.exists()


@pytest.mark.parametrize(("body", "message"), [
    (b"<html>not a feed</html>", "the feed is not JSON: Expecting value at line 1, column 1"),
    (b'{"type": "FeatureCollection", "dataset": "trygg-points/2.0", "features": []}',
     "the feed follows 'trygg-points/2.0'; this instance reads trygg-points/1.0 (1.x)"),
    (b'{"type": "FeatureCollection", "features": []}', "the feed: 'dataset' is a required property"),
    (b"[1, 2]", "the feed is not a GeoJSON FeatureCollection"),
])
def test_what_is_not_a_trygg_points_feed_gets_one_clear_message(db, tmp_path, body, message):
    path = tmp_path / "feed.geojson"
    path.write_bytes(body)
    result = CliRunner().invoke(main, ["harvest", "import", str(path), "--source", "x"])
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output and not HarvestedPoint.objects.exists()


def test_import_by_file_keeps_the_file_and_who_imported_it(db, tmp_path, django_user_model):
    krokom = _feed("2309")
    path = tmp_path / "krokom.geojson"
    path.write_bytes(_bytes(krokom))
    user = django_user_model.objects.filter(is_active=True).first()
    result = CliRunner().invoke(main, ["harvest", "import", str(path), "--source", "Krokoms kommun",
                                       "--user", user.username])
    assert result.exit_code == 0, result.output
    assert f"{len(krokom['features'])} points stored for Krokoms kommun (replacing 0)" in result.output
    source = HarvestSource.objects.get(name="Krokoms kommun")
    assert source.url == "" and source.last_imported_by == user and source.last_fetched_from == str(path)
    assert set(source.points.values_list("source_url", flat=True)) == {str(path)}


def test_a_server_error_or_unreachable_feed_is_reported_and_poll_exits_1(db, settings, server):
    settings.HARVEST_URLS = [f"{server}/gone.geojson", "http://127.0.0.1:9/feeds/points.geojson"]
    result = CliRunner().invoke(main, ["harvest", "poll"])
    assert result.exit_code == 1
    assert f"{server}/gone.geojson: the server answered 404" in result.output
    assert "http://127.0.0.1:9/feeds/points.geojson: could not be fetched" in result.output
    assert not HarvestedPoint.objects.exists()
    assert HarvestSource.objects.filter(last_error__contains="404").count() == 1


def test_with_no_harvest_url_nothing_is_fetched(db, settings, server):
    settings.HARVEST_URLS = []
    result = CliRunner().invoke(main, ["harvest", "poll"])
    assert result.exit_code == 0 and "nothing was fetched" in result.output
    assert _Served.requests == [] and not HarvestSource.objects.exists()


def test_the_harvest_page_lists_sources_counts_last_fetch_and_errors(db, settings, server, client, county, krokom):
    _Served.answers["/are.geojson"] = (200, _bytes(_feed("2321")))
    _Served.answers["/bad.geojson"] = (200, _bytes(_tamper(_feed("2309"), 0, "trygg:level", 9)))
    settings.HARVEST_URLS = [f"{server}/are.geojson", f"{server}/bad.geojson"]
    poll_once()
    assert client.get("/harvest/").status_code == 302  # anonymous: log in first
    assert krokom.get("/harvest/").status_code == 403  # a municipality's coordinator: county officers only
    page = county.get("/harvest/").content.decode()
    assert "Hämtade flöden" in page
    are = HarvestSource.objects.get(name=f"{server}/are.geojson")
    assert f"{server}/are.geojson" in page and f"<td>{are.point_count}</td>" in page
    # the error in the reader's language
    assert "egenskapen &#x27;trygg:level&#x27;: 9 är inte ett av värdena [1, 2, 3]" in page
    county.post("/i18n/setlang/", {"language": "en", "next": "/harvest/"})
    english = county.get("/harvest/").content.decode()
    assert "property &#x27;trygg:level&#x27;: 9 is not one of [1, 2, 3]" in english and "egenskapen" not in english
    county.post("/i18n/setlang/", {"language": "sv", "next": "/harvest/"})
    shown = json.loads(page.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert len(shown["points"]["features"]) == are.point_count
    assert {f["properties"]["state"] for f in shown["points"]["features"]} <= {"planned", "open", "full", "closed"}
    assert krokom.get("/harvest/points.geojson").status_code == 403
    geojson = json.loads(county.get("/harvest/points.geojson").content)
    assert len(geojson["features"]) == are.point_count
    assert {f["properties"]["harvest:source"] for f in geojson["features"]} == {are.name}
