"""The published-points dataset, ``trygg-points/1.0``: one definition of every field, and its schemas.

The field lists below are the single source of the dataset specification
(docs/dataset.md): the JSON Schemas in ``formats/schemas/`` are generated
from them (``python -m trygg.formats.dataset`` rewrites the files, and a test
fails when a stored file differs), and the tests check that the feeds built
by :mod:`trygg.formats.public_points` emit exactly these fields.

The DCAT-AP-SE description of the dataset (:func:`dcat_catalogue`) is built
here too, as JSON-LD.

Pure layer: no Django.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from trygg.rules.catalogue import POINT_KINDS
from trygg.rules.levels import Level
from trygg.rules.public_info import HelpCategory, PointStatus

DATASET_VERSION = "trygg-points/1.0"
VERSION_PATTERN = r"^trygg-points/1\.\d+$"  # a consumer of 1.0 reads every 1.x: minor versions only add fields
SCHEMA_DIR = Path(__file__).with_name("schemas")

KINDS = tuple(POINT_KINDS)
LEVELS = tuple(int(level) for level in Level)
STATUSES = tuple(s.value for s in PointStatus)
HELP_CATEGORIES = tuple(c.value for c in HelpCategory)

DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
LANGUAGES_PATTERN = r"^[a-z]{2}(;[a-z]{2})*$"
OSM_HOURS_PATTERN = r"^(24/7|([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d)$"


def _list_pattern(codes: tuple[str, ...]) -> str:
    one = "|".join(re.escape(code) for code in codes)
    return f"^({one})(;({one}))*$"


HELP_PATTERN = _list_pattern(HELP_CATEGORIES)


@dataclass(frozen=True)
class Field:
    """One field of the dataset: its JSON Schema, what it means and what a consumer does with it."""

    name: str
    schema: dict[str, Any]
    meaning: str
    consumer: str
    required: bool = False
    unit: str = ""
    codes: tuple[Any, ...] = field(default=())

    def json_schema(self) -> dict[str, Any]:
        schema = {"description": self.meaning, **self.schema}
        if self.codes:
            schema["enum"] = list(self.codes)
        return schema


def _text(**extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, **extra}


def _date_time() -> dict[str, Any]:
    return {"type": "string", "format": "date-time", "pattern": DATE_TIME_PATTERN}


# The properties of one GeoJSON feature, in the order the feed writes them. A property that has
# no value for a point is left out (never null); only the required ones are always there.
GEOJSON_PROPERTIES: tuple[Field, ...] = (
    Field("name", _text(), "The point's name as residents see it on signs and pages.",
          "Show it as the point's title.", required=True),
    Field("emergency:amenity", {"type": "string"}, "OpenStreetMap: the host building's alternative function "
          "in an emergency.", "Always social_facility; use it to tell these points from the building's "
          "everyday use.", required=True, codes=("social_facility",)),
    Field("emergency:social_facility", {"type": "string"}, "OpenStreetMap: the kind of emergency social "
          "facility (never amenity=shelter, which is a weather shelter).", "Always shelter.",
          required=True, codes=("shelter",)),
    Field("emergency:operator", _text(), "Who runs the point in an emergency: the municipality "
          "(the host building may have another operator).", "Show as the responsible body.", required=True),
    Field("ref:se:scb:kommun", {"type": "string", "pattern": r"^\d{4}$"},
          "The municipality's four-digit SCB code (kommunkod).",
          "Group or filter by municipality; the first two digits are the county (länskod).", required=True),
    Field("addr:full", _text(), "The street address.", "Show it; geocode it only if the geometry is null."),
    Field("addr:postcode", _text(), "The postal code.", "Show with the address."),
    Field("addr:city", _text(), "The locality (tätort or village) the point serves.", "Show with the address."),
    Field("wheelchair", {"type": "string"}, "Whether a wheelchair user can get in (OpenStreetMap values).",
          "Left out means unknown.", codes=("yes", "no")),
    Field("wheelchair:description", _text(), "Accessibility notes in Swedish.", "Show next to the wheelchair value."),
    Field("emergency:capacity", {"type": "integer", "minimum": 1}, "How many people the point can take "
          "in daytime.", "Compare with the number of people sent there.", unit="persons"),
    Field("website", {"type": "string", "format": "uri", "pattern": r"^https?://"},
          "The point's public page on the publishing instance.", "Link to it for current details."),
    Field("trygg:id", {"type": "integer", "minimum": 1}, "The point's number on the publishing instance; "
          "equal to the feature id.", "Together with the feed's address it identifies the point.",
          required=True),
    Field("trygg:ref", _text(), "The municipality's own short reference (e.g. SOT-KALL).", "Show to staff; "
          "stable across feeds."),
    Field("trygg:kind", {"type": "string"}, "The kind of point.", "Choose a symbol by kind.",
          required=True, codes=KINDS),
    Field("trygg:level", {"type": "integer"}, "MSB's level: 1 a few hours in daytime, 2 most of the day, "
          "3 around the clock with overnight stay.", "Show it; only level 3 takes people overnight.",
          required=True, codes=LEVELS),
    Field("trygg:status", {"type": "string"}, "The point's state now: planned (not opened: no event), open, "
          "full (open, takes no more people) or closed (was open in this event, has closed).",
          "Direct people only to open points; full means go elsewhere; planned means not open now.",
          required=True, codes=STATUSES),
    Field("trygg:status_since", _date_time(), "When the current status began (ISO 8601 with offset).",
          "Show as 'open since'."),
    Field("trygg:note", _text(), "A public note on the current status, in Swedish (e.g. 'Full: go to Föllinge').",
          "Show next to the status."),
    Field("trygg:help", {"type": "string", "pattern": HELP_PATTERN}, "What help the point offers, "
          "semicolon-separated codes.", "Split on ';' and show each with its own label; unknown codes "
          "may be ignored.", codes=()),
    Field("trygg:opening_hours", _text(), "The opening hours in Swedish, as written by the municipality.",
          "Show as text."),
    Field("trygg:opening_hours:osm", {"type": "string", "pattern": OSM_HOURS_PATTERN},
          "The daily opening hours in OpenStreetMap opening_hours syntax while the point is open.",
          "Parse for 'open now'; the prefix keeps it from being read as the building's everyday hours."),
    Field("trygg:languages", {"type": "string", "pattern": LANGUAGES_PATTERN},
          "Languages the staff speak, ISO 639-1 codes, semicolon-separated.", "Show as language names."),
    Field("trygg:capacity_night", {"type": "integer", "minimum": 1}, "How many people can sleep there "
          "(level 3 only).", "Use for overnight stays.", unit="persons"),
    Field("trygg:site", _text(), "The host building's name.", "Show with the address."),
    Field("trygg:location_approximate", {"type": "string"}, "The position is approximate (e.g. the locality's "
          "centre): present only when yes.", "Do not route to the exact position; show the address.",
          codes=("yes",)),
    Field("trygg:updated", _date_time(), "When the point's record last changed (ISO 8601 with offset).",
          "Use for 'last changed' and to skip unchanged records.", required=True),
)

# The CSV columns, in file order (trygg.formats.public_points.CSV_COLUMNS writes them): every value is text;
# an empty cell means no value. The second row of the file holds the HXL hashtags.
CSV_FIELDS: tuple[Field, ...] = (
    Field("id", {"type": "integer", "pattern": r"^[1-9]\d*$"}, "The point's number on the publishing instance.",
          "Together with the feed's address it identifies the point.", required=True),
    Field("name", {"type": "string", "minLength": 1}, "The point's name.", "Show it.", required=True),
    Field("kind", {"type": "string"}, "The kind of point.", "Choose a symbol by kind.", required=True,
          codes=KINDS),
    Field("status", {"type": "string"}, "planned, open, full or closed (as trygg:status).",
          "Direct people only to open points.", required=True, codes=STATUSES),
    Field("status_since", {"type": "datetime", "pattern": DATE_TIME_PATTERN}, "When the status began.",
          "Show as 'open since'."),
    Field("note", {"type": "string"}, "A public note on the status, in Swedish.", "Show next to the status."),
    Field("level", {"type": "integer"}, "MSB's level 1, 2 or 3.", "Only level 3 takes people overnight.",
          required=True, codes=tuple(str(level) for level in LEVELS)),
    Field("municipality_code", {"type": "string", "pattern": r"^\d{4}$"}, "The municipality's SCB code.",
          "Group or filter by municipality.", required=True),
    Field("municipality", {"type": "string", "minLength": 1}, "The municipality's name.", "Show it.",
          required=True),
    Field("locality", {"type": "string"}, "The locality the point serves.", "Show with the address."),
    Field("address", {"type": "string"}, "The street address.", "Show it."),
    Field("postal_code", {"type": "string"}, "The postal code.", "Show with the address."),
    Field("lat", {"type": "number", "pattern": r"^-?\d{1,2}(\.\d{1,7})?$"}, "Latitude, WGS 84.",
          "Empty when the point has no position.", unit="degrees"),
    Field("lon", {"type": "number", "pattern": r"^-?\d{1,3}(\.\d{1,7})?$"}, "Longitude, WGS 84.",
          "Empty when the point has no position.", unit="degrees"),
    Field("location_approximate", {"type": "boolean"}, "yes when the position is approximate.",
          "Do not route to an approximate position.", required=True, codes=("yes", "no")),
    Field("opening_hours", {"type": "string"}, "The opening hours in Swedish.", "Show as text."),
    Field("help", {"type": "string", "pattern": HELP_PATTERN}, "What help the point offers, "
          "semicolon-separated codes.", "Split on ';'."),
    Field("wheelchair", {"type": "string"}, "yes, no or empty (unknown).", "Show it.", codes=("yes", "no", "")),
    Field("accessibility_notes", {"type": "string"}, "Accessibility notes in Swedish.", "Show it."),
    Field("languages", {"type": "string", "pattern": LANGUAGES_PATTERN}, "Languages the staff speak, "
          "ISO 639-1 codes, semicolon-separated.", "Show as language names."),
    Field("capacity_day", {"type": "integer", "pattern": r"^\d+$"}, "Daytime capacity (0: not given).",
          "Compare with people sent there.", required=True, unit="persons"),
    Field("capacity_night", {"type": "integer", "pattern": r"^\d+$"}, "Overnight capacity (0: none).",
          "Use for overnight stays.", required=True, unit="persons"),
    Field("updated", {"type": "datetime", "pattern": DATE_TIME_PATTERN}, "When the record last changed.",
          "Skip unchanged records.", required=True),
    Field("url", {"type": "string", "pattern": r"^(https?://.*)?$"}, "The point's public page.", "Link to it."),
)

CSV_HXL = {
    "id": "#loc+id", "name": "#loc+name", "kind": "#loc+type", "status": "#status", "status_since": "#date+status",
    "note": "#description+note", "level": "#indicator+level", "municipality_code": "#adm2+code",
    "municipality": "#adm2+name", "locality": "#loc+locality", "address": "#loc+address",
    "postal_code": "#loc+postcode", "lat": "#geo+lat", "lon": "#geo+lon", "location_approximate": "#geo+approximate",
    "opening_hours": "#meta+opening_hours", "help": "#service+list", "wheelchair": "#access+wheelchair",
    "accessibility_notes": "#access+description", "languages": "#meta+languages", "capacity_day": "#capacity+day",
    "capacity_night": "#capacity+night", "updated": "#date+updated", "url": "#meta+url",
}

# --- JSON Schemas ------------------------------------------------------------------

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PROPERTIES_SCHEMA = "point.properties.schema.json"
COLLECTION_SCHEMA = "points.geojson.schema.json"
CSV_ROW_SCHEMA = "points.csv.schema.json"
CSV_TABLE_SCHEMA = "points.csv.tableschema.json"
SCHEMA_FILES = (PROPERTIES_SCHEMA, COLLECTION_SCHEMA, CSV_ROW_SCHEMA, CSV_TABLE_SCHEMA)


def _schema_id(name: str) -> str:
    return f"urn:trygg:schema:{DATASET_VERSION}:{name}"


def properties_schema() -> dict[str, Any]:
    """JSON Schema of one feature's ``properties``: nothing outside the specification, every required field."""
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": _schema_id(PROPERTIES_SCHEMA),
        "title": f"Properties of one published trygghetspunkt ({DATASET_VERSION})",
        "type": "object",
        "properties": {f.name: f.json_schema() for f in GEOJSON_PROPERTIES},
        "required": [f.name for f in GEOJSON_PROPERTIES if f.required],
        "additionalProperties": False,
    }


