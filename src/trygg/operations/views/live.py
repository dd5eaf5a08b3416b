"""The push channel's endpoint: one event's changes as server-sent events (trygg.operations.push)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from trygg.accounts import permissions as perm
from trygg.operations import access, push
from trygg.registry import scope


def _last_seen(request: HttpRequest) -> int | None:
    raw = request.headers.get("Last-Event-ID", "").strip()
    return int(raw) if raw.isdigit() else None


def _no_stream(status: int) -> HttpResponse:
    # Any answer but 200 makes EventSource give up, and the page polls instead.
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = "60"
    return response


def stream_response(request: HttpRequest, scopes: list[str]) -> HttpResponseBase:
    """Call only after checking that the caller may read what the scopes name."""
    if not push.enabled():
        return _no_stream(204)
    if not push.SLOTS.take():
        return _no_stream(503)
    stream = push.Stream(scopes, _last_seen(request))
    try:
        stream.subscribe()
    except Exception:  # noqa: BLE001 - Redis unreachable: the page polls
        stream.close()
        return _no_stream(503)
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass every chunk on at once
    return response


@login_required
def event_stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    event = access.get_event(request.user, pk)  # 404 for an event the user may not read
    return stream_response(request, [push.event_scope(event.pk)])


@login_required
def county_stream(request: HttpRequest, lan: str | None = None) -> HttpResponseBase:
    """The county page's push channel: that a report was stored in the county, nothing more; 404 outside scope."""
    if not perm.is_county_officer(request.user):
        raise Http404
    counties = [scope.get_county_for_read(request.user, lan)] if lan else list(scope.readable_counties(request.user))
    if not counties:
        raise Http404
    return stream_response(request, [push.county_scope(county.pk) for county in counties])
