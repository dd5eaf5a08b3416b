"""A real `trygg serve` for the API tests over HTTP: its own database (PostgreSQL when the suite runs on
PostgreSQL), the demo loaded, and an exercise event in Krokom with its points activated."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests import serverutil

PASSWORD = "trygg-demo"  # every demo account's password

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from trygg.operations import decisions
from trygg.registry.models import Organisation, Point
krokom = Organisation.objects.get(scb_code="2309")
user = get_user_model().objects.get(username="krokom")
event = decisions.create_event(name="Schemaprov", kind="power_outage", exercise=True, municipalities=[krokom],
                               owner=krokom, created_by_id=user.pk)
points = list(Point.objects.filter(municipality=krokom).exclude(sites=None).order_by("pk"))
decisions.activate(event, user.pk, krokom, points, decisions.Decision("Kommundirektören", "kommundirektor", "Prov",
                   timezone.now()))
valsjobyn = Point.objects.get(municipality=krokom, ref="SOT-VALSJOBYN")
spare = Point.objects.filter(municipality=krokom).exclude(pk__in=[p.pk for p in points]).order_by("pk").first()
print(json.dumps({"event": event.pk, "point": valsjobyn.pk, "site": valsjobyn.sites.order_by("pk").first().pk,
                  "other_point": points[-1].pk, "other_ref": points[-1].ref,
                  "spare_point": spare.pk if spare else None}))
"""


@dataclass
class Answer:
    status: int
    content_type: str
    body: Any  # parsed JSON, or the raw text when it is not JSON

    @property
    def error(self) -> dict[str, Any]:
        assert isinstance(self.body, dict) and "error" in self.body, self
        return self.body["error"]


@dataclass
class LiveAPI:
    server: serverutil.Server
    ids: dict[str, Any]

    @property
    def url(self) -> str:
        return self.server.url

    def call(self, method: str, path: str, body: bytes | str | None = None, user: str = "krokom",
             content_type: str = "application/json", accept: str = "application/json") -> Answer:
        data = body.encode() if isinstance(body, str) else body
        auth = base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()
        headers = {"Authorization": f"Basic {auth}", "Accept": accept}
        if data is not None:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return _answer(response.status, response.headers.get("Content-Type", ""), response.read())
        except urllib.error.HTTPError as failed:
            return _answer(failed.code, failed.headers.get("Content-Type", ""), failed.read())

    def json(self, method: str, path: str, payload: Any, user: str = "krokom") -> Answer:
        return self.call(method, path, json.dumps(payload), user=user)


def _answer(status: int, content_type: str, raw: bytes) -> Answer:
    text = raw.decode("utf-8", errors="replace")
    try:
        body: Any = json.loads(text) if text else None
    except ValueError:
        body = text
    return Answer(status, content_type, body)


def start(tmp: Path, name: str, workers: int = 2) -> LiveAPI:
    """Load the demo into a fresh database, create the event, and start the server."""
    server = serverutil.demo_server(tmp, name)
    ids = json.loads(server.python(SETUP).strip().splitlines()[-1])
    server.start(workers=workers)
    return LiveAPI(server=server, ids=ids)
