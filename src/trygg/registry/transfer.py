"""Import and export of points and sites: the database side of ``trygg.formats``.

Imports are all or nothing: the file is parsed and validated by the pure
reader, then every row is checked against the database (the municipality
exists, the user may edit it, the model's own rules hold) inside one
transaction; any error rolls the whole file back and is reported with its
row and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from trygg.formats.errors import ImportRejected, RowError
from trygg.formats.points import PointRecord, ReadResult, SiteRecord
from trygg.registry.models import Organisation, Point, Site

SITE_FIELDS = ("address", "postal_code", "locality", "lat", "lon", "backup_power", "generator_kw", "tank_l",
               "fire_safety_24h", "accessible", "nearby_shelter", "floor_area_m2")


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    sites_created: int


class _Rollback(Exception):
    pass


def _row_errors(exc: ValidationError, row: int | None, record: Any, prefix: str = "") -> list[RowError]:
    errors = []
    for field, messages in exc.message_dict.items():
        for message in messages:
            with translation.override("sv"):
                sv = str(message)
            errors.append(RowError(row, prefix + field if field != "__all__" else "",
                                   str(getattr(record, field, "") or ""), sv, str(message)))
    return errors


def _site_values(record: SiteRecord) -> dict[str, Any]:
    values = {f: getattr(record, f) for f in SITE_FIELDS}
    values["backup_power"] = values["backup_power"] or "none"
    values["kind"] = record.site_kind
    values = {k: ("" if v is None and k in ("address", "postal_code", "locality") else v) for k, v in values.items()}
    return values


def _upsert_site(record: SiteRecord, municipality: Organisation) -> tuple[Site, bool]:
    site = Site.objects.filter(municipality=municipality, name=record.name).first()
    created = site is None
    site = site or Site(municipality=municipality, name=record.name)
    moved = (site.lat, site.lon) != (record.lat, record.lon)
    for key, value in _site_values(record).items():
        setattr(site, key, value)
    if moved:  # a position given in a file is the building's own; an unchanged one keeps its flag
        site.location_approximate = False
    site.full_clean()
    site.save()
    return site, created


def _find_point(record: PointRecord, municipality: Organisation) -> Point | None:
    points = Point.objects.filter(municipality=municipality)
    if record.ref:
        return points.filter(ref=record.ref).first()
    return points.filter(name=record.name, ref="").first()


def _upsert_point(record: PointRecord, municipality: Organisation) -> tuple[Point, bool, bool]:
    site, site_created = _upsert_site(record.site(), municipality)
    point = _find_point(record, municipality)
    created = point is None
    point = point or Point(municipality=municipality)
    point.ref = record.ref or ""
    point.name = record.name
    point.kind = record.kind
    point.level = int(record.level)
    point.state = record.state
    point.capacity_day = record.capacity_day or 0
    point.capacity_night = record.capacity_night or 0
    point.priority_rank = record.priority_rank
    point.languages = ", ".join(record.languages)
    point.opening_hours = record.opening_hours or ""
    if record.public is not None:
        point.public = record.public
    point.full_clean(exclude=["manager"])
    point.save()
    point.sites.add(site)
    return point, created, site_created


def _municipality(record: PointRecord | SiteRecord, allowed: QuerySet[Organisation]) -> Organisation | RowError:
    found = allowed.filter(scb_code=record.municipality_code).first()
    if found:
        return found
    known = Organisation.objects.filter(kind="municipality", scb_code=record.municipality_code).exists()
    sv, en = (("Du får inte ändra i den kommunen.", "You may not change that municipality.") if known else
              ("Ingen kommun med den koden finns i systemet.", "No municipality with that code is in the system."))
    return RowError(record.row, "municipality_code", record.municipality_code, sv, en)


def import_points(result: ReadResult[PointRecord], allowed: QuerySet[Organisation]) -> ImportSummary:
    """Apply a validated file of points, or raise ImportRejected and change nothing."""
    errors: list[RowError] = []
    counts = {"created": 0, "updated": 0, "sites_created": 0}
    try:
        with transaction.atomic():
            for record in result.records:
                mun = _municipality(record, allowed)
                if isinstance(mun, RowError):
                    errors.append(mun)
                    continue
                try:
                    with transaction.atomic():
                        _point, created, site_created = _upsert_point(record, mun)
                except ValidationError as exc:
                    errors.extend(_row_errors(exc, record.row, record))
                    continue
                counts["created" if created else "updated"] += 1
                counts["sites_created"] += int(site_created)
            if errors:
                raise _Rollback
    except _Rollback:
        raise ImportRejected(errors, result.source) from None
    return ImportSummary(**counts)


def import_sites(result: ReadResult[SiteRecord], allowed: QuerySet[Organisation]) -> ImportSummary:
    errors: list[RowError] = []
    created_n = updated_n = 0
    try:
        with transaction.atomic():
            for record in result.records:
                mun = _municipality(record, allowed)
                if isinstance(mun, RowError):
                    errors.append(mun)
                    continue
                try:
                    with transaction.atomic():
                        _site, created = _upsert_site(record, mun)
                except ValidationError as exc:
                    errors.extend(_row_errors(exc, record.row, record))
                    continue
                created_n += int(created)
                updated_n += int(not created)
            if errors:
                raise _Rollback
    except _Rollback:
        raise ImportRejected(errors, result.source) from None
    return ImportSummary(created_n, updated_n, created_n)


def point_rows(points: Iterable[Point]) -> list[dict[str, Any]]:
    """Points as dicts with the import schema's canonical names (so an export imports back)."""
    rows = []
    for p in points:
        site = p.main_site()
        row: dict[str, Any] = {
            "ref": p.ref or None, "name": p.name, "kind": p.kind, "municipality_code": p.municipality.scb_code,
            "level": p.level, "state": p.state, "capacity_day": p.capacity_day, "capacity_night": p.capacity_night,
            "priority_rank": p.priority_rank, "languages": tuple(p.language_list),
            "opening_hours": p.opening_hours or None, "public": p.public,
        }
        if site is not None:
            row.update({"site_name": site.name, "site_kind": site.kind,
                        **{f: (getattr(site, f) if getattr(site, f) != "" else None) for f in SITE_FIELDS}})
        rows.append(row)
    return rows
