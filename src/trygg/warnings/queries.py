"""What a user sees of the warnings: those touching the municipalities they may read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from trygg.registry import scope
from trygg.registry.models import Organisation, Point
from trygg.warnings.models import ExternalWarning
from trygg.warnings.store import points_inside


@dataclass(frozen=True)
class ShownWarning:
    warning: ExternalWarning
    municipalities: list[Organisation]
    points: list[Point]
    can_create_event: bool


def warnings_for(user, municipalities: QuerySet[Organisation]) -> list[ShownWarning]:
    """Warnings in force touching ``municipalities`` (within what ``user`` may read), worst first."""
    readable = scope.readable_municipalities(user).filter(pk__in=municipalities.values("pk"))
    warnings = (ExternalWarning.objects.in_force().filter(municipalities__in=readable).distinct()
                .prefetch_related("municipalities"))
    editable = set(scope.editable_municipalities(user).values_list("pk", flat=True))
    points = list(scope.readable_points(user).filter(municipality__in=readable).prefetch_related("sites"))
    shown = []
    for warning in warnings:
        touched = [m for m in warning.municipalities.all() if m in readable]
        shown.append(ShownWarning(warning, touched, points_inside(warning, points),
                                  any(m.pk in editable for m in warning.municipalities.all())))
    return sorted(shown, key=lambda s: (-s.warning.severity_rank, s.warning.starts_at or s.warning.received_at))


def get_warning_for_event(user, pk: int) -> tuple[ExternalWarning, list[Organisation]]:
    """The warning and the municipalities of it the user may lead an event for; 404 otherwise."""
    from django.http import Http404

    warning = ExternalWarning.objects.filter(pk=pk).first()
    if warning is None:
        raise Http404
    editable = list(scope.editable_municipalities(user).filter(pk__in=warning.municipalities.values("pk")))
    if not editable:
        raise Http404
    return warning, editable
