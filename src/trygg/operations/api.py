"""Operations API: read the picture and the log, append entries and status reports.

Clients may send their own ``id`` (a UUID) so that a retried request, or an
entry recorded offline, is written once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.users import signed_in
from trygg.api.validation import FiniteFloatField
from trygg.operations import access, picture
from trygg.operations.lifecycle import (
    INDOOR_TEMP_RANGE_C,
    MAX_PEOPLE_ABSOLUTE,
    MAX_REPORT_TEXT,
    MAX_STAFF_ON_SITE,
    OpState,
    PowerSource,
    Water,
)
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, Event, LogEntry, Visibility
from trygg.registry.choices import LEVEL_CHOICES
from trygg.registry.models import Organisation
from trygg.rules.catalogue import FUNCTIONS
from trygg.rules.levels import MAX_FUEL_L


class EntrySerializer(serializers.ModelSerializer):
    author: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)
    author_org: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = LogEntry
        fields = ["id", "event", "point", "author", "author_org", "occurred_at", "recorded_at", "kind", "text", "data",
                  "corrects", "visibility", "source"]


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, by name, instead of dropping them silently."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class StatusFieldsSerializer(StrictSerializer):
    """What a status report may say; the plausibility against the point's capacity is checked on append."""

    people_present = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_PEOPLE_ABSOLUTE)
    power_source = serializers.ChoiceField(choices=[s.value for s in PowerSource], required=False, allow_blank=True)
    fuel_l = FiniteFloatField(required=False, allow_null=True, min_value=0, max_value=MAX_FUEL_L)
    indoor_temp_c = FiniteFloatField(required=False, allow_null=True, min_value=INDOOR_TEMP_RANGE_C[0],
                                     max_value=INDOOR_TEMP_RANGE_C[1])
    water = serializers.ChoiceField(choices=[w.value for w in Water], required=False, allow_blank=True)
    functions_available = serializers.ListField(child=serializers.ChoiceField(choices=sorted(FUNCTIONS)), required=False,
                                                max_length=len(FUNCTIONS))
    staff_on_site = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_STAFF_ON_SITE)
    needs = serializers.CharField(required=False, allow_blank=True, max_length=MAX_REPORT_TEXT)
    problems = serializers.CharField(required=False, allow_blank=True, max_length=MAX_REPORT_TEXT)


class EntryDataSerializer(StatusFieldsSerializer):
    """An entry's data: a status report's fields, or a state change's new state and level."""

    state = serializers.ChoiceField(choices=[s.value for s in OpState], required=False)
    level = serializers.ChoiceField(choices=[code for code, _label in LEVEL_CHOICES], required=False)


class NewEntrySerializer(StrictSerializer):
    id = serializers.UUIDField(required=False, help_text="Your own id: a retried request with it is written once.")
    # Public text is released only through the two-person release (trygg.operations.public_text), never posted.
    kind = serializers.ChoiceField(choices=[c for c in EntryKind.choices if c[0] != EntryKind.PUBLIC_TEXT])
    point = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    occurred_at = serializers.DateTimeField(required=False)
    text = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    # DRF's metaclass moves declared fields off the class, so this does not shadow Serializer.data; the stub cannot see that.
    data = EntryDataSerializer(required=False)  # type: ignore[assignment]
    corrects = serializers.UUIDField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)


class StatusReportSerializer(StatusFieldsSerializer):
    """A status report from a point: the phone form's fields, with an optional id and time."""

    id = serializers.UUIDField(required=False, help_text="Your own id: a retried request with it is written once.")
    occurred_at = serializers.DateTimeField(required=False)


class SituationPointSerializer(serializers.Serializer):
    point = serializers.IntegerField()
    name = serializers.CharField()
    municipality = serializers.CharField()
    state = serializers.CharField(allow_null=True)
    state_label = serializers.CharField()
    power_label = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    people_present = serializers.IntegerField(allow_null=True)
    capacity_day = serializers.IntegerField()
    capacity_night = serializers.IntegerField()
    power_source = serializers.CharField(allow_null=True)
    fuel_l = serializers.FloatField(allow_null=True)
    indoor_temp_c = serializers.FloatField(allow_null=True)
    fuel_hours = serializers.FloatField(allow_null=True, help_text="Hours the reported fuel lasts at planned load.")
    water = serializers.CharField(allow_null=True)
    staff_on_site = serializers.IntegerField(allow_null=True)
    needs = serializers.CharField(allow_blank=True)
    problems = serializers.CharField(allow_blank=True)
    last_contact_at = serializers.DateTimeField(allow_null=True)
    silent = serializers.BooleanField(help_text="No contact within the report interval.")
    report_interval_min = serializers.IntegerField()
    lon = serializers.FloatField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)


