"""Query-count baselines: a list page over 30 points issues as many queries as over the demo's few.

A page that loads a point's sites, plan, routines or status one point at a time grows
by a query (or several) per point and is slow for a real municipality; these tests
fail the moment a list page or an API list starts doing that. Each page is measured
twice on the same database: over the demo's points, then after each of Krokom's
points has been copied, with its sites, plan, functions, staffing, equipment,
routines and agreements, until the municipality holds 30 points.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trygg.registry.models import Point

KROKOM = "2309"
TARGET = 30

# (who looks, the page). Every page lists Krokom's points (or the county's, or all of them).
PAGES = [
    ("krokom", f"/m/{KROKOM}/"),
    ("krokom", f"/m/{KROKOM}/priority/"),
    ("krokom", f"/m/{KROKOM}/agreements/"),
    ("krokom", f"/m/{KROKOM}/exercises/"),
    ("krokom", f"/m/{KROKOM}/changes/"),
    ("krokom", "/follow-up/"),
    ("county", "/county/"),
    ("county", "/county/23/"),
    ("krokom", "/api/points/"),
    ("krokom", "/api/sites/"),
    ("county", "/api/readiness/"),
    (None, "/hitta/"),
    (None, f"/k/{KROKOM}/"),
    (None, "/feeds/points.geojson"),
    (None, "/feeds/points.csv"),
]


def _copy(instance, **changes):
    """A new row with ``instance``'s fields, ``changes`` applied."""
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    return instance


def _copy_point(original: Point, number: int) -> None:
    sites = {site.pk: _copy(site, name=f"{site.name} {number}") for site in original.sites.all()}
    plan = getattr(original, "plan", None)
    routines = list(original.routines.all())
    agreements = list(original.agreements.all())
    point = _copy(Point.objects.get(pk=original.pk), ref=f"{original.ref}-{number}", name=f"{original.name} {number}",
                  priority_rank=None)
    point.sites.set(sites.values())
    if original.sot_store_id in sites or original.sot_fuel_station_id in sites:
        point.sot_store = sites.get(original.sot_store_id)
        point.sot_fuel_station = sites.get(original.sot_fuel_station_id)
        point.save(update_fields=["sot_store", "sot_fuel_station"])
    if plan is not None:
        functions, staffing, equipment = list(plan.functions.all()), list(plan.staffing.all()), list(plan.equipment.all())
        new_plan = _copy(plan, point=point)
        for row in (*functions, *staffing, *equipment):
            _copy(row, plan=new_plan)
    for routine in routines:
        _copy(routine, point=point)
    for agreement in agreements:
        agreement.points.add(point)


def grow_krokom_to(target: int) -> int:
    originals = list(Point.objects.filter(municipality__scb_code=KROKOM).order_by("pk"))
    number = 0
    while Point.objects.filter(municipality__scb_code=KROKOM).count() < target:
        number += 1
        _copy_point(originals[number % len(originals)], number)
    return Point.objects.filter(municipality__scb_code=KROKOM).count()


def queries_for(client, url: str) -> int:
    cache.clear()  # the first render of a public page, not a cache hit
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


@pytest.fixture
def clients(krokom, county, client):
    return {"krokom": krokom, "county": county, None: client}


def test_list_pages_issue_the_same_number_of_queries_over_30_points_as_over_the_demos(clients):
    few = Point.objects.filter(municipality__scb_code=KROKOM).count()
    before = {url: queries_for(clients[who], url) for who, url in PAGES}

    assert grow_krokom_to(TARGET) == TARGET > few
    after = {url: queries_for(clients[who], url) for who, url in PAGES}

    grown = {url: (before[url], after[url]) for url in before if after[url] != before[url]}
    assert grown == {}, f"queries with {few} points → with {TARGET}: {grown}"


def test_the_copies_show_on_the_pages_so_the_count_is_over_real_rows(clients):
    grow_krokom_to(TARGET)
    page = clients["krokom"].get(f"/m/{KROKOM}/").content.decode()
    copies = Point.objects.filter(municipality__scb_code=KROKOM, ref__contains="-2")
    assert copies.exists() and all(p.name in page for p in copies)
    rows = clients["krokom"].get("/api/points/").json()
    assert sum(1 for row in rows if row["municipality"] == KROKOM) == TARGET


def _event_with_every_krokom_point_reporting():
    """An activated outage over all of Krokom's points, each with a status report and a note."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from trygg.operations import decisions, log
    from trygg.registry.models import Organisation

    user = get_user_model().objects.get(username="krokom")
    org = Organisation.objects.get(scb_code=KROKOM)
    event = decisions.create_event(name="Strömavbrott Krokom", kind="power_outage", exercise=False,
                                   municipalities=[org], owner=org, created_by_id=user.pk,
                                   starts_at=timezone.now() - dt.timedelta(hours=2))
    points = list(Point.objects.filter(municipality=org))
    decisions.activate(event, user.pk, org, points, decisions.Decision(
        decided_by="Kommundirektören", mandate="kommundirektor", reason="Strömavbrott i hela kommunen",
        decided_at=timezone.now() - dt.timedelta(hours=1), level=2))
    for point in points:
        at = timezone.now() - dt.timedelta(minutes=30)
        log.append(log.NewEntry(event=event, author_id=user.pk, author_org=org, kind="status", occurred_at=at,
                                point=point, data={"people_present": 7, "power_source": "backup", "fuel_l": 120}))
        log.append(log.NewEntry(event=event, author_id=user.pk, author_org=org, kind="note", occurred_at=at,
                                point=point, text=f"Allt lugnt vid {point.name}"))
    return event


def test_operations_pages_issue_the_same_number_of_queries_over_30_reporting_points(clients):
    def measure(event) -> dict[str, int]:
        urls = ["/ops/", f"/ops/events/{event.pk}/", f"/ops/events/{event.pk}/status.json",
                f"/ops/events/{event.pk}/timeline/", f"/ops/events/{event.pk}/staffing/"]
        return {url.replace(str(event.pk), "N"): queries_for(clients["krokom"], url) for url in urls}

    before = measure(_event_with_every_krokom_point_reporting())
    grow_krokom_to(TARGET)
    after = measure(_event_with_every_krokom_point_reporting())

    grown = {url: (before[url], after[url]) for url in before if after[url] != before[url]}
    assert grown == {}, f"queries with 5 reporting points → with {TARGET}: {grown}"