def _position() -> dict[str, Any]:
    return {"type": "array", "minItems": 2, "maxItems": 2, "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180, "description": "longitude, WGS 84"},
        {"type": "number", "minimum": -90, "maximum": 90, "description": "latitude, WGS 84"}]}


def collection_schema() -> dict[str, Any]:
    """JSON Schema of the whole feed: an RFC 7946 FeatureCollection of points with the properties above."""
    properties = {k: v for k, v in properties_schema().items() if k not in ("$schema", "$id")}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": _schema_id(COLLECTION_SCHEMA),
        "title": f"Published trygghetspunkter as GeoJSON ({DATASET_VERSION})",
        "type": "object",
        "required": ["type", "features", "dataset"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "dataset": {"type": "string", "pattern": VERSION_PATTERN,
                        "description": "The specification the feed follows, e.g. trygg-points/1.0."},
            "generated": {**_date_time(), "description": "The newest change among the points."},
            "features": {"type": "array", "items": {"$ref": "#/$defs/feature"}},
        },
        "$defs": {
            "feature": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": "string", "pattern": r"^[1-9]\d{0,17}$"},
                    "geometry": {"oneOf": [{"type": "null"}, {
                        "type": "object", "required": ["type", "coordinates"],
                        "properties": {"type": {"const": "Point"}, "coordinates": _position()}}]},
                    "properties": {"$ref": "#/$defs/properties"},
                },
            },
            "properties": properties,
        },
    }


