"""The feeds are published in exactly the shape of docs/dataset.md: validated against the stored schemas.

Demo data, the county's feed and a municipality's, with points in every status; the schema files are
what the Python definition generates, and the DCAT-AP-SE description parses as RDF.
"""

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import osmium
import pytest
import rdflib
from jsonschema import Draft202012Validator

from trygg.formats import dataset
from trygg.formats.public_points import CSV_COLUMNS, point_properties
from trygg.public.status import LiveState
from trygg.rules.public_info import DailyHours, HelpCategory, PointStatus, PublicPoint

DOCS = Path(__file__).resolve().parents[2] / "docs" / "dataset.md"
LIVE: dict[int, LiveState] = {}
SINCE = datetime(2026, 1, 5, 14, 0, tzinfo=timezone(timedelta(hours=1)))


def live_states() -> dict[int, LiveState]:
    return LIVE


@pytest.fixture
def every_status(db, settings, point):  # type: ignore[no-untyped-def]
    """Kall open with a note, Valsjöbyn full, another closed: every status and optional field is emitted."""
    settings.PUBLIC_LIVE_STATE = "tests.public.test_dataset_schema.live_states"
    LIVE.clear()
    LIVE[point("SOT-KALL").pk] = LiveState(PointStatus.OPEN, since=SINCE, note="Ingång från parkeringen",
                                           opening_hours="08–20")
    LIVE[point("SOT-VALSJOBYN").pk] = LiveState(PointStatus.FULL, since=SINCE, note="Fullt: gå till Föllinge")
    yield LIVE
    LIVE.clear()