class SituationSerializer(serializers.Serializer):
    event = serializers.IntegerField()
    exercise = serializers.BooleanField()
    now = serializers.DateTimeField()
    points = SituationPointSerializer(many=True)


def _append_from(request: Request, event: Event, d: dict[str, Any], point_pk: int | None = None) -> Response:
    """Append one entry from validated fields (NewEntrySerializer's)."""
    point_id = point_pk or d.get("point")
    point = access.get_reportable_point(request.user, event, point_id) if point_id else None
    org = access.user_org(request.user)
    if org is None:
        raise PermissionDenied("Your account belongs to no organisation.")
    corrects = access.visible_entries(request.user, event).filter(pk=d["corrects"]).first() if d.get("corrects") else None
    refusal = access.entry_refusal(request.user, event, d["kind"], point, corrects)
    if refusal:
        raise PermissionDenied(refusal)
    occurred_at = d.get("occurred_at")
    if occurred_at is None and d.get("id"):
        # A retried request without its own time: it happened when it was first received.
        occurred_at = LogEntry.objects.filter(pk=d["id"]).values_list("occurred_at", flat=True).first()
    try:
        entry, created = append(NewEntry(
            event=event, author_id=signed_in(request).pk, author_org=org, kind=d["kind"],
            occurred_at=occurred_at or timezone.now(), point=point, text=d.get("text", ""),
            data=d.get("data", {}), corrects=corrects, visibility=d.get("visibility", "event"),
            entry_id=d.get("id"), source="api"))
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict) from None
    return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _given(data: dict[str, Any]) -> dict[str, Any]:
    """The fields a client actually sent a value for (a null is "not reported")."""
    return {k: v for k, v in data.items() if v is not None}


class SinceSerializer(serializers.Serializer):
    since = serializers.DateTimeField()


def _since(request: Request) -> datetime | None:
    """The ``since`` query parameter as a time; a value that is not one is refused by name."""
    raw = request.query_params.get("since", "")
    if not raw:
        return None
    query = SinceSerializer(data={"since": raw})
    query.is_valid(raise_exception=True)
    return query.validated_data["since"]


@extend_schema(methods=["GET"], responses=EntrySerializer(many=True), parameters=[
    OpenApiParameter("since", OpenApiTypes.DATETIME, description="Only entries recorded after this time.")])
@extend_schema(methods=["POST"], request=NewEntrySerializer, responses={200: EntrySerializer, 201: EntrySerializer})
@api_view(["GET", "POST"])
def entries(request: Request, pk: int) -> Response:
    """GET: the log entries you may read (``?since=ISO`` for new ones). POST: append one entry
    (201; 200 when an entry with the same id and content is already written)."""
    event = access.get_event(request.user, pk)  # an event you may not see is a 404, whatever the body
    if request.method == "POST":
        incoming = NewEntrySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        if "data" in fields:
            fields["data"] = _given(fields["data"])
        return _append_from(request, event, fields)
    rows = access.visible_entries(request.user, event).select_related("author", "author_org")
    since = _since(request)
    if since is not None:
        rows = rows.filter(recorded_at__gt=since)
    return Response(EntrySerializer(rows.order_by("occurred_at", "recorded_at"), many=True).data)


@extend_schema(request=StatusReportSerializer, responses={200: EntrySerializer, 201: EntrySerializer})
@api_view(["POST"])
def report(request: Request, pk: int, point_pk: int) -> Response:
    """A status report from a point (the same fields as the phone form), as one log entry."""
    event = access.get_event(request.user, pk)
    incoming = StatusReportSerializer(data=request.data)
    incoming.is_valid(raise_exception=True)
    fields = dict(incoming.validated_data)
    envelope = {key: fields.pop(key) for key in ("id", "occurred_at") if key in fields}
    return _append_from(request, event, {"kind": EntryKind.STATUS, "data": _given(fields), **envelope}, point_pk)


@extend_schema(responses=SituationSerializer)
@api_view(["GET"])
def situation(request: Request, pk: int) -> Response:
    """The situation picture: each point of the event you may follow, with its latest report."""
    event = access.get_event(request.user, pk)
    rows = picture.rows(event, access.situation_points(request.user, event))
    return Response(SituationSerializer({"event": event.pk, "exercise": event.exercise, "now": timezone.now(),
                                         "points": [r.as_dict() for r in rows]}).data)
