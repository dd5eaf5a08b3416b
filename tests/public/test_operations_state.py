"""With operations plugged in, a point opened in a real event is open to residents; an exercise is not."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from trygg.operations import decisions
from trygg.operations.log import NewEntry, append
from trygg.public import status
from trygg.registry.models import Organisation
from trygg.rules.public_info import PointStatus


@pytest.fixture
def krokom(db, settings):  # type: ignore[no-untyped-def]
    settings.PUBLIC_LIVE_STATE = "trygg.public.operations_state.live_states"
    return get_user_model().objects.get(username="krokom"), Organisation.objects.get(scb_code="2309")


def _open(point, exercise: bool, krokom):  # type: ignore[no-untyped-def]
    user, org = krokom
    event = decisions.create_event(name="Strömavbrott Offerdal", kind="power_outage", exercise=exercise,
                                   municipalities=[org], owner=org, created_by_id=user.pk,
                                   starts_at=timezone.now() - timedelta(hours=1))
    decisions.activate(event, user.pk, org, [point], decisions.Decision(
        decided_by="Kommundirektören", mandate="kommundirektor", reason="Strömavbrott", decided_at=timezone.now(),
        level=2))
    for state in ("opening", "open"):
        append(NewEntry(event=event, author_id=user.pk, author_org=org, kind="state", occurred_at=timezone.now(),
                        point=point, data={"state": state}))
    return event


def test_a_point_opened_in_a_real_event_is_open_and_first(krokom, point):
    valsjobyn = point("SOT-VALSJOBYN")
    _open(valsjobyn, exercise=False, krokom=krokom)
    first = status.public_points("2309")[0]
    assert first.id == valsjobyn.pk and first.status is PointStatus.OPEN and first.status_since is not None


def test_a_point_opened_in_an_exercise_stays_planned_for_residents(krokom, point):
    valsjobyn = point("SOT-VALSJOBYN")
    _open(valsjobyn, exercise=True, krokom=krokom)
    assert status.public_point(valsjobyn.pk).status is PointStatus.PLANNED


def test_a_point_on_standby_is_still_planned(krokom, point):
    user, org = krokom
    valsjobyn = point("SOT-VALSJOBYN")
    event = decisions.create_event(name="Storm", kind="storm", exercise=False, municipalities=[org], owner=org,
                                   created_by_id=user.pk)
    decisions.activate(event, user.pk, org, [valsjobyn], decisions.Decision(
        decided_by="TiB", mandate="kommundirektor", reason="Storm", decided_at=timezone.now(), level=2))
    assert status.public_point(valsjobyn.pk).status is PointStatus.PLANNED


def test_opening_a_point_shows_on_the_cached_page_at_once(krokom, point, client):
    valsjobyn = point("SOT-VALSJOBYN")
    assert b'"status":"open"' not in client.get("/feeds/2309/points.json").content
    _open(valsjobyn, exercise=False, krokom=krokom)
    assert b'"status":"open"' in client.get("/feeds/2309/points.json").content
