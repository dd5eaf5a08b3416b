"""One JSON error shape for every API failure.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"lat": ["..."]}}}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(status_code: int, code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _fields(detail: Any) -> dict[str, Any] | None:
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    fields = _fields(exc.detail) if isinstance(exc, exceptions.ValidationError) else None
    if isinstance(exc, exceptions.ValidationError):
        message = "The request has invalid fields." if fields else "; ".join(str(m) for m in exc.detail)  # type: ignore[union-attr]
        code = "invalid"
    else:
        message = str(exc.detail)
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"  # type: ignore[assignment]
    response.data = error_body(response.status_code, str(code), message, fields)
    return response

