"""Input checks every API request passes before any serializer or database sees it.

A JSON body must be one object; no text anywhere in it may hold a NUL character
(PostgreSQL refuses them in text and in JSON columns), no number may be NaN or
infinite (``1e400`` parses to infinity), and nesting is bounded. Each refusal
names the field it found, as a path such as ``data.needs``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 20  # the deepest payload the API takes (a plan with its rows) is three levels
BODY_FIELD = "body"  # the name a refusal of the body as a whole goes under


class Conflict(APIException):
    """The request is well formed but collides with what is stored (a taken reference, a protected record)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with stored data."
    default_code = "conflict"


def problem_in(value: Any, path: str = "", depth: int = 0) -> tuple[str, str] | None:
    """The first (field path, problem) in a parsed JSON value, or None when it is clean."""
    if depth > MAX_JSON_DEPTH:
        return path or BODY_FIELD, f"Nested deeper than {MAX_JSON_DEPTH} levels."
    if isinstance(value, str):
        return (path or BODY_FIELD, "The text contains a NUL character.") if "\x00" in value else None
    if isinstance(value, float) and not math.isfinite(value):
        return path or BODY_FIELD, "The number is too large."
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                return path or BODY_FIELD, "A field name contains a NUL character."
            found = problem_in(item, where, depth + 1)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = problem_in(item, f"{path}[{index}]" if path else f"[{index}]", depth + 1)
            if found:
                return found
    return None


class ObjectJSONParser(JSONParser):
    """DRF's strict JSON parser (which already refuses ``NaN`` and ``Infinity``), plus: the body is an
    object, and :func:`problem_in` finds nothing in it."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from None
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {BODY_FIELD: [f"The request body must be a JSON object, not {json_type(data)}."]})
        found = problem_in(data)
        if found:
            raise serializers.ValidationError({found[0]: [found[1]]})
        return data


def json_type(value: Any) -> str:
    names = {type(None): "null", bool: "a boolean", list: "an array", str: "a string", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


class FiniteFloatField(serializers.FloatField):
    """A float that is a real number: ``"NaN"`` and ``"inf"`` (which ``float()`` accepts) are refused."""

    default_error_messages = {"not_finite": "Give a finite number."}

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("not_finite")
        return value
