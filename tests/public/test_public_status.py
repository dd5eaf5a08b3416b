"""One place decides what residents see: published points, their status, open ones first."""

from datetime import UTC, datetime

import pytest

from trygg.public import status
from trygg.public.status import LiveState
from trygg.registry.models import Point
from trygg.rules.public_info import HelpCategory, PointStatus

LIVE: dict[int, LiveState] = {}


def live_states() -> dict[int, LiveState]:
    return dict(LIVE)


@pytest.fixture
def live(db, settings):  # type: ignore[no-untyped-def]
    settings.PUBLIC_LIVE_STATE = "tests.public.test_public_status.live_states"
    yield LIVE
    LIVE.clear()


def test_with_no_event_every_published_decided_or_ready_point_is_planned(db):
    points = status.public_points()
    assert {p.status for p in points} == {PointStatus.PLANNED}
    refs = {Point.objects.get(pk=p.id).ref for p in points}
    assert "SOT-KALL" in refs and "OSD-PARK" not in refs  # Parkskolan is only planned
    assert "SOT-STORABLASJON" not in refs  # not published


def test_unpublishing_a_point_removes_it(point):
    kall = point("SOT-KALL")
    kall.public = False
    kall.save()
    assert kall.pk not in {p.id for p in status.public_points()}
    assert status.public_point(kall.pk) is None


def test_a_point_s_help_comes_from_its_plan(point):
    kall = status.public_point(point("SOT-KALL").pk)
    assert HelpCategory.FUEL in kall.help and HelpCategory.WARMTH in kall.help
    lillhardal = status.public_point(point("SOT-LILLHARDAL").pk)
    assert HelpCategory.CHARGING not in lillhardal.help  # its plan lacks the charging station


def test_operations_live_state_opens_points_and_puts_them_first(live, point):
    kall = point("SOT-KALL")
    since = datetime(2026, 1, 5, 13, tzinfo=UTC)
    live[kall.pk] = LiveState(PointStatus.OPEN, since=since, note="Ingång från parkeringen", opening_hours="08–20")
    points = status.public_points()
    assert points[0].id == kall.pk and points[0].status is PointStatus.OPEN
    assert points[0].note == "Ingång från parkeringen" and points[0].daily_hours.open_min == 8 * 60
    assert points[0].status_since == since


def test_a_closed_point_comes_last(live, point):
    kall = point("SOT-KALL")
    live[kall.pk] = LiveState(PointStatus.CLOSED)
    assert status.public_points()[-1].id == kall.pk


def test_points_without_a_position_sort_last_by_distance(point, db):
    points = status.public_points()
    krokom = status.locality("2309TC107")
    ordered = status.nearest_first(points, krokom.lon, krokom.lat)
    distances = [d for _p, d in ordered]
    assert distances == sorted(distances, key=lambda d: (d is None, d or 0))
    assert ordered[0][0].municipality_code == "2309" and ordered[0][1] < 2000


def test_building_the_points_takes_a_handful_of_queries_whatever_their_number(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # points, sites, functions, equipment, live state
        assert len(status.public_points()) > 10
