"""Operations API: read the picture and the log, append entries and status reports.

Clients may send their own ``id`` (a UUID) so that a retried request, or an
entry recorded offline, is written once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.operations import access, picture
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, LogEntry


class EntrySerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    author_org = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = LogEntry
        fields = ["id", "event", "point", "author", "author_org", "occurred_at", "recorded_at", "kind", "text", "data",
                  "corrects", "visibility", "source"]


class NewEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(required=False)
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    point = serializers.IntegerField(required=False, allow_null=True)
    occurred_at = serializers.DateTimeField(required=False)
    text = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    data = serializers.DictField(required=False)
    corrects = serializers.UUIDField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=["event", "own", "selected"], required=False)


def _append_from(request: Request, event_pk: int, payload: dict[str, Any], point_pk: int | None = None) -> Response:
    event = access.get_event(request.user, event_pk)
    incoming = NewEntrySerializer(data=payload)
    incoming.is_valid(raise_exception=True)
    d = incoming.validated_data
    point_id = point_pk or d.get("point")
    point = access.get_reportable_point(request.user, event, point_id) if point_id else None
    if d["kind"] in (EntryKind.DECISION,) and not access.can_lead(request.user, event):
        raise PermissionDenied("Only the municipality's coordinator records decisions.")
    org = access.user_org(request.user)
    if org is None:
        raise PermissionDenied("Your account belongs to no organisation.")
    corrects = access.visible_entries(request.user, event).filter(pk=d["corrects"]).first() if d.get("corrects") else None
    occurred_at = d.get("occurred_at")
    if occurred_at is None and d.get("id"):
        # A retried request without its own time: it happened when it was first received.
        occurred_at = LogEntry.objects.filter(pk=d["id"]).values_list("occurred_at", flat=True).first()
    try:
        entry, created = append(NewEntry(
            event=event, author_id=request.user.pk, author_org=org, kind=d["kind"],
            occurred_at=occurred_at or timezone.now(), point=point, text=d.get("text", ""),
            data=d.get("data", {}), corrects=corrects, visibility=d.get("visibility", "event"),
            entry_id=d.get("id"), source="api"))
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict) from None
    return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@api_view(["GET", "POST"])
def entries(request: Request, pk: int) -> Response:
    """GET: the log entries you may read (``?since=ISO`` for new ones). POST: append one entry."""
    if request.method == "POST":
        return _append_from(request, pk, request.data)
    event = access.get_event(request.user, pk)
    rows = access.visible_entries(request.user, event).select_related("author", "author_org")
    since = parse_datetime(request.query_params.get("since", "") or "")
    if since is not None:
        rows = rows.filter(recorded_at__gt=since)
    return Response(EntrySerializer(rows.order_by("occurred_at", "recorded_at"), many=True).data)


@api_view(["POST"])
def report(request: Request, pk: int, point_pk: int) -> Response:
    """A status report from a point (the same fields as the phone form), as one log entry."""
    payload = {"kind": "status", "data": {k: v for k, v in request.data.items() if k not in ("id", "occurred_at")}}
    for key in ("id", "occurred_at"):
        if key in request.data:
            payload[key] = request.data[key]
    return _append_from(request, pk, payload, point_pk)


@api_view(["GET"])
def situation(request: Request, pk: int) -> Response:
    event = access.get_event(request.user, pk)
    rows = picture.rows(event, access.situation_points(request.user, event))
    return Response({"event": event.pk, "exercise": event.exercise, "now": timezone.now().isoformat(),
                     "points": [r.as_dict() for r in rows]})
