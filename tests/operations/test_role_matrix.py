"""Every operations page and API call, for every role: who may read, who may write, who gets 404."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trygg.registry.models import Point

# role → (may read the event, may report for Valsjöbyn, may decide)
ROLES = {
    "krokom": (True, True, True),       # Krokom's coordinator
    "lan": (True, False, False),        # the county's duty officer: follows, does not run the point
    "valsjobyn": (True, True, False),   # FRG volunteer at Valsjöbyn
    "are": (False, False, False),       # Åre's coordinator: another municipality
    "kall": (False, False, False),      # Kall's manager: another municipality's point
    "partner": (True, False, False),    # the grid company, with Valsjöbyn shared
}


def client_for(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


@pytest.mark.parametrize("username", list(ROLES))
def test_reading_the_event(activated, username):
    may_read, _report, _decide = ROLES[username]
    c = client_for(username)
    for name in ("ops_event", "ops_status", "ops_timeline", "ops_staffing", "api_ops_entries", "api_ops_status"):
        status = c.get(reverse(name, kwargs={"pk": activated.pk})).status_code
        assert status == (200 if may_read else 404), (username, name, status)


@pytest.mark.parametrize("username", list(ROLES))
def test_reporting_for_valsjobyn(activated, username):
    _read, may_report, _decide = ROLES[username]
    c = client_for(username)
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    kwargs = {"pk": activated.pk, "point_pk": p.pk}
    assert c.get(reverse("ops_report", kwargs=kwargs)).status_code == (200 if may_report else 404)
    response = c.post(reverse("api_ops_report", kwargs=kwargs), {"people_present": 4}, content_type="application/json")
    assert response.status_code == (201 if may_report else 404), (username, response.content)
    assert c.get(reverse("ops_package", kwargs=kwargs)).status_code == (200 if may_report else 404)


@pytest.mark.parametrize("username", list(ROLES))
def test_deciding(activated, username):
    may_read, _report, may_decide = ROLES[username]
    c = client_for(username)
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    response = c.post(reverse("ops_close", kwargs={"pk": activated.pk}), {
        "decision-points": [p.pk], "decision-decided_by": "X", "decision-mandate": "tib", "decision-reason": "Y"})
    expected = 302 if may_decide else (403 if may_read else 404)
    assert response.status_code == expected, (username, response.status_code)


@pytest.mark.parametrize("username", list(ROLES))
def test_anyone_in_the_event_may_write_to_the_shared_log(activated, username):
    may_read, _report, _decide = ROLES[username]
    c = client_for(username)
    response = c.post(reverse("ops_add_entry", kwargs={"pk": activated.pk}),
                      {"entry-kind": "note", "entry-text": "Hej", "entry-visibility": "event"})
    assert response.status_code == (302 if may_read else 404)
