"""Store received warnings (all or nothing) and place them on the municipalities they touch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from trygg.formats.warnings import WarningRecord
from trygg.registry.choices import OrganisationKind
from trygg.registry.models import Organisation, Point
from trygg.text import N_, Text
from trygg.warnings.models import ExternalWarning

_FIELDS = ("source", "event", "event_code", "level", "headline", "description", "area_name", "geometry",
           "starts_at", "ends_at", "published_at")


@dataclass(frozen=True)
class StoreSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0

    def text(self) -> Text:
        """The counts as a text to show in the user's language (``str()``: English)."""
        return N_("{new} new, {updated} updated, {unchanged} unchanged, {withdrawn} withdrawn or over",
                  new=self.new, updated=self.updated, unchanged=self.unchanged, withdrawn=self.withdrawn)

    def __str__(self) -> str:
        return str(self.text())


def _shape(geometry: dict[str, Any]):
    from shapely.geometry import shape

    return shape(geometry)


def _municipality_shapes() -> list[tuple[Organisation, Any]]:
    from shapely.prepared import prep

    return [(m, prep(_shape(m.boundary))) for m in
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, boundary__isnull=False)
            if m.boundary is not None]


def touched_municipalities(geometry: dict[str, Any], shapes: Sequence[tuple[Organisation, Any]]) -> list[Organisation]:
    area = _shape(geometry)
    return [m for m, boundary in shapes if boundary.intersects(area)]


def store_warnings(records: Iterable[WarningRecord], *, received_from: str, user=None,
                   complete_feed_of: str | None = None) -> StoreSummary:
    """Insert or update every record by its identifier, in one transaction.

    ``complete_feed_of`` names a source whose whole current list this is (SMHI's feed lists the
    warnings in force): a stored warning of that source missing from it is over.
    """
    records = list(records)
    shapes = _municipality_shapes()
    counts = {"new": 0, "updated": 0, "unchanged": 0, "withdrawn": 0}
    now = timezone.now()
    with transaction.atomic():
        for record in records:
            if record.cancelled:
                counts["withdrawn"] += _withdraw(record.references)
            if record.geometry:
                counts[_upsert(record, shapes, received_from, user, now)] += 1
        if complete_feed_of is not None:
            seen = {r.identifier for r in records}
            ended = (ExternalWarning.objects.filter(source=complete_feed_of, cancelled=False)
                     .exclude(identifier__in=seen))
            counts["withdrawn"] += ended.update(cancelled=True, received_at=now)
    return StoreSummary(**counts)


def _withdraw(references: Sequence[str]) -> int:
    withdrawn = 0
    for prefix in references:
        withdrawn += ExternalWarning.objects.filter(identifier__startswith=prefix, cancelled=False).update(
            cancelled=True, received_at=timezone.now())
    return withdrawn


def _upsert(record: WarningRecord, shapes: Sequence[tuple[Organisation, Any]], received_from: str,
            user, now) -> str:
    values = {name: getattr(record, name) for name in _FIELDS}
    values["level"] = record.level.value
    values["cancelled"] = record.cancelled
    existing = ExternalWarning.objects.filter(identifier=record.identifier).first()
    if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
        ExternalWarning.objects.filter(pk=existing.pk).update(received_at=now)
        return "unchanged"
    warning = existing or ExternalWarning(identifier=record.identifier)
    for name, value in values.items():
        setattr(warning, name, value)
    warning.received_from = received_from[:500]
    warning.received_by = user
    warning.received_at = now
    warning.save()
    warning.municipalities.set(touched_municipalities(record.geometry, shapes))
    return "updated" if existing is not None else "new"


def points_inside(warning: ExternalWarning, points: Iterable[Point]) -> list[Point]:
    """The points whose premises lie inside the warned area (points without a position are left out)."""
    from shapely.geometry import Point as Position
    from shapely.prepared import prep

    area = prep(_shape(warning.geometry))
    inside = []
    for point in points:
        site = point.main_site()
        if site is not None and site.has_position and area.contains(Position(site.lon, site.lat)):
            inside.append(point)
    return inside
