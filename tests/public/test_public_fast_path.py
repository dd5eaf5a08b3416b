"""A repeated public GET is answered before the middleware stack (trygg.public.middleware), with exactly
the answer the full stack gives, and never when that would differ (a change, a session, HEAD, a cookie)."""

import pytest
from django.test import Client

URLS = ["/hitta/", "/hitta/en/", "/k/2309/", "/feeds/points.geojson", "/feeds/2309/points.csv", "/feeds/atom.xml"]


def _fast(response) -> bool:  # type: ignore[no-untyped-def]
    """The full stack leaves AuthenticationMiddleware's user on the request; the fast path never gets there."""
    return not hasattr(response.wsgi_request, "user")


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert dict(a.items()) == dict(b.items())


@pytest.mark.parametrize("url", URLS)
def test_the_second_get_is_answered_early_with_what_the_full_stack_answers(db, url):
    warm, fresh = Client(), Client()  # a new client is a new handler: no routes remembered yet
    first = warm.get(url)
    assert first.status_code == 200 and not _fast(first)
    again = warm.get(url)
    assert _fast(again)
    _same(again, fresh.get(url))
    etag = first["ETag"]
    conditional = warm.get(url, HTTP_IF_NONE_MATCH=etag)
    assert conditional.status_code == 304 and _fast(conditional)
    _same(conditional, fresh.get(url, HTTP_IF_NONE_MATCH=etag))


def test_a_change_is_served_on_the_next_request_through_the_early_answer(client, point):
    client.get("/feeds/points.json")
    before = client.get("/feeds/points.json")
    assert _fast(before)
    kall = point("SOT-KALL")
    kall.opening_hours = "Dygnet runt, även helger"
    kall.save()
    after = client.get("/feeds/points.json")
    assert "Dygnet runt, även helger" in after.content.decode() and after["ETag"] != before["ETag"]
    assert client.get("/feeds/points.json", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_session_head_or_another_cookie_takes_the_full_stack(client, db):
    client.get("/k/2309/")
    assert _fast(client.get("/k/2309/"))
    assert not _fast(client.head("/k/2309/"))
    client.cookies["sessionid"] = "not-a-session"
    assert not _fast(client.get("/k/2309/"))
    del client.cookies["sessionid"]
    client.cookies["something"] = "else"
    assert not _fast(client.get("/k/2309/"))


def test_the_language_cookie_still_redirects_a_path_without_a_code(client, db):
    client.get("/hitta/")
    assert _fast(client.get("/hitta/"))
    client.cookies["trygg_public_lang"] = "en"
    answer = client.get("/hitta/")
    assert answer.status_code == 302 and answer["Location"] == "/hitta/en/"


def test_a_host_not_allowed_is_refused_on_the_early_path_too(client, db, settings):
    client.get("/k/2309/")
    settings.ALLOWED_HOSTS = ["trygg.example.se"]
    assert client.get("/k/2309/").status_code == 400
