"""Two `trygg serve` processes on one PostgreSQL database behind a round-robin proxy (docs/deploy.md).

What one process stores, the other serves: a status report, a login session and
the public pages and feeds (whose per-process cache is invalidated across processes
through Redis, ``REDIS_URL``). Skipped only when PostgreSQL is unreachable outside CI.
"""

from __future__ import annotations

import base64
import http.cookiejar
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

import pytest

from tests import clusterutil, serverutil
from tests.clusterutil import SseClient

pytestmark = pytest.mark.slow

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
AUTH = "Basic " + base64.b64encode(b"krokom:trygg-demo").decode()

SETUP = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from trygg.operations import decisions
from trygg.public import status
from trygg.registry.models import Organisation, Point
krokom = Organisation.objects.get(scb_code="2309")
user = get_user_model().objects.get(username="krokom")
event = decisions.create_event(name="Två processer", kind="power_outage", exercise=True, municipalities=[krokom],
                               owner=krokom, created_by_id=user.pk)
points = list(Point.objects.filter(municipality=krokom).exclude(sites=None).order_by("pk"))
decisions.activate(event, user.pk, krokom, points, decisions.Decision("Kommundirektören", "kommundirektor", "Test",
                   timezone.now()))
published = next(p for p in points if status.public_point(p.pk) is not None)
print(event.pk, points[0].pk, published.pk)
"""


@dataclass
class Cluster:
    servers: list[serverutil.Server]
    proxy: clusterutil.RoundRobinProxy
    event: int
    point: int  # in the event
    published: int  # a point on the public pages
    shared_cache: bool

    def direct(self, index: int) -> str:
        return self.servers[index].url


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    base = clusterutil.postgres_base()
    if not clusterutil.reachable(base, 5432):
        if IN_CI:
            pytest.fail(f"PostgreSQL at {base} is unreachable and CI is set: this test must run in CI")
        pytest.skip(f"PostgreSQL at {base} is unreachable (and CI is not set)")
    tmp = tmp_path_factory.mktemp("deploy")
    name = f"trygg_deploy_{os.getpid()}"
    redis_url = os.environ.get("REDIS_URL", clusterutil.DEFAULT_REDIS)
    shared = clusterutil.reachable(redis_url, 6379)
    env = {**os.environ, "DATABASE_URL": clusterutil.create_database(base, name), "TRYGG_FAST_PASSWORDS": "1",
           "TRUSTED_PROXY_COUNT": "1",
           "PUBLIC_CACHE_SECONDS": "3600"}  # the time limit must not hide a missed invalidation
    env.pop("REDIS_URL", None)
    if shared:
        run = f"trygg-deploy-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # Short streams: a process waits for its open streams to end before it stops.
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=run, PUSH_CHANNEL_PREFIX=run, PUSH_STREAM_SECONDS="8")
    servers: list[serverutil.Server] = []
    try:
        import subprocess

        subprocess.run([serverutil.TRYGG, "load-demo"], env=env, check=True, capture_output=True)  # once, for both
        for label in ("a", "b"):
            server = serverutil.Server(env=env, port=serverutil.free_port(), log=tmp / f"serve-{label}.log")
            server.start(workers=1)  # one worker each: "process A" and "process B" are exact
            servers.append(server)
        event, point, published = map(int, servers[0].python(SETUP).split())
        with clusterutil.running_proxy([s.port for s in servers]) as proxy:
            yield Cluster(servers, proxy, event, point, published, shared)
    finally:
        for server in servers:
            server.stop()
        clusterutil.drop_database(base, name)


# --- a small HTTP client: no redirects followed, cookies kept, answers as (status, headers, text) -----------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def served_by(self) -> int:
        return int(self.headers["x-served-by"])


class Browser:
    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def open(self, url: str, data: bytes | None = None, method: str | None = None,
             headers: dict[str, str] | None = None) -> Answer:
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, {k.lower(): v for k, v in response.headers.items()},
                              response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, {k.lower(): v for k, v in error.headers.items()},
                          error.read().decode("utf-8", "replace"))

    def log_in(self, base: str, username: str, password: str = "trygg-demo") -> Answer:
        form = self.open(f"{base}/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert form.status == 200 and match, form.text[:500]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), "username": username,
                                       "password": password}).encode()
        return self.open(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"})


def api(url: str, body: dict[str, object] | None = None, method: str = "GET") -> Answer:
    headers = {"Authorization": AUTH, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    return Browser().open(url, data=json.dumps(body).encode() if body is not None else None, method=method,
                          headers=headers)


def reported_people(base: str, event: int, point: int) -> object:
    answer = api(f"{base}/api/ops/events/{event}/status/")
    assert answer.status == 200, answer.text[:500]
    rows = [row for row in json.loads(answer.text)["points"] if row["point"] == point]
    assert rows, f"point {point} missing from the situation picture"
    return rows[0].get("people_present")


# --- the tests -------------------------------------------------------------------------------------------

def test_a_report_stored_through_process_a_is_in_the_status_json_of_process_b(cluster):
    a, b = cluster.direct(0), cluster.direct(1)
    people = 17
    stored = api(f"{a}/api/ops/events/{cluster.event}/points/{cluster.point}/reports/",
                 {"id": str(uuid.uuid4()), "people_present": people, "power_source": "backup"}, "POST")
    assert stored.status == 201, stored.text[:500]
    assert reported_people(b, cluster.event, cluster.point) == people
    assert reported_people(a, cluster.event, cluster.point) == people

    # And the other way round, through the proxy: the report lands on one process, the read on the other.
    again = api(f"{cluster.proxy.url}/api/ops/events/{cluster.event}/points/{cluster.point}/reports/",
                {"id": str(uuid.uuid4()), "people_present": people + 1, "power_source": "backup"}, "POST")
    assert again.status == 201, again.text[:500]
    read = api(f"{cluster.proxy.url}/api/ops/events/{cluster.event}/status/")
    assert read.served_by != again.served_by
    row = next(r for r in json.loads(read.text)["points"] if r["point"] == cluster.point)
    assert row["people_present"] == people + 1


def test_a_refused_report_through_one_process_changes_nothing_on_the_other(cluster):
    a, b = cluster.direct(0), cluster.direct(1)
    before = reported_people(b, cluster.event, cluster.point)
    refused = api(f"{a}/api/ops/events/{cluster.event}/points/{cluster.point}/reports/",
                  {"id": str(uuid.uuid4()), "people_present": -5}, "POST")
    assert refused.status == 400 and "people_present" in refused.text
    assert reported_people(b, cluster.event, cluster.point) == before


def test_a_session_made_through_the_proxy_works_on_either_process(cluster):
    proxy = cluster.proxy.url
    browser = Browser()
    logged_in = browser.log_in(proxy, "krokom")
    assert logged_in.status == 302, "login through the proxy failed: " + logged_in.text[:300]
    assert any(cookie.name == "sessionid" for cookie in browser.jar)

    served = {}
    for _ in range(4):  # round robin: both processes answer
        page = browser.open(f"{proxy}/ops/events/{cluster.event}/")
        assert page.status == 200, f"process {page.served_by} answered {page.status}"
        served[page.served_by] = page.text
    assert set(served) == {0, 1}
    for index in (0, 1):  # and directly, without the proxy
        assert browser.open(f"{cluster.direct(index)}/ops/events/{cluster.event}/").status == 200

    stranger = Browser()
    for index in (0, 1):
        page = stranger.open(f"{cluster.direct(index)}/ops/events/{cluster.event}/")
        assert page.status == 302 and page.headers["location"].startswith("/accounts/login/")


def test_logging_out_through_one_process_ends_the_session_on_both(cluster):
    browser = Browser()
    assert browser.log_in(cluster.direct(0), "krokom").status == 302
    assert browser.open(f"{cluster.direct(1)}/ops/events/{cluster.event}/").status == 200
    form = browser.open(f"{cluster.direct(1)}/ops/events/{cluster.event}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    csrf = token.group(1) if token else next(c.value for c in browser.jar if c.name == "csrftoken")
    out = browser.open(f"{cluster.direct(1)}/accounts/logout/", data=urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf}).encode(), headers={"Referer": f"{cluster.direct(1)}/"})
    assert out.status in (200, 302), out.text[:300]
    for index in (0, 1):
        assert browser.open(f"{cluster.direct(index)}/ops/events/{cluster.event}/").status == 302


def _cookie(base: str, username: str) -> str:
    browser = Browser()
    assert browser.log_in(base, username).status == 302
    return "; ".join(f"{c.name}={c.value}" for c in browser.jar)


def test_a_report_stored_through_process_a_is_pushed_to_streams_held_by_process_b(cluster):
    if not cluster.shared_cache:
        if IN_CI:
            pytest.fail("Redis is unreachable and CI is set: push across processes must be tested in CI")
        pytest.skip("Redis is unreachable (and CI is not set): without it the live pages poll")
    b = cluster.servers[1]
    event_stream = SseClient(b.port, f"/ops/events/{cluster.event}/stream/", _cookie(b.url, "krokom"))
    county_stream = SseClient(b.port, "/county/23/stream/", _cookie(b.url, "lan"))
    try:
        assert event_stream.status == 200 and county_stream.status == 200
        event_stream.until("hello")
        county_stream.until("hello")
        entry = str(uuid.uuid4())
        stored = api(f"{cluster.direct(0)}/api/ops/events/{cluster.event}/points/{cluster.point}/reports/",
                     {"id": entry, "people_present": 23, "power_source": "backup"}, "POST")
        assert stored.status == 201, stored.text[:500]
        pushed = event_stream.until("entry")  # bounded by the socket's 15 s timeout
        county_pushed = county_stream.until("entry")
    finally:
        event_stream.close()
        county_stream.close()
    assert json.loads(pushed["data"]) == {"event": cluster.event, "point": cluster.point, "entry": entry}
    assert json.loads(county_pushed["data"]) == {}  # the county page is told only that something changed


def _public(base: str, path: str, etag: str | None = None) -> Answer:
    return Browser().open(base + path, headers={"If-None-Match": etag} if etag else {})


def test_the_public_pages_and_feeds_are_right_on_both_processes_after_a_change_through_one(cluster):
    if not cluster.shared_cache:
        if IN_CI:
            pytest.fail("Redis is unreachable and CI is set: the shared public cache must be tested in CI")
        pytest.skip("Redis is unreachable (and CI is not set): the public cache is per process")
    paths = [f"/p/{cluster.published}/", "/feeds/points.geojson", "/feeds/2309/points.csv", "/k/2309/"]
    a, b = cluster.direct(0), cluster.direct(1)
    point = json.loads(api(f"{a}/api/points/{cluster.published}/").text)
    old_name = point["name"]
    warm = {}
    for base in (a, b):  # both processes hold the old pages in memory
        for path in paths:
            answer = _public(base, path)
            assert answer.status == 200 and old_name in answer.text, f"{base}{path}: {answer.status}"
            warm[base, path] = answer.headers["etag"]
    for path in paths:
        assert warm[a, path] == warm[b, path], f"{path}: the two processes disagree before the change"

    new_name = f"{old_name} (flyttad {uuid.uuid4().hex[:6]})"
    changed = api(f"{a}/api/points/{cluster.published}/", {"name": new_name}, "PATCH")
    assert changed.status == 200, changed.text[:500]

    for base in (b, a):  # the next request, not "within PUBLIC_CACHE_SECONDS" (set to an hour here)
        for path in paths:
            answer = _public(base, path)
            assert answer.status == 200 and new_name in answer.text, f"{base}{path} still serves the old page"
            assert answer.headers["etag"] != warm[base, path]
            assert _public(base, path, warm[base, path]).status == 200, "the old ETag must not get a 304"
            assert _public(base, path, answer.headers["etag"]).status == 304
    for path in paths:
        assert _public(a, path).headers["etag"] == _public(b, path).headers["etag"]

