"""Every operations page and API call, for every role: who may read, who may write, who gets 404.

The whole matrix, every URL and method against docs/roles.md, is tests/test_roles_matrix.py;
here the operations rules are spelt out by hand, including what must not change.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trygg.operations.models import LogEntry, PointStatus
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
# role → the answer to a state change for Valsjöbyn: the volunteer reports but does not open or close (403)
STATE_CHANGE = {"krokom": 302, "lan": 404, "valsjobyn": 403, "are": 404, "kall": 404, "partner": 404}


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


def _valsjobyn_state(event):
    return PointStatus.objects.get(event=event, point__ref="SOT-VALSJOBYN").state


@pytest.mark.parametrize("username", list(ROLES))
def test_changing_valsjobyns_state_on_the_web(activated, username):
    c = client_for(username)
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    before = LogEntry.objects.count()
    response = c.post(reverse("ops_state", kwargs={"pk": activated.pk, "point_pk": p.pk}), {"state": "opening"})
    assert response.status_code == STATE_CHANGE[username], (username, response.status_code)
    changed = STATE_CHANGE[username] == 302
    assert _valsjobyn_state(activated) == ("opening" if changed else "standby")
    assert LogEntry.objects.count() == before + int(changed)


@pytest.mark.parametrize("username", list(ROLES))
def test_changing_valsjobyns_state_through_the_api(activated, username):
    c = client_for(username)
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    before = LogEntry.objects.count()
    response = c.post(reverse("api_ops_entries", kwargs={"pk": activated.pk}),
                      json.dumps({"kind": "state", "point": p.pk, "data": {"state": "opening"}}),
                      content_type="application/json")
    expected = {302: 201}.get(STATE_CHANGE[username], STATE_CHANGE[username])
    assert response.status_code == expected, (username, response.content)
    assert LogEntry.objects.count() == before + int(expected == 201)


def test_the_volunteer_is_not_offered_state_buttons_but_the_coordinator_is(activated):
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    url = reverse("ops_report", kwargs={"pk": activated.pk, "point_pk": p.pk})
    state_url = reverse("ops_state", kwargs={"pk": activated.pk, "point_pk": p.pk})
    assert state_url not in client_for("valsjobyn").get(url).content.decode()
    assert state_url in client_for("krokom").get(url).content.decode()


@pytest.mark.parametrize("username", list(ROLES))
def test_recording_a_decision_as_a_log_entry(activated, username):
    """The shared log's form offers the kind "decision": only the coordinator may use it."""
    may_read, _report, may_decide = ROLES[username]
    before = LogEntry.objects.count()
    response = client_for(username).post(reverse("ops_add_entry", kwargs={"pk": activated.pk}), {
        "entry-kind": "decision", "entry-text": "Vi öppnar", "entry-visibility": "event"})
    assert response.status_code == (302 if may_decide else (403 if may_read else 404)), username
    assert LogEntry.objects.count() == before + int(may_decide)


def test_a_volunteers_package_with_a_state_change_is_refused_whole(activated):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trygg.formats import fieldpack
    from trygg.operations import offline

    staff = get_user_model().objects.get(username="valsjobyn")
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    package = offline.export_package(activated, p, staff)
    fieldpack.add_entry(package, kind="note", text="Dörren är upplåst")
    fieldpack.add_entry(package, kind="state", data={"state": "opening"})
    before = LogEntry.objects.count()
    response = client_for("valsjobyn").post(reverse("ops_import", kwargs={"pk": activated.pk}), {
        "package": SimpleUploadedFile("p.json", json.dumps(package).encode(), content_type="application/json")},
        follow=True)
    shown = " | ".join(str(m) for m in response.context["messages"])
    assert "new_entries[2]" in shown, shown
    assert LogEntry.objects.count() == before and _valsjobyn_state(activated) == "standby"
    package["new_entries"].pop()
    response = client_for("valsjobyn").post(reverse("ops_import", kwargs={"pk": activated.pk}), {
        "package": SimpleUploadedFile("p.json", json.dumps(package).encode(), content_type="application/json")})
    assert LogEntry.objects.count() == before + 1


def test_a_partner_may_not_merge_packages(activated):
    response = client_for("partner").post(reverse("ops_import", kwargs={"pk": activated.pk}), {})
    assert response.status_code == 403
