"""The GeoJSON feed is RFC 7946 with OpenStreetMap keys, parses with shapely and keeps lon/lat order."""

import json

from shapely.geometry import shape

from trygg.registry.models import Point


def test_the_feed_parses_with_shapely_and_keeps_longitude_first(client, db):
    data = json.loads(client.get("/feeds/points.geojson").content)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert data["features"]
    for feature in data["features"]:
        geometry = shape(feature["geometry"])
        assert 10 < geometry.x < 25 and 55 < geometry.y < 70  # Sweden: lon first, lat second
        site = Point.objects.get(pk=int(feature["id"])).main_site()
        assert (round(geometry.x, 5), round(geometry.y, 5)) == (round(site.lon, 5), round(site.lat, 5))
        for value in feature["geometry"]["coordinates"]:
            assert len(repr(value).split(".")[1]) <= 7


def test_only_published_decided_or_ready_points_are_in_it(client, db):
    data = json.loads(client.get("/feeds/points.geojson").content)
    ids = {int(f["id"]) for f in data["features"]}
    expected = set(Point.objects.filter(public=True, state__in=["decided", "ready"]).values_list("pk", flat=True))
    assert ids == expected
    assert not Point.objects.filter(pk__in=ids, public=False).exists()


def test_properties_use_openstreetmap_keys_and_never_its_floor_level_or_weather_shelter(client, db):
    data = json.loads(client.get("/feeds/points.geojson").content)
    properties = next(f["properties"] for f in data["features"] if f["properties"]["name"] == "SOT-punkt Kall")
    assert properties["emergency:amenity"] == "social_facility"
    assert properties["emergency:social_facility"] == "shelter"
    assert properties["emergency:operator"] == "Åre kommun" and properties["ref:se:scb:kommun"] == "2321"
    assert properties["trygg:status"] == "planned" and properties["trygg:level"] == 2
    assert "fuel" in properties["trygg:help"].split(";")
    assert properties["website"].endswith(f"/p/{Point.objects.get(ref='SOT-KALL').pk}/")
    assert "level" not in properties and properties.get("amenity") != "shelter"


def test_a_municipality_feed_holds_only_its_points_and_an_unknown_code_is_404(client, db):
    data = json.loads(client.get("/feeds/2309/points.geojson").content)
    assert {f["properties"]["ref:se:scb:kommun"] for f in data["features"]} == {"2309"}
    assert client.get("/feeds/9999/points.geojson").status_code == 404
    assert client.get("/feeds/points.kml").status_code == 404


def test_the_feed_may_be_read_from_other_sites(client, db):
    response = client.get("/feeds/points.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
