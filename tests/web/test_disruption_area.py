"""A disruption's affected area (R4, issue 12 item 5): points and residents inside, and who can still serve."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from django.contrib.auth import get_user_model

from trygg.analysis.coverage import Sites
from trygg.analysis.demand import Demand
from trygg.analysis.disruption import disruption_impact
from trygg.formats.area import AreaError, read_area
from trygg.operations.models import Event, LogEntry
from trygg.population.disruption import bundled_localities
from trygg.registry.models import Point

SQUARE = {"type": "Polygon", "coordinates": [[[14.0, 63.0], [14.2, 63.0], [14.2, 63.1], [14.0, 63.1], [14.0, 63.0]]]}


def test_points_inside_without_backup_power_cannot_serve_and_residents_go_to_the_nearest_that_can():
    # Residents at the square's middle and far outside it; a dark point inside, a powered point inside, one outside.
    demand = Demand.from_lonlat(["in", "out"], [14.1, 16.0], [63.05, 63.05], [100.0, 50.0])
    sites = Sites(["dark", "powered", "outside"], ["Mörk", "Med reservkraft", "Utanför"],
                  np.array([14.1, 14.19, 14.5]), np.array([63.051, 63.09, 63.05]))
    impact = disruption_impact(shapely.geometry.shape(SQUARE), demand, sites, [False, True, False], detour=1.3)
    assert impact.point_inside.tolist() == [True, True, False]
    assert impact.point_serves.tolist() == [False, True, True]
    assert impact.residents_inside == 100.0 and impact.resident_points_inside == 1
    assert impact.nearest_index.tolist() == [1]  # not the dark point right next door
    # Straight line from (14.1, 63.05) to (14.19, 63.09) is about 6.2 km; × 1.3.
    assert impact.nearest_km[0] == pytest.approx(6.2 * 1.3, rel=0.05)
    assert impact.residents_within(5) == 0 and impact.residents_within(10) == 100.0


def test_with_every_point_dark_the_residents_inside_have_no_point_at_all():
    demand = Demand.from_lonlat(["in"], [14.1], [63.05], [80.0])
    sites = Sites(["dark"], ["Mörk"], np.array([14.1]), np.array([63.06]))
    impact = disruption_impact(shapely.geometry.shape(SQUARE), demand, sites, [False], detour=1.3)
    assert impact.residents_without_service() == 80.0 and impact.residents_within(100) == 0


def test_an_area_file_may_be_a_geometry_a_feature_or_a_collection_of_polygons():
    assert read_area(json.dumps(SQUARE))["type"] == "Polygon"
    feature = {"type": "Feature", "properties": {}, "geometry": SQUARE}
    collection = {"type": "FeatureCollection", "features": [feature, feature,
                                                            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [14, 63]}}]}
    assert read_area(json.dumps(collection)) == {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]] * 2}


@pytest.mark.parametrize(("text", "says"), [
    ("[" * 50_000 + "]" * 50_000, "nested deeper than 20"),
    ('{"type": "Point", "coordinates": [14, 63]}', "No polygon found"),
    ("{nope", "not valid JSON"),
    ('{"type": "Polygon", "coordinates": [[[14, 63], [14.1, 63], [14, 63.1], [14, 63]]], "x": "\x00"}', "NUL"),
])
def test_a_bad_area_gets_one_clear_message(text, says):
    with pytest.raises(AreaError, match=says):
        read_area(text)


def post_area(client, url, **data):
    return client.post(url, data)


def test_a_whole_municipality_holds_all_its_points_and_residents(db, are):
    response = post_area(are, "/m/2321/disruption/", municipalities=["2321"], analyse="1")
    html = response.content.decode()
    assert response.status_code == 200, html
    are_points = Point.objects.filter(municipality__scb_code="2321", state__in=("planned", "decided", "ready"))
    table = html[html.index('id="inside-points"'):]
    for p in are_points:
        if p.main_site() and p.main_site().has_position:
            assert p.name in table, p.name
    assert "Modellerad" in html or "SCB" in html  # the page names its population source


def test_a_tatort_area_holds_about_its_scb_population(db, county):
    ostersund = next(loc for loc in bundled_localities() if loc.name == "Östersund")
    response = post_area(county, "/county/disruption/", localities=[ostersund.code], analyse="1")
    assert response.status_code == 200
    figure = response.context["impact"].residents_inside
    assert ostersund.population * 0.95 <= figure <= ostersund.population * 1.25


def test_a_drawn_outline_that_does_not_close_is_refused_with_a_message(db, are):
    ring = [[13.0, 63.3], [13.2, 63.3], [13.2, 63.4]]
    response = post_area(are, "/m/2321/disruption/", geojson=json.dumps({"type": "Polygon", "coordinates": [ring]}))
    assert response.status_code == 400
    assert "does not close" in response.content.decode() or "sluts inte" in response.content.decode() \
        or response.context["form"].errors


def test_nothing_chosen_is_a_message_not_an_error(db, are):
    response = post_area(are, "/m/2321/disruption/", analyse="1")
    assert response.status_code == 400 and response.context["form"].non_field_errors()


def test_another_municipality_and_point_roles_cannot_open_it(db, krokom, valsjobyn_staff):
    assert krokom.get("/m/2321/disruption/").status_code == 404
    assert krokom.get("/county/disruption/").status_code == 403
    assert valsjobyn_staff.get("/m/2309/disruption/").status_code == 403


def test_the_area_is_saved_to_an_event_with_a_log_entry_by_its_author(db, are, krokom):
    user = get_user_model().objects.get(username="are")
    municipality = Point.objects.filter(municipality__scb_code="2321").first().municipality
    event = Event.objects.create(name="Storm i Åre", kind="storm", starts_at="2026-12-01T10:00:00+01:00",
                                 owner=municipality, created_by=user)
    event.municipalities.set([municipality])
    ring = [[13.0, 63.3], [13.4, 63.3], [13.4, 63.45], [13.0, 63.45], [13.0, 63.3]]
    area = json.dumps({"type": "Polygon", "coordinates": [ring]})
    assert post_area(krokom, "/m/2321/disruption/", geojson=area, event=event.pk, save_to_event="1").status_code == 404
    response = post_area(are, "/m/2321/disruption/", geojson=area, event=event.pk, save_to_event="1")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.area["type"] == "Polygon"
    entry = LogEntry.objects.filter(event=event).latest("recorded_at")
    assert entry.author_id == user.pk and entry.data == {"area_set": True}
    again = are.get(f"/m/2321/disruption/?event={event.pk}")
    assert again.status_code == 200 and again.context["impact"] is not None