def csv_row_schema() -> dict[str, Any]:
    """JSON Schema of one CSV data row read as ``{column: text}`` (the HXL row is not a data row)."""
    columns: dict[str, Any] = {}
    for f in CSV_FIELDS:
        column: dict[str, Any] = {"type": "string", "description": f.meaning}
        if "pattern" in f.schema:  # an optional column may be empty
            column["pattern"] = f.schema["pattern"] if f.required else "^$|" + f.schema["pattern"]
        if f.codes:
            column["enum"] = list(f.codes)
        if f.required and "pattern" not in f.schema and not f.codes:
            column["minLength"] = 1
        columns[f.name] = column
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": _schema_id(CSV_ROW_SCHEMA),
        "title": f"One row of the published trygghetspunkter CSV ({DATASET_VERSION})",
        "type": "object",
        "properties": columns,
        "required": [f.name for f in CSV_FIELDS],
        "additionalProperties": False,
    }


def csv_table_schema() -> dict[str, Any]:
    """The same columns as a Frictionless Table Schema, with the HXL hashtag row declared as a comment row."""
    fields = []
    for f in CSV_FIELDS:
        entry: dict[str, Any] = {"name": f.name, "type": f.schema["type"], "description": f.meaning,
                                 "hxl": CSV_HXL[f.name]}
        constraints: dict[str, Any] = {"required": True} if f.required else {}
        if f.schema["type"] == "boolean":
            entry.update(trueValues=["yes"], falseValues=["no"])
        elif f.codes:
            constraints["enum"] = [c for c in f.codes if c != ""]
        if f.schema["type"] == "string" and "pattern" in f.schema:
            constraints["pattern"] = f.schema["pattern"].removeprefix("^").removesuffix("$")
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "title": f"Published trygghetspunkter CSV ({DATASET_VERSION})",
        "fields": fields,
        "primaryKey": ["id"],
        "missingValues": [""],
        "dialect": {"header": True, "headerRows": [1], "commentRows": [2], "delimiter": ",",
                    "lineTerminator": "\r\n"},
    }


