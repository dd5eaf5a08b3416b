"""Read a published points feed and check it against the dataset's schema (no Django).

The whole feed is refused at the first problem, with a message that names
the feature (its position in the list, its id and name) and the property.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from trygg.formats.dataset import COLLECTION_SCHEMA, DATASET_VERSION, load_schema

MAX_FEED_BYTES = 64 * 1024 * 1024  # a national feed of 20,000 points is about 20 MB


class FeedError(ValueError):
    """A feed that cannot be harvested; the message says where and what."""


@dataclass(frozen=True)
class HarvestedFeature:
    feature_id: str
    name: str
    municipality_code: str
    kind: str
    level: int
    status: str
    lat: float | None
    lon: float | None
    properties: dict[str, Any]


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    """The reference validator: slow (≈ 1,000 points/s) but its errors name the failed keyword clearly."""
    return Draft202012Validator(load_schema(COLLECTION_SCHEMA))


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """The same schema compiled by jsonschema-rs: a national feed of 20,000 points is checked in well under a second."""
    return jsonschema_rs.validator_for(load_schema(COLLECTION_SCHEMA))


def _feature_label(data: Any, index: int) -> str:
    feature = data["features"][index] if isinstance(data.get("features"), list) else None
    label = f"feature {index + 1}"
    if isinstance(feature, dict) and isinstance(feature.get("id"), str | int):
        properties = feature.get("properties")
        name = properties.get("name") if isinstance(properties, dict) else None
        label += f" (id {feature['id']}, {name!r})" if isinstance(name, str) else f" (id {feature['id']})"
    return label


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def describe(error: ValidationError, data: Any) -> str:
    """'feature 3 (id 12, 'Kall'), property "trygg:level": 4 is not one of [1, 2, 3]' and the like."""
    path = list(error.absolute_path)
    where = "the feed"
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        where = _feature_label(data, path[1])
        rest = path[2:]
        if rest[:1] == ["properties"] and len(rest) >= 2:
            where += f", property {rest[1]!r}"
        elif rest[:1] == ["properties"] and error.validator in ("required", "additionalProperties"):
            where += ", properties"
        elif rest:
            where += ", " + "/".join(str(p) for p in rest)
    elif path:
        where += f", {'/'.join(str(p) for p in path)}"
    if error.validator == "pattern":
        problem = f"{_short(error.instance)} does not have the specified form"
    elif error.validator == "oneOf" and path[-1:] == ["geometry"]:
        problem = "the geometry must be null or a Point with [longitude, latitude]"
    else:
        problem = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"{where}: {problem}"


def _first_error(data: Any) -> ValidationError | None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p).zfill(9) for p in e.absolute_path])
    return errors[0] if errors else None


def _schema_problem(data: Any) -> str | None:
    """The first schema violation, described; ``None`` for a valid feed (the fast check passes almost every feed)."""
    if _fast_validator().is_valid(data):
        return None
    error = _first_error(data)
    if error is not None:
        return describe(error, data)
    fast = next(iter(_fast_validator().iter_errors(data)))  # the validators disagree: report the fast one's finding
    return f"the feed, {'/'.join(str(p) for p in fast.instance_path) or 'top level'}: {fast.message}"


def _features(data: dict[str, Any]) -> Iterator[HarvestedFeature]:
    seen: set[str] = set()
    for index, feature in enumerate(data["features"]):
        properties = feature["properties"]
        if str(properties["trygg:id"]) != feature["id"]:
            raise FeedError(f"{_feature_label(data, index)}, property 'trygg:id': "
                            f"{properties['trygg:id']} differs from the feature id {feature['id']}")
        if feature["id"] in seen:
            raise FeedError(f"{_feature_label(data, index)}: the id {feature['id']} occurs twice in the feed")
        seen.add(feature["id"])
        for key, value in properties.items():
            if isinstance(value, str) and "\x00" in value:  # valid JSON, but no database stores it as text
                raise FeedError(f"{_feature_label(data, index)}, property {key!r}: contains a NUL character")
        lon, lat = feature["geometry"]["coordinates"] if feature["geometry"] else (None, None)
        yield HarvestedFeature(feature["id"], properties["name"], properties["ref:se:scb:kommun"],
                               properties["trygg:kind"], properties["trygg:level"], properties["trygg:status"],
                               lat, lon, properties)


def parse_feed(body: bytes) -> list[HarvestedFeature]:
    """The features of a ``trygg-points/1.x`` GeoJSON feed; :class:`FeedError` for anything else."""
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(f"the feed is larger than {MAX_FEED_BYTES:,} bytes")
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise FeedError(f"the feed is not UTF-8 text (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise FeedError(f"the feed is not JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    if not isinstance(data, dict):
        raise FeedError("the feed is not a GeoJSON FeatureCollection (a JSON object)")
    if "dataset" in data and isinstance(data["dataset"], str) and not data["dataset"].startswith("trygg-points/1."):
        raise FeedError(f"the feed follows {data['dataset']!r}; this instance reads {DATASET_VERSION} (1.x)")
    problem = _schema_problem(data)
    if problem is not None:
        raise FeedError(problem)
    return list(_features(data))
