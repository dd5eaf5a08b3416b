"""The push channel's endpoint: one event's changes as server-sent events (trygg.operations.push)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from trygg.operations import access, push


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


def stream_response(request: HttpRequest, event_pk: int) -> HttpResponse:
    """Call only after checking that the caller may read the event."""
    if not push.enabled():
        return _no_stream(204)
    if not push.SLOTS.take():
        return _no_stream(503)
    stream = push.Stream(event_pk, _last_seen(request))
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
def event_stream(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)  # 404 for an event the user may not read
    return stream_response(request, event.pk)
