"""Live updates pushed (trygg.operations.push): a stored entry reaches an SSE client of its event.

Against a real `trygg serve` (gunicorn threads) with the real Redis at 127.0.0.1:6379, a unique
channel prefix per run; and in-process for the answers that make the page poll instead.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass, field

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from tests import clusterutil, serverutil
from tests.clusterutil import SseClient
from tests.test_two_processes import AUTH, Browser
from trygg.operations import log, push
from trygg.operations.models import EntryKind, PointStatus
from trygg.screen.models import GuestLink

REDIS_URL = os.environ.get("REDIS_URL", clusterutil.DEFAULT_REDIS)
STREAM_SECONDS = 4  # short, so the test sees a stream end and the slot come back
MAX_STREAMS = 2

SETUP = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from trygg.operations import decisions
from trygg.registry.models import Organisation, Point
krokom = Organisation.objects.get(scb_code="2309")
user = get_user_model().objects.get(username="krokom")
event = decisions.create_event(name="Push", kind="power_outage", exercise=True, municipalities=[krokom],
                               owner=krokom, created_by_id=user.pk)
points = list(Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN"]).order_by("pk"))
decisions.activate(event, user.pk, krokom, points, decisions.Decision("Kommundirektören", "kommundirektor", "Test",
                   timezone.now()))
print(event.pk, next(p for p in points if p.ref == "SOT-VALSJOBYN").pk)
"""


@dataclass
class Live:
    server: serverutil.Server
    event: int
    point: int
    cookies: dict[str, str] = field(default_factory=dict)  # username -> Cookie header

    def cookie(self, username: str) -> str:
        if username not in self.cookies:
            browser = Browser()
            assert browser.log_in(self.server.url, username).status == 302
            self.cookies[username] = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        return self.cookies[username]

    def report(self, people: int) -> str:
        entry = str(uuid.uuid4())
        stored = Browser().open(
            f"{self.server.url}/api/ops/events/{self.event}/points/{self.point}/reports/",
            data=json.dumps({"id": entry, "people_present": people}).encode(), method="POST",
            headers={"Authorization": AUTH, "Content-Type": "application/json", "Accept": "application/json"})
        assert stored.status == 201, stored.text[:500]
        return entry


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    if not clusterutil.reachable(REDIS_URL, 6379):
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: the push tests need it")
    tmp = tmp_path_factory.mktemp("push")
    server = serverutil.demo_server(tmp, "push")
    server.env.update(REDIS_URL=REDIS_URL, PUSH_CHANNEL_PREFIX=f"trygg-push-test-{os.getpid()}-{uuid.uuid4().hex[:8]}",
                      CACHE_KEY_PREFIX=f"trygg-push-test-{uuid.uuid4().hex[:8]}",
                      PUSH_STREAM_SECONDS=str(STREAM_SECONDS), PUSH_MAX_STREAMS=str(MAX_STREAMS))
    event, point = map(int, server.python(SETUP).split())
    server.start(workers=1)  # one process: the stream cap is per process
    try:
        yield Live(server, event, point)
    finally:
        server.stop()


def test_a_report_stored_through_the_api_reaches_a_stream_of_that_event(live):
    stream = SseClient(live.server.port, f"/ops/events/{live.event}/stream/", live.cookie("krokom"))
    try:
        assert stream.status == 200
        assert stream.response.getheader("Content-Type", "").startswith("text/event-stream")
        assert stream.response.getheader("X-Accel-Buffering") == "no"
        hello = stream.until("hello")
        assert stream.retry is not None and int(stream.retry) > 0
        entry = live.report(12)
        pushed = stream.until("entry")  # bounded: the socket times out after 15 s, the stream after 4 s
    finally:
        stream.close()
    # Only what changed: the page re-fetches the rest through the views that check permissions.
    assert json.loads(pushed["data"]) == {"event": live.event, "point": live.point, "entry": entry}
    assert int(pushed["id"]) > int(hello["id"])


def test_a_stream_ends_by_itself_and_a_reconnect_learns_what_it_missed(live):
    cookie = live.cookie("krokom")
    first = SseClient(live.server.port, f"/ops/events/{live.event}/stream/", cookie)
    hello = first.until("hello")
    started = time.monotonic()
    while first.next_event() is not None:  # nothing stored: only heartbeats until the bound
        pass
    assert time.monotonic() - started < STREAM_SECONDS + 5
    first.close()

    live.report(13)  # stored while no stream was open
    again = SseClient(live.server.port, f"/ops/events/{live.event}/stream/", cookie, last_event_id=hello["id"])
    told = again.until("hello")
    again.close()
    assert json.loads(told["data"])["missed"] is True
    assert int(told["id"]) > int(hello["id"])

    current = SseClient(live.server.port, f"/ops/events/{live.event}/stream/", cookie, last_event_id=told["id"])
    assert json.loads(current.until("hello")["data"])["missed"] is False
    current.close()