def generated_schemas() -> dict[str, dict[str, Any]]:
    return {PROPERTIES_SCHEMA: properties_schema(), COLLECTION_SCHEMA: collection_schema(),
            CSV_ROW_SCHEMA: csv_row_schema(), CSV_TABLE_SCHEMA: csv_table_schema()}


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def stored_schema(name: str) -> bytes:
    """A schema file as stored in the package (what the site serves)."""
    if name not in SCHEMA_FILES:
        raise KeyError(name)
    return (SCHEMA_DIR / name).read_bytes()


def load_schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(stored_schema(name))
    return loaded


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    written = []
    for name, schema in generated_schemas().items():
        path = directory / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


def _table_row(f: Field, hxl: str | None) -> str:
    codes = ", ".join(f"`{c}`" for c in f.codes if c != "")
    if f.name in ("trygg:help", "help"):
        codes = "see *Help categories*"
    if f.name in ("trygg:languages", "languages"):
        codes = "ISO 639-1, e.g. `sv;en;ar`"
    kind = str(f.schema.get("type")) + (f" ({f.schema['format']})" if "format" in f.schema else "")
    cells = [f"`{f.name}`", kind, "yes" if f.required else "", f.unit, codes, f.meaning, f.consumer]
    if hxl is not None:
        cells.append(f"`{hxl}`")
    return "| " + " | ".join(cells) + " |"


