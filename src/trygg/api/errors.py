"""One JSON error shape for every API failure.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"lat": ["..."]}}}
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response

from trygg.api.validation import Conflict
from trygg.errorbody import error_body

# rest_framework.views is imported inside the handlers: it reads DRF's settings on import, whose
# authentication classes import accounts.throttling, a cycle at start-up.

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


def _fields(detail: Any) -> dict[str, Any] | None:
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return None


def protected_message(exc: ProtectedError | RestrictedError) -> str:
    """Why a record cannot be deleted: what still refers to it, counted by kind."""
    counts: dict[str, int] = {}
    for obj in exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects:
        name = str(obj._meta.verbose_name_plural)
        counts[name] = counts.get(name, 0) + 1
    held = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    return f"It cannot be deleted: {held} refer to it and are kept."


def _as_api_exception(exc: Exception) -> Exception:
    """Django's and the database's refusals as the API exception they mean."""
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return Conflict(protected_message(exc))
    if isinstance(exc, IntegrityError):
        # Checks before saving catch these; a concurrent write of the same thing can still get here.
        return Conflict("The change conflicts with stored data (written at the same time by another request?).")
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    from rest_framework.views import exception_handler as drf_exception_handler

    exc = _as_api_exception(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return server_error_response(exc)
    assert isinstance(exc, exceptions.APIException)
    fields = _fields(exc.detail) if isinstance(exc, exceptions.ValidationError) else None
    if isinstance(exc, exceptions.ValidationError):
        message = "The request has invalid fields." if fields else "; ".join(str(m) for m in exc.detail)
        code = "invalid"
    else:
        message = str(exc.detail)
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"  # type: ignore[assignment]
    response.data = error_body(response.status_code, str(code), message, fields)
    return response



def server_error_response(exc: Exception) -> Response:
    """An unforeseen failure: logged with its traceback, answered in the API's shape (never the HTML page)."""
    from rest_framework.views import set_rollback

    log.error("Unhandled error in the API", exc_info=exc)
    set_rollback()
    return Response(error_body(500, "server_error", "The server failed to handle the request; it has been logged."),
                    status=500)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 handler: a path under /api/ that names nothing (or an id that is not a number)
    gets the API's shape; every other path Django's own page."""
    if is_api(request):
        return JsonResponse(error_body(404, "not_found", "No such resource."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler, for failures outside DRF's own handler (middleware, URL resolution)."""
    if is_api(request):
        return JsonResponse(error_body(500, "server_error", "The server failed to handle the request; it has been logged."),
                            status=500)
    return defaults.server_error(request)
