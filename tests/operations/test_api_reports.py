"""Status reports and log entries through the API."""

import json
import uuid

from django.contrib.auth import get_user_model
from django.test import Client

from trygg.operations.models import LogEntry, PointStatus
from trygg.registry.models import Point


def login(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def test_staff_report_through_the_api_and_a_retry_is_written_once(activated):
    staff = login("valsjobyn")
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    body = {"id": str(uuid.uuid4()), "people_present": 17, "power_source": "backup", "fuel_l": 220}
    url = f"/api/ops/events/{activated.pk}/points/{p.pk}/reports/"
    first = staff.post(url, json.dumps(body), content_type="application/json")
    retry = staff.post(url, json.dumps(body), content_type="application/json")
    assert (first.status_code, retry.status_code) == (201, 200)
    assert LogEntry.objects.filter(pk=body["id"]).count() == 1
    assert PointStatus.objects.get(event=activated, point=p).fuel_l == 220


def test_a_bad_report_gets_a_field_error_and_records_nothing(activated):
    staff = login("valsjobyn")
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    before = LogEntry.objects.count()
    r = staff.post(f"/api/ops/events/{activated.pk}/points/{p.pk}/reports/", json.dumps({"fuel_l": -10}),
                   content_type="application/json")
    assert r.status_code == 400 and "fuel_l" in r.json()["error"]["fields"]
    assert LogEntry.objects.count() == before


def test_another_municipality_cannot_post_to_or_read_the_event(activated):
    are = login("are")
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    assert are.post(f"/api/ops/events/{activated.pk}/points/{p.pk}/reports/", json.dumps({"people_present": 1}),
                    content_type="application/json").status_code == 404
    assert are.get(f"/api/ops/events/{activated.pk}/entries/").status_code == 404
    assert are.get(f"/api/ops/events/{activated.pk}/status/").status_code == 404


def test_the_situation_api_lists_the_activated_points(activated):
    data = login("lan").get(f"/api/ops/events/{activated.pk}/status/").json()
    assert {p["state"] for p in data["points"]} == {"standby"}