def test_a_user_of_another_municipality_gets_404_and_no_event(live):
    stream = SseClient(live.server.port, f"/ops/events/{live.event}/stream/", live.cookie("are"))
    body = stream.response.read().decode()
    stream.close()
    assert stream.status == 404
    assert "event:" not in body and "data:" not in body
    anonymous = SseClient(live.server.port, f"/ops/events/{live.event}/stream/")
    anonymous.close()
    assert anonymous.status == 302  # to the login page: EventSource gives up, the page polls
    guest = SseClient(live.server.port, "/screen/g/not-a-token/stream/")
    guest.close()
    assert guest.status == 404


def _wait_until_streams_are_free(live: Live, cookie: str) -> int:
    """A stream the client left holds its slot until the server's next write fails or its bound ends."""
    deadline = time.monotonic() + STREAM_SECONDS + 10
    while True:
        probe = SseClient(live.server.port, f"/ops/events/{live.event}/stream/", cookie)
        probe.close()
        if probe.status == 200 or time.monotonic() > deadline:
            return probe.status
        time.sleep(0.5)


def test_the_county_page_is_told_of_a_report_in_its_county_and_of_nothing_else(live):
    assert _wait_until_streams_are_free(live, live.cookie("krokom")) == 200  # the earlier tests' streams
    time.sleep(STREAM_SECONDS + 1)
    stream = SseClient(live.server.port, "/county/stream/", live.cookie("lan"))
    try:
        assert stream.status == 200
        hello = stream.until("hello")
        live.report(14)
        pushed = stream.until("entry")
    finally:
        stream.close()
    assert json.loads(pushed["data"]) == {}  # the page re-fetches itself: no ids to a reader of the county
    assert int(pushed["id"]) > int(hello["id"])
    for username, path in (("krokom", "/county/stream/"), ("krokom", "/county/23/stream/"),
                           ("lan", "/county/01/stream/")):  # a coordinator; another county
        refused = SseClient(live.server.port, path, live.cookie(username))
        body = refused.response.read().decode()
        refused.close()
        assert refused.status == 404, (username, path)
        assert "data:" not in body


def test_streams_beyond_the_cap_get_503_and_normal_requests_still_answer(live):
    cookie = live.cookie("krokom")
    assert _wait_until_streams_are_free(live, cookie) == 200
    time.sleep(STREAM_SECONDS + 1)  # and the probe's own stream has ended
    held = [SseClient(live.server.port, f"/ops/events/{live.event}/stream/", cookie) for _ in range(MAX_STREAMS)]
    try:
        for stream in held:
            assert stream.status == 200
            stream.until("hello")
        refused = SseClient(live.server.port, f"/ops/events/{live.event}/stream/", cookie)
        refused.response.read()
        refused.close()
        assert refused.status == 503
        assert refused.response.getheader("Retry-After")
        status = Browser().open(f"{live.server.url}/api/ops/events/{live.event}/status/",
                                headers={"Authorization": AUTH, "Accept": "application/json"})
        assert status.status == 200  # the streams took their own threads, not the requests'
    finally:
        for stream in held:
            stream.close()
    # The slots come back when the streams end (at the latest after PUSH_STREAM_SECONDS).
    assert _wait_until_streams_are_free(live, cookie) == 200


# --- in-process: the answers that make the page poll ---------------------------------------------------

@override_settings(REDIS_URL="")
def test_without_redis_the_stream_answers_204_so_the_page_polls(activated, krokom, are, county):
    assert krokom.get(f"/ops/events/{activated.pk}/stream/").status_code == 204
    assert are.get(f"/ops/events/{activated.pk}/stream/").status_code == 404
    page = krokom.get(f"/ops/events/{activated.pk}/").content.decode()
    assert "trygg/live.js" in page and f"/ops/events/{activated.pk}/stream/" in page
    assert krokom.get(f"/ops/events/{activated.pk}/status.json").status_code == 200
    assert county.get("/county/stream/").status_code == 204
    assert "trygg/county.js" in county.get("/county/").content.decode()


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there: Redis is down
def test_with_redis_down_the_stream_answers_503_and_reports_are_still_stored(
        activated, krokom, krokom_user, krokom_org, django_capture_on_commit_callbacks, caplog):
    assert krokom.get(f"/ops/events/{activated.pk}/stream/").status_code == 503
    assert push.SLOTS.open == 0  # the refused stream gave its slot back
    point = PointStatus.objects.filter(event=activated).first().point
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entry, created = log.append(log.NewEntry(
            event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind=EntryKind.STATUS,
            occurred_at=timezone.now(), point=point, data={"people_present": 3}, source="phone"))
    assert created and callbacks
    assert "push channel unreachable" in caplog.text  # the publication ran after commit and failed quietly
    assert PointStatus.objects.get(event=activated, point=point).people_present == 3


@override_settings(REDIS_URL="")
def test_a_guest_link_has_its_own_stream_until_it_is_revoked(activated, krokom):
    from tests.operations.test_screen import _guest_url

    url = _guest_url(krokom, activated)
    guest = Client()
    assert f"{url}stream/" in guest.get(url).content.decode()
    assert guest.get(f"{url}stream/").status_code == 204  # no Redis here: the guest screen polls
    link = GuestLink.objects.get(event=activated)
    assert krokom.post(f"/screen/events/{activated.pk}/links/{link.pk}/revoke/").status_code == 302
    assert guest.get(f"{url}stream/").status_code == 404