def field_table(fields: tuple[Field, ...], with_hxl: bool = False) -> str:
    """The Markdown table of docs/dataset.md for these fields (a test keeps the document equal to it)."""
    header = ["field", "type", "required", "unit", "allowed values", "meaning", "a consumer should"]
    header += ["HXL"] if with_hxl else []
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [_table_row(f, CSV_HXL[f.name] if with_hxl else None) for f in fields]
    return "\n".join(lines)


# --- DCAT-AP-SE --------------------------------------------------------------------

IANA = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class Distribution:
    title_sv: str
    title_en: str
    url: str
    media_type: str  # IANA name, e.g. application/geo+json
    file_type: str  # EU file-type code, e.g. GEOJSON
    conforms_to: str = ""  # the schema's address


@dataclass(frozen=True)
class DatasetDescription:
    """What :func:`dcat_catalogue` needs to know about one published feed set (the county's or a municipality's)."""

    identifier: str  # the dataset's address
    catalogue: str  # the catalogue's address
    area_name: str  # e.g. "Åre kommun" or "Jämtlands län"
    publisher_name: str
    publisher_url: str
    landing_page: str
    license_url: str
    modified: datetime
    distributions: tuple[Distribution, ...]
    spatial: str = "http://publications.europa.eu/resource/authority/country/SWE"


def _texts(sv: str, en: str) -> list[dict[str, str]]:
    return [{"@value": sv, "@language": "sv"}, {"@value": en, "@language": "en"}]


def _distribution(d: Distribution, license_url: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": d.url + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": _texts(d.title_sv, d.title_en),
        "dcat:accessURL": {"@id": d.url},
        "dcat:downloadURL": {"@id": d.url},
        "dcat:mediaType": {"@id": IANA + d.media_type},
        "dct:format": {"@id": EU_FILE_TYPE + d.file_type},
        "dct:license": {"@id": license_url},
    }
    if d.conforms_to:
        node["dct:conformsTo"] = {"@id": d.conforms_to}
    return node


def dcat_catalogue(description: DatasetDescription) -> dict[str, Any]:
    """A DCAT-AP-SE catalogue holding one dcat:Dataset, as a JSON-LD document (a dict for :func:`json.dumps`)."""
    d = description
    publisher = {"@id": d.publisher_url, "@type": "foaf:Agent", "foaf:name": d.publisher_name}
    dataset = {
        "@id": d.identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": d.identifier,
        "dct:title": _texts(f"Trygghetspunkter – {d.area_name}", f"Trygghetspunkter (safety points) – {d.area_name}"),
        "dct:description": _texts(
            f"Publicerade trygghetspunkter, SOT-punkter och värmestugor i {d.area_name}: läge, adress, nivå, "
            f"hjälp som ges och aktuell status (planerad, öppen, full, stängd). Specifikation {DATASET_VERSION}.",
            f"Published safety points (trygghetspunkter, SOT-punkter, warming huts) in {d.area_name}: position, "
            f"address, level, help offered and current status (planned, open, full, closed). "
            f"Specification {DATASET_VERSION}."),
        "dct:publisher": publisher,
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": d.publisher_name,
                              "vcard:hasURL": {"@id": d.landing_page}},
        "dcat:landingPage": {"@id": d.landing_page},
        "dcat:theme": [{"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"},
                       {"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"}],
        "dcat:keyword": _texts("trygghetspunkt", "safety point") + _texts("krisberedskap", "emergency preparedness"),
        "dct:spatial": {"@id": d.spatial},
        "dct:accessRights": {"@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
        "dct:license": {"@id": d.license_url},
        "dct:conformsTo": {"@id": _schema_id(COLLECTION_SCHEMA)},
        "dct:modified": {"@value": d.modified.isoformat(), "@type": "xsd:dateTime"},
        "dcat:distribution": [_distribution(x, d.license_url) for x in d.distributions],
    }
    catalogue = {
        "@id": d.catalogue,
        "@type": "dcat:Catalog",
        "dct:title": _texts(f"Öppna data – {d.publisher_name}", f"Open data – {d.publisher_name}"),
        "dct:description": _texts("Trygghetspunkter som öppna data.", "Safety points as open data."),
        "dct:publisher": {"@id": d.publisher_url},
        "dct:license": {"@id": d.license_url},
        "dcat:dataset": {"@id": d.identifier},
    }
    return {"@context": DCAT_CONTEXT, "@graph": [catalogue, dataset]}


if __name__ == "__main__":
    for written in write_schemas():
        print(written)
