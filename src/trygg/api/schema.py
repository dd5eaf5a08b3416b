"""The OpenAPI description: every operation lists the API's error answers in their one shape,
GeoJSON answers are described as FeatureCollections, and the login-throttled basic auth is a
plain HTTP basic scheme."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.authentication import BasicScheme
from rest_framework import serializers

from trygg.api.geojson import GeoJSONRenderer

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    # DRF's metaclass moves declared fields off the class, so this does not shadow Serializer.fields; the stub cannot see that.
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,  # type: ignore[assignment]
                                   help_text="Messages per field; a whole-body problem is under 'body'.")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_statuses(method: str, has_path_parameters: bool) -> list[str]:
    """The error statuses an operation can answer (each in ErrorSerializer's shape)."""
    codes = ["400", "401", "403", "406", "429"]
    if has_path_parameters:
        codes.append("404")
    if method in WRITE_METHODS:
        codes += ["409", "415"]
    return sorted(codes)


GEOJSON_FEATURE_COLLECTION: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "integer", "nullable": True},
                "geometry": {
                    "type": "object", "nullable": True, "required": ["type", "coordinates"],
                    "properties": {"type": {"type": "string", "enum": ["Point"]},
                                   "coordinates": {"type": "array", "items": {"type": "number"},
                                                   "minItems": 2, "maxItems": 2}}},
                "properties": {"type": "object"},
            },
        }},
    },
}


def allow_blank(schema: dict[str, Any]) -> None:
    """A text field that may be blank: its format or pattern holds only for a non-empty value."""
    rules = {key: schema.pop(key) for key in ("format", "pattern", "minLength") if key in schema}
    schema["anyOf"] = [rules, {"maxLength": 0}]


class AutoSchema(openapi.AutoSchema):
    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        if (isinstance(field, serializers.CharField) and field.allow_blank
                and ("format" in schema or "pattern" in schema)):
            allow_blank(schema)

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        with_path_parameters = "{" in self.path
        for code in error_statuses(self.method, with_path_parameters):
            bodies.setdefault(code, self._get_response_for_code(ErrorSerializer, code, direction=direction))
        for code, body in bodies.items():
            content = body.get("content", {})
            if code.startswith("2") and GeoJSONRenderer.media_type in content:
                content[GeoJSONRenderer.media_type] = {"schema": GEOJSON_FEATURE_COLLECTION}
        return bodies


class ThrottledBasicScheme(BasicScheme):
    """django-axes' lockout-aware basic auth (accounts.throttling) is HTTP basic for the schema."""

    target_class = "trygg.accounts.throttling.LockoutAwareBasicAuthentication"
