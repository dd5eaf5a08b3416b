"""Nothing acknowledged is lost: many concurrent reporters over real HTTP, and a server
killed with SIGKILL in the middle of a burst. Runs against `trygg serve` on the suite's
database engine (PostgreSQL in CI)."""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.request
import uuid

import pytest

from tests import serverutil

pytestmark = pytest.mark.slow

SETUP = """
from django.contrib.auth import get_user_model
from trygg.operations import decisions
from trygg.registry.models import Organisation, Point
from django.utils import timezone
krokom = Organisation.objects.get(scb_code="2309")
user = get_user_model().objects.get(username="krokom")
event = decisions.create_event(name="Last", kind="power_outage", exercise=True, municipalities=[krokom],
                               owner=krokom, created_by_id=user.pk)
points = list(Point.objects.filter(municipality=krokom).exclude(sites=None))
decisions.activate(event, user.pk, krokom, points, decisions.Decision("Kommundirektören", "kommundirektor", "Test",
                   timezone.now()))
print(event.pk, *[p.pk for p in points])
"""

CHECK = """
import json
from trygg.operations.log import rebuild
from trygg.operations.models import Event, LogEntry, PointStatus
event = Event.objects.get(pk={event})
mismatch = []
for status in PointStatus.objects.filter(event=event).select_related("point"):
    rebuilt = rebuild(event, status.point).as_fields()
    if {{k: getattr(status, k) for k in rebuilt}} != rebuilt:
        mismatch.append(status.point_id)
ids = [str(i) for i in LogEntry.objects.filter(event=event, kind="status").values_list("id", flat=True)]
print(json.dumps({{"ids": ids, "mismatch": mismatch}}))
"""

AUTH = "Basic " + base64.b64encode(b"krokom:trygg-demo").decode()


def post_report(base: str, event: int, point: int, entry_id: str, people: int) -> int:
    body = json.dumps({"id": entry_id, "people_present": people, "power_source": "backup"}).encode()
    request = urllib.request.Request(f"{base}/api/ops/events/{event}/points/{point}/reports/", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": AUTH})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


@pytest.fixture
def server(tmp_path):
    s = serverutil.demo_server(tmp_path, "reliability")
    s.start(workers=2)
    yield s
    s.stop()


def burst(server, event: int, points: list[int], clients: int, per_client: int, acknowledged: list[str],
          stop: threading.Event | None = None) -> None:
    def client(n: int) -> None:
        for i in range(per_client):
            if stop and stop.is_set():
                return
            entry_id = str(uuid.uuid4())
            try:
                if post_report(server.url, event, points[(n + i) % len(points)], entry_id, i % 30) in (200, 201):
                    acknowledged.append(entry_id)
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                if stop is None:
                    raise
                return

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_concurrent_reports_from_many_clients_lose_nothing(server):
    event, *points = map(int, server.python(SETUP).split())
    acknowledged: list[str] = []
    burst(server, event, points[:1] * 3 + points, clients=8, per_client=15, acknowledged=acknowledged)
    assert len(acknowledged) == 8 * 15
    stored = json.loads(server.python(CHECK.format(event=event)))
    assert sorted(stored["ids"]) == sorted(acknowledged)
    assert stored["mismatch"] == []


def test_a_server_killed_mid_burst_keeps_every_acknowledged_entry_and_no_partial_one(server):
    event, *points = map(int, server.python(SETUP).split())
    acknowledged: list[str] = []
    stop = threading.Event()
    writer = threading.Thread(target=burst, args=(server, event, points, 6, 400, acknowledged, stop))
    writer.start()
    while len(acknowledged) < 40:
        writer.join(0.05)
    server.kill()
    stop.set()
    writer.join()
    stored = json.loads(server.python(CHECK.format(event=event)))
    assert set(acknowledged) <= set(stored["ids"]), "an acknowledged entry was lost"
    assert stored["mismatch"] == [], "a point's state disagrees with its log"
    server.start(workers=2)  # and it comes back to work
    assert post_report(server.url, event, points[0], str(uuid.uuid4()), 3) == 201