def _validator(name: str) -> Draft202012Validator:
    schema = dataset.load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, instance: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def _geojson(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return json.loads(response.content)


def _csv_rows(client, url):  # type: ignore[no-untyped-def]
    text = client.get(url).content.decode("utf-8-sig")
    header, _hxl, *rows = list(csv.reader(io.StringIO(text)))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def test_the_stored_schema_files_are_what_the_field_definitions_generate():
    for name, schema in dataset.generated_schemas().items():
        assert dataset.stored_schema(name).decode("utf-8") == dataset.schema_text(schema), (
            f"{name} is stale: run python -m trygg.formats.dataset")


@pytest.mark.parametrize("url", ["/feeds/points.geojson", "/feeds/2321/points.geojson", "/feeds/2309/points.geojson"])
def test_every_geojson_feed_validates_against_the_published_schema(client, every_status, url):
    data = _geojson(client, url)
    assert data["features"] and data["dataset"] == dataset.DATASET_VERSION
    assert _errors(_validator(dataset.COLLECTION_SCHEMA), data) == []
    properties = _validator(dataset.PROPERTIES_SCHEMA)
    for feature in data["features"]:
        assert _errors(properties, feature["properties"]) == []


def test_the_feed_uses_every_property_of_the_schema_and_no_other(client, every_status):
    emitted = set().union(*(f["properties"] for f in _geojson(client, "/feeds/points.geojson")["features"]))
    specified = {f.name for f in dataset.GEOJSON_PROPERTIES}
    assert emitted <= specified
    statuses = {f["properties"]["trygg:status"] for f in _geojson(client, "/feeds/points.geojson")["features"]}
    assert {"open", "full", "planned"} <= statuses
    # Properties the demo leaves empty: accepted by the schema, emitted when a point has them.
    assert specified - emitted <= {"trygg:location_approximate", "trygg:capacity_night", "wheelchair:description",
                                   "addr:postcode"}


def test_a_point_with_every_field_filled_emits_every_specified_property_and_validates():
    point = PublicPoint(
        id=7, name="Kall", kind="sot_punkt", municipality_code="2321", municipality_name="Åre kommun", level=3,
        status=PointStatus.OPEN, updated=SINCE, ref="SOT-KALL", lat=63.47, lon=13.25, site_name="Kalls skola",
        address="Byvägen 1", postal_code="830 05", locality="Kall", location_approximate=True,
        opening_hours="Dygnet runt", daily_hours=DailyHours(0, 24 * 60), help=(HelpCategory.WARMTH, HelpCategory.FUEL),
        accessible=False, accessibility_notes="Trappa", languages=("sv", "en"), capacity_day=40, capacity_night=20,
        note="Ingång från parkeringen", status_since=SINCE)
    properties = point_properties(point, "https://trygg.example.se/p/7/")
    assert list(properties) == [f.name for f in dataset.GEOJSON_PROPERTIES]
    assert _errors(_validator(dataset.PROPERTIES_SCHEMA), properties) == []


def test_a_property_outside_the_specification_or_a_wrong_code_fails_the_schema(client, every_status):
    data = _geojson(client, "/feeds/points.geojson")
    validator = _validator(dataset.COLLECTION_SCHEMA)
    data["features"][0]["properties"]["amenity"] = "shelter"
    assert any("amenity" in e for e in _errors(validator, data))
    del data["features"][0]["properties"]["amenity"]
    data["features"][1]["properties"]["trygg:level"] = 4
    data["features"][2]["properties"]["trygg:help"] = "warmth;spa"
    errors = _errors(validator, data)
    assert any("'features', 1, 'properties', 'trygg:level'" in e for e in errors)
    assert any("'features', 2, 'properties', 'trygg:help'" in e for e in errors)


@pytest.mark.parametrize("url", ["/feeds/points.csv", "/feeds/2321/points.csv"])
def test_every_csv_feed_validates_row_by_row_against_the_csv_schema(client, every_status, url):
    header, rows = _csv_rows(client, url)
    assert header == [f.name for f in dataset.CSV_FIELDS] == [name for name, _tag, _get in CSV_COLUMNS]
    validator = _validator(dataset.CSV_ROW_SCHEMA)
    assert rows
    for row in rows:
        assert _errors(validator, row) == [], row["name"]
    assert "open" in {row["status"] for row in rows}


def test_the_table_schema_names_the_csv_columns_and_their_hxl_hashtags(client, db):
    text = client.get("/feeds/points.csv").content.decode("utf-8-sig")
    header, hashtags = list(csv.reader(io.StringIO(text)))[:2]
    table = dataset.load_schema(dataset.CSV_TABLE_SCHEMA)
    assert [f["name"] for f in table["fields"]] == header
    assert [f["hxl"] for f in table["fields"]] == hashtags
    assert table["dialect"]["commentRows"] == [2]


def test_the_schemas_are_served_at_stable_addresses(client, db):
    for name in dataset.SCHEMA_FILES:
        response = client.get(f"/feeds/schema/{name}")
        assert response.status_code == 200 and response["Content-Type"] == "application/schema+json"
        assert response.content == dataset.stored_schema(name)
        assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/feeds/schema/../settings.py").status_code == 404
    assert client.get("/feeds/schema/nothing.json").status_code == 404


def test_docs_describe_every_field_and_code():
    text = DOCS.read_text(encoding="utf-8")
    assert dataset.field_table(dataset.GEOJSON_PROPERTIES) in text, "regenerate the table with dataset.field_table"
    assert dataset.field_table(dataset.CSV_FIELDS, with_hxl=True) in text
    for f in (*dataset.GEOJSON_PROPERTIES, *dataset.CSV_FIELDS):
        assert f"`{f.name}`" in text, f.name
    for code in (*dataset.KINDS, *dataset.STATUSES, *dataset.HELP_CATEGORIES, dataset.DATASET_VERSION):
        assert f"`{code}`" in text, code
    for name in dataset.SCHEMA_FILES:
        assert f"/feeds/schema/{name}" in text


DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")


def _dcat(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    graph = rdflib.Graph()
    graph.parse(data=response.content, format="json-ld")
    return graph


@pytest.mark.parametrize(("url", "publisher"), [("/feeds/dcat.jsonld", "Jämtlands län"),
                                                ("/feeds/2321/dcat.jsonld", "Åre kommun")])
def test_the_dcat_description_is_rdf_with_a_dataset_and_a_distribution_per_feed(client, db, url, publisher):
    graph = _dcat(client, url)
    (ds,) = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    assert (None, DCAT.dataset, ds) in graph
    titles = {t.language: str(t) for t in graph.objects(ds, DCT.title)}
    assert set(titles) == {"sv", "en"} and publisher in titles["sv"]
    assert {t.language for t in graph.objects(ds, DCT.description)} == {"sv", "en"}
    (agent,) = graph.objects(ds, DCT.publisher)
    assert str(graph.value(agent, FOAF.name)) == publisher
    assert str(graph.value(ds, DCT.license)) == "http://creativecommons.org/publicdomain/zero/1.0/"
    distributions = {str(graph.value(d, DCAT.downloadURL)).rsplit("/", 1)[1]: d
                     for d in graph.objects(ds, DCAT.distribution)}
    assert set(distributions) == {"points.geojson", "points.csv", "points.json", "atom.xml"}
    geojson = distributions["points.geojson"]
    assert str(graph.value(geojson, DCAT.mediaType)) == "http://www.iana.org/assignments/media-types/application/geo+json"
    schema = str(graph.value(geojson, DCT.conformsTo))
    assert schema.endswith("/feeds/schema/points.geojson.schema.json")
    assert client.get(urlsplit(schema).path).status_code == 200
    for d in distributions.values():
        assert client.get(urlsplit(str(graph.value(d, DCAT.downloadURL))).path).status_code == 200


def test_the_licence_is_what_the_instance_states(client, db, settings):
    settings.PUBLIC_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
    graph = _dcat(client, "/feeds/dcat.jsonld")
    (ds,) = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    assert str(graph.value(ds, DCT.license)) == "https://creativecommons.org/licenses/by/4.0/"


class _Tags(osmium.SimpleHandler):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[dict[str, str]] = []

    def node(self, n) -> None:  # type: ignore[no-untyped-def]
        self.nodes.append({t.k: t.v for t in n.tags})


def test_osmium_reads_the_feed_as_osm_tags_on_the_host_building_never_a_weather_shelter(client, db, tmp_path):
    """Each feature as an OSM node with its properties as tags: emergency:* on the host, no amenity/level."""
    features = [f for f in _geojson(client, "/feeds/points.geojson")["features"] if f["geometry"]]
    path = tmp_path / "points.osm"
    writer = osmium.SimpleWriter(str(path))
    for i, f in enumerate(features, start=1):
        lon, lat = f["geometry"]["coordinates"]
        tags = {k: str(v) for k, v in f["properties"].items()}
        writer.add_node(osmium.osm.mutable.Node(id=i, version=1, location=(lon, lat), tags=tags))
    writer.close()
    handler = _Tags()
    handler.apply_file(str(path))
    assert len(handler.nodes) == len(features) > 0
    for tags in handler.nodes:
        assert tags["emergency:amenity"] == "social_facility" and tags["emergency:social_facility"] == "shelter"
        assert "amenity" not in tags and "level" not in tags and "social_facility" not in tags
        assert "operator" not in tags and "capacity" not in tags  # the building's own; ours are emergency:*
        assert tags["emergency:operator"].endswith("kommun")


def test_the_static_export_carries_the_dcat_description_and_the_schemas(db, tmp_path):
    from click.testing import CliRunner

    from trygg.cli import main

    result = CliRunner().invoke(main, ["export", "site", str(tmp_path / "site"), "-m", "2321",
                                       "--base-url", "https://trygg.are.se"])
    assert result.exit_code == 0, result.output
    feeds = tmp_path / "site" / "feeds"
    for name in dataset.SCHEMA_FILES:
        assert (feeds / "schema" / name).read_bytes() == dataset.stored_schema(name)
    data = json.loads((feeds / "2321" / "points.geojson").read_text(encoding="utf-8"))
    assert _errors(_validator(dataset.COLLECTION_SCHEMA), data) == []
    graph = rdflib.Graph()
    graph.parse(data=(feeds / "2321" / "dcat.jsonld").read_bytes(), format="json-ld")
    (ds,) = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    downloads = {str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(ds, DCAT.distribution)}
    assert "https://trygg.are.se/feeds/2321/points.geojson" in downloads
