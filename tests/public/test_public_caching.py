"""Public pages and feeds are served from memory with ETag and Last-Modified, and change when data does."""

import pytest

from trygg.public.cache import PublicCache


@pytest.mark.parametrize("url", ["/hitta/", "/hitta/ar/", "/k/2309/", "/feeds/points.json", "/feeds/points.geojson",
                                 "/feeds/points.csv", "/feeds/atom.xml", "/barn/"])
def test_a_repeat_request_is_answered_from_memory_without_a_query(client, db, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_a_matching_etag_or_date_gets_304_without_a_body(client, db):
    first = client.get("/feeds/points.json")
    by_etag = client.get("/feeds/points.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = client.get("/feeds/points.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    assert client.get("/feeds/points.json", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_first_render_takes_few_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get("/hitta/").status_code == 200


def test_saving_a_point_shows_at_once(client, point):
    before = client.get("/feeds/points.json")
    kall = point("SOT-KALL")
    kall.opening_hours = "Dygnet runt"
    kall.save()
    after = client.get("/feeds/points.json")
    assert b"Dygnet runt" in after.content and after["ETag"] != before["ETag"]


def test_changing_a_site_shows_at_once(client, point):
    client.get("/hitta/")
    site = point("SOT-KALL").main_site()
    site.address = "Byvägen 7"
    site.save()
    assert "Byvägen 7" in client.get("/hitta/").content.decode()


def test_an_unchanged_rebuild_keeps_its_last_modified():
    cache = PublicCache()
    first = cache.get("k", lambda: (b"same", "text/plain"), ttl_s=0)
    second = cache.get("k", lambda: (b"same", "text/plain"), ttl_s=0)
    assert first.etag == second.etag
    kept = PublicCache()
    a = kept.get("k", lambda: (b"same", "text/plain"), ttl_s=0.0001)
    b = kept.get("k", lambda: (b"same", "text/plain"), ttl_s=0.0001)
    assert a.last_modified == b.last_modified


def test_a_zero_lifetime_never_keeps_anything():
    cache = PublicCache()
    calls = []
    for _ in range(3):
        cache.get("k", lambda: (calls.append(1) or b"x", "text/plain"), ttl_s=0)
    assert len(calls) == 3
