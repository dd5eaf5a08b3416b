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


def _report(event, point, krokom, **data):  # type: ignore[no-untyped-def]
    user, org = krokom
    append(NewEntry(event=event, author_id=user.pk, author_org=org, kind="status", occurred_at=timezone.now(),
                    point=point, data=data))


def test_a_report_that_residents_cannot_see_keeps_the_public_pages_cached(krokom, point, client):
    """Every point of a county-wide event reports every few minutes: people present, fuel, water. None of
    that is on a public page, so none of it may empty the cache; opening or filling up does."""
    from trygg.public.cache import public_cache

    valsjobyn = point("SOT-VALSJOBYN")
    event = _open(valsjobyn, exercise=False, krokom=krokom)
    page = client.get("/feeds/2309/points.json")
    since = status.public_point(valsjobyn.pk).status_since
    assert public_cache._entries, "the feed is cached"

    _report(event, valsjobyn, krokom, people_present=12, fuel_l=300.0)
    assert public_cache._entries, "a report of people and fuel emptied the public cache"
    assert client.get("/feeds/2309/points.json")["ETag"] == page["ETag"]
    assert status.public_point(valsjobyn.pk).status_since == since, "the public 'since' moved with a report"

    user, org = krokom
    append(NewEntry(event=event, author_id=user.pk, author_org=org, kind="state", occurred_at=timezone.now(),
                    point=valsjobyn, data={"state": "full"}))
    assert not public_cache._entries
    assert b'"status":"full"' in client.get("/feeds/2309/points.json").content
    assert status.public_point(valsjobyn.pk).status_since > since


def test_nothing_in_an_exercise_empties_the_public_cache(krokom, point, client):
    from trygg.public.cache import public_cache

    valsjobyn = point("SOT-VALSJOBYN")
    event = _open(valsjobyn, exercise=True, krokom=krokom)
    client.get("/feeds/2309/points.json")
    assert public_cache._entries
    _report(event, valsjobyn, krokom, people_present=3)
    user, org = krokom
    append(NewEntry(event=event, author_id=user.pk, author_org=org, kind="state", occurred_at=timezone.now(),
                    point=valsjobyn, data={"state": "full"}))
    assert public_cache._entries
