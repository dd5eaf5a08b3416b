"""REST API: organisations, sites, points, plans and readiness, scoped by the
same permission getters as the pages. Lists of places are also GeoJSON
(``?format=geojson`` or ``Accept: application/geo+json``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts import permissions as perm
from trygg.api.geojson import GeoJSONRenderer
from trygg.api.serializers import (
    OrganisationSerializer,
    PlanSerializer,
    PointSerializer,
    ReadinessSerializer,
    RollUpSerializer,
    SiteSerializer,
)
from trygg.api.validation import Conflict
from trygg.registry import scope
from trygg.registry.models import Organisation, Plan, Point, Site
from trygg.registry.planview import readiness_of, scored, with_readiness_data
from trygg.rules.readiness import roll_up

RENDERERS = [JSONRenderer, GeoJSONRenderer, BrowsableAPIRenderer]


ID_PATTERN = r"[0-9]+"  # ids in paths are numbers: anything else is a 404, and the schema says integer


def _municipality_for_create(request: Request) -> Organisation:
    """Coordinators create in their own municipality; others name it with ``municipality`` (SCB code)."""
    m = perm.membership_of(request.user)
    code = request.data.get("municipality") if isinstance(request.data, Mapping) else None
    if code is not None and not (isinstance(code, str) and code.isdigit() and len(code) == 4):
        raise ValidationError({"municipality": ["Give the municipality's four-digit SCB code."]})
    code = code or (m.organisation.scb_code if m else None)
    try:
        return scope.editable_municipalities(request.user).get(scb_code=code)
    except Organisation.DoesNotExist:
        raise PermissionDenied("You may not create records in that municipality.") from None


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet[Organisation]:
        return scope.readable_organisations(self.request.user).order_by("kind", "name")


class ScopedWriteMixin(generics.GenericAPIView):
    """Reads from the readable set, writes only into the editable set (a 404 elsewhere, never a 403 that leaks ids)."""

    def readable(self) -> QuerySet[Any]:
        raise NotImplementedError

    def editable(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if self.request.method in permissions.SAFE_METHODS:
            return self.readable()
        return self.editable()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.request.method == "POST":
            context["defaults"] = {"municipality": _municipality_for_create(self.request)}
        else:
            context["defaults"] = {}
        return context

    def perform_create(self, serializer: Any) -> None:
        serializer.save(**serializer.context["defaults"])


class SiteViewSet(ScopedWriteMixin, viewsets.ModelViewSet):
    serializer_class = SiteSerializer
    renderer_classes = RENDERERS
    lookup_value_regex = ID_PATTERN

    def readable(self) -> QuerySet[Site]:
        return scope.readable_sites(self.request.user).select_related("municipality").order_by("pk")

    def editable(self) -> QuerySet[Site]:
        return scope.editable_sites(self.request.user).select_related("municipality").order_by("pk")

    def perform_destroy(self, instance: Site) -> None:
        if not scope.can_edit_municipality(self.request.user, instance.municipality):
            raise PermissionDenied("Only the municipality's coordinator deletes a site.")
        if instance.points.exists():
            raise Conflict("The site hosts a point; remove it from the point first.")
        instance.delete()


class PointViewSet(ScopedWriteMixin, viewsets.ModelViewSet):
    serializer_class = PointSerializer
    renderer_classes = RENDERERS
    lookup_value_regex = ID_PATTERN

    def readable(self) -> QuerySet[Point]:
        return scope.readable_points(self.request.user).select_related("municipality").prefetch_related("sites").order_by("pk")

    def editable(self) -> QuerySet[Point]:
        return scope.editable_points(self.request.user).select_related("municipality").prefetch_related("sites").order_by("pk")

    def perform_create(self, serializer: Any) -> None:
        if perm.membership_of(self.request.user) and not scope.editable_municipalities(self.request.user).exists():
            raise PermissionDenied("Only a municipality coordinator creates points.")
        super().perform_create(serializer)

    def perform_destroy(self, instance: Point) -> None:
        if not scope.editable_municipalities(self.request.user).filter(pk=instance.municipality_id).exists():
            raise PermissionDenied("Only the municipality's coordinator deletes a point.")
        logged = instance.log_entries.count()
        if logged:
            # The operations log is kept for good (LogEntry.point is PROTECT): the point stays as its subject.
            raise Conflict(f"The point cannot be deleted: {logged} entries in the operations log refer to it "
                           "and the log is kept. Take it out of use instead (state or not public).")
        instance.delete()

    @extend_schema(responses=ReadinessSerializer)
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer])
    def readiness(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:  # noqa: A002
        point = scope.get_point_for_read(request.user, int(self.kwargs["pk"]))
        point = with_readiness_data(Point.objects.filter(pk=point.pk)).get()
        r = readiness_of(point)
        data = {"point": point.pk, "score": r.score, "checks": r.checks, "gaps": list(r.gaps)}
        return Response(ReadinessSerializer(data).data)

    @extend_schema(request=PlanSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["get", "put", "patch"], renderer_classes=[JSONRenderer])
    def plan(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:  # noqa: A002
        if request.method == "GET":
            point = scope.get_point_for_read(request.user, int(self.kwargs["pk"]))
        else:
            point = scope.get_point_for_edit(request.user, int(self.kwargs["pk"]))
        plan, _created = Plan.objects.get_or_create(point=point)
        if request.method == "GET":
            return Response(PlanSerializer(plan).data)
        serializer = PlanSerializer(plan, data=request.data, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class ReadinessRollUpViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Readiness per municipality (and the county as a whole under ``county``)."""

    serializer_class = RollUpSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Organisation]:
        return scope.readable_municipalities(self.request.user).order_by("name")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        points = scored(with_readiness_data(scope.readable_points(request.user)))
        rows = []
        for mun in self.get_queryset():
            r = roll_up(s.readiness for s in points if s.point.municipality_id == mun.pk)
            rows.append({"municipality": mun.scb_code, "name": mun.name, **r.__dict__})
        if not rows and not points:
            raise NotFound("No municipalities in your scope.")
        return Response(RollUpSerializer(rows, many=True).data)
