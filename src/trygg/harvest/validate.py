"""Read a published points feed and check it against the dataset's schema (no Django).

The whole feed is refused at the first problem, with a message that names
the feature (its position in the list, its id and name) and the property.
The message is a translatable text (:mod:`trygg.text`): ``str()`` is the English,
the command line and the harvest page say it in their language. The schema validator's
words for the common keywords (enum, required, type, additional properties) are texts with
the same English ("4 is not one of [1, 2, 3]"); any other is quoted as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from trygg.formats.dataset import COLLECTION_SCHEMA, DATASET_VERSION, load_schema
from trygg.text import N_, Text, TextError

MAX_FEED_BYTES = 64 * 1024 * 1024  # a national feed of 20,000 points is about 20 MB


class FeedError(TextError):
    """A feed that cannot be harvested; the message (a translatable text) says where and what."""


def _punctuation(pattern: str, **parts: Text | str) -> Text:
    """Texts put together with punctuation only ("{where}: {problem}"): nothing to translate, so no message id."""
    return Text(pattern, tuple(parts.items()))


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


def _feature_label(data: Any, index: int) -> Text:
    feature = data["features"][index] if isinstance(data.get("features"), list) else None
    if isinstance(feature, dict) and isinstance(feature.get("id"), str | int):
        properties = feature.get("properties")
        name = properties.get("name") if isinstance(properties, dict) else None
        if isinstance(name, str):
            return N_("feature {number} (id {id}, {name})", number=index + 1, id=str(feature["id"]), name=repr(name))
        return N_("feature {number} (id {id})", number=index + 1, id=str(feature["id"]))
    return N_("feature {number}", number=index + 1)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def describe(error: ValidationError, data: Any) -> Text:
    """'feature 3 (id 12, 'Kall'), property 'trygg:level': 4 is not one of [1, 2, 3]' and the like."""
    path = list(error.absolute_path)
    where: Text = N_("the feed")
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        where = _feature_label(data, path[1])
        rest = path[2:]
        if rest[:1] == ["properties"] and len(rest) >= 2:
            where = N_("{feature}, property {property}", feature=where, property=repr(rest[1]))
        elif rest[:1] == ["properties"] and error.validator in ("required", "additionalProperties"):
            where = N_("{feature}, properties", feature=where)
        elif rest:
            where = _punctuation("{feature}, {path}", feature=where, path="/".join(str(p) for p in rest))
    elif path:
        where = N_("the feed, {path}", path="/".join(str(p) for p in path))
    problem: Text | str
    if error.validator == "pattern":
        problem = N_("{value} does not have the specified form", value=_short(error.instance))
    elif error.validator == "oneOf" and path[-1:] == ["geometry"]:
        problem = N_("the geometry must be null or a Point with [longitude, latitude]")
    else:
        problem = _validator_words(error)
    return _punctuation("{where}: {problem}", where=where, problem=problem)


_TYPE = re.compile(r"(?P<value>.*) is not of type (?P<types>.*)", re.S)
_EXTRA = re.compile(r"Additional properties are not allowed \((?P<names>.*) (?P<verb>was|were) unexpected\)", re.S)
_REQUIRED = " is a required property"


def _validator_words(error: ValidationError) -> Text | str:
    """The validator's message as a text for the common keywords (the same English); any other as it is."""
    message = error.message
    if len(message) > 200:  # a long value quoted: shortened, in the validator's words
        return message[:197] + "..."
    if error.validator == "enum":
        return N_("{value} is not one of {allowed}", value=repr(error.instance), allowed=repr(error.validator_value))
    if error.validator == "required" and message.endswith(_REQUIRED):
        return N_("{name} is a required property", name=message[: -len(_REQUIRED)])
    if error.validator == "type" and (found := _TYPE.fullmatch(message)):
        return N_("{value} is not of type {types}", value=found["value"], types=found["types"])
    if error.validator == "additionalProperties" and (found := _EXTRA.fullmatch(message)):
        if found["verb"] == "was":
            return N_("Additional properties are not allowed ({names} was unexpected)", names=found["names"])
        return N_("Additional properties are not allowed ({names} were unexpected)", names=found["names"])
    return message


def _first_error(data: Any) -> ValidationError | None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p).zfill(9) for p in e.absolute_path])
    return errors[0] if errors else None


def _schema_problem(data: Any) -> Text | None:
    """The first schema violation, described; ``None`` for a valid feed (the fast check passes almost every feed)."""
    if _fast_validator().is_valid(data):
        return None
    error = _first_error(data)
    if error is not None:
        return describe(error, data)
    fast = next(iter(_fast_validator().iter_errors(data)))  # the validators disagree: report the fast one's finding
    where = "/".join(str(p) for p in fast.instance_path)
    return _punctuation("{where}: {problem}", where=N_("the feed, {path}", path=where) if where else N_("the feed"),
                        problem=fast.message)


def _features(data: dict[str, Any]) -> Iterator[HarvestedFeature]:
    seen: set[str] = set()
    for index, feature in enumerate(data["features"]):
        properties = feature["properties"]
        if str(properties["trygg:id"]) != feature["id"]:
            raise FeedError(N_("{feature}, property 'trygg:id': {value} differs from the feature id {id}",
                               feature=_feature_label(data, index), value=str(properties["trygg:id"]),
                               id=str(feature["id"])))
        if feature["id"] in seen:
            raise FeedError(N_("{feature}: the id {id} occurs twice in the feed",
                               feature=_feature_label(data, index), id=str(feature["id"])))
        seen.add(feature["id"])
        for key, value in properties.items():
            if isinstance(value, str) and "\x00" in value:  # valid JSON, but no database stores it as text
                raise FeedError(N_("{feature}, property {property}: contains a NUL character",
                                   feature=_feature_label(data, index), property=repr(key)))
        lon, lat = feature["geometry"]["coordinates"] if feature["geometry"] else (None, None)
        yield HarvestedFeature(feature["id"], properties["name"], properties["ref:se:scb:kommun"],
                               properties["trygg:kind"], properties["trygg:level"], properties["trygg:status"],
                               lat, lon, properties)


def parse_feed(body: bytes) -> list[HarvestedFeature]:
    """The features of a ``trygg-points/1.x`` GeoJSON feed; :class:`FeedError` for anything else."""
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(N_("the feed is larger than {megabytes} MB", megabytes=MAX_FEED_BYTES // 2**20))
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise FeedError(N_("the feed is not UTF-8 text (byte {position})", position=err.start)) from None
    except json.JSONDecodeError as err:
        raise FeedError(N_("the feed is not JSON: {reason} at line {line}, column {column}",
                           reason=err.msg, line=err.lineno, column=err.colno)) from None
    if not isinstance(data, dict):
        raise FeedError(N_("the feed is not a GeoJSON FeatureCollection (a JSON object)"))
    if "dataset" in data and isinstance(data["dataset"], str) and not data["dataset"].startswith("trygg-points/1."):
        raise FeedError(N_("the feed follows {dataset}; this instance reads {version} (1.x)",
                           dataset=repr(data["dataset"]), version=DATASET_VERSION))
    problem = _schema_problem(data)
    if problem is not None:
        raise FeedError(problem)
    return list(_features(data))
