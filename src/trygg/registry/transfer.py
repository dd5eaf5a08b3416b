"""Import and export of points and sites: the database side of ``trygg.formats``.

Imports are all or nothing: the file is parsed and validated by the pure
reader, then every row is checked against the database (the municipality
exists, the user may edit it, the model's own rules hold) inside one
transaction; any error rolls the whole file back and is reported with its
row and field.

What a re-import changes, so that a coordinator can predict it:

- a column the file does not have leaves that field as it is;
- an empty cell in a column the file has leaves the field as it is, unless
  the import is told to replace (``replace=True``, ``--replace``): then it
  clears the field (text blank, numbers and yes/no unknown, capacities 0;
  kind, state, kind of premises and backup power, which cannot be empty,
  go back to their defaults);
- a point is matched by its ``ref``, or by its name when it has none; its
  site is the point's own site, or for a new point a site of the
  municipality with the same name (the nearest if several) or, when the
  file names no site, one within :data:`SAME_PLACE_M` of the point; a site
  is created only when none matches;
- a record is saved only when a value really changed, so the history gets a
  row only for real changes, attributed to the importing user.

A dry run does everything, reports the per-point differences and rolls back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import translation

from trygg.formats.errors import ImportRejected, RowError
from trygg.formats.point_records import PointRecord, ReadResult, SiteRecord
from trygg.registry.choices import OrganisationKind
from trygg.registry.models import Organisation, Point, Site
from trygg.shared.history import acting_as
from trygg.text import N_, Catalogue, Text

SITE_FIELDS = ("address", "postal_code", "locality", "lat", "lon", "backup_power", "generator_kw", "tank_l",
               "fire_safety_24h", "accessible", "nearby_shelter", "floor_area_m2", "notes")

SAME_PLACE_M = 5.0
"""A new point's site is an existing site this close, whatever its name, when the file names no site."""


# --- what changed -----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: its column name, the stored value and the file's."""

    field: str
    old: Any
    new: Any

    def describe(self) -> str:
        return f"{self.field}: {_shown(self.old)} → {_shown(self.new)}"


@dataclass(frozen=True)
class RecordDiff:
    """What an import does to one row's record: create it, change some fields, or nothing."""

    label: str
    created: bool
    changes: tuple[FieldChange, ...]

    def lines(self, noun: str = "point") -> list[str]:
        """``"K-1: new point"``, ``"K-1: unchanged"`` or one ``"K-1: field: old → new"`` per change.

        In the active language (the request's, or the command line's).
        """
        if self.created:
            new = N_("{label}: new site", label=self.label) if noun == "site" else N_("{label}: new point", label=self.label)
            return [new.render(translation)]
        if not self.changes:
            return [N_("{label}: unchanged", label=self.label).render(translation)]
        return [f"{self.label}: {change.describe()}" for change in self.changes]


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    sites_created: int
    unchanged: int = 0
    diffs: tuple[RecordDiff, ...] = ()


def _shown(value: Any) -> str:
    if value is None or value == "":
        return translation.gettext("(blank)")
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


# --- how a file's value becomes a stored one ---------------------------------------------


def _same_value(value: Any) -> Any:
    return value


def _code(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _language_list(value: Any) -> str:
    return ", ".join(value)


@dataclass(frozen=True)
class _Field:
    """A record field (its column name), the model attribute it fills, and the value of a cleared field."""

    column: str
    attr: str
    empty: Any
    convert: Callable[[Any], Any] = _same_value

    def stored(self, record: Any) -> Any:
        value = getattr(record, self.column)
        if value is None or value == ():
            return self.empty
        return self.convert(value)


_POINT_FIELDS = (
    _Field("ref", "ref", ""),
    _Field("name", "name", ""),
    _Field("kind", "kind", "trygghetspunkt"),
    _Field("level", "level", 1, int),
    _Field("state", "state", "planned"),
    _Field("capacity_day", "capacity_day", 0),
    _Field("capacity_night", "capacity_night", 0),
    _Field("priority_rank", "priority_rank", None),
    _Field("languages", "languages", "", _language_list),
    _Field("opening_hours", "opening_hours", ""),
    _Field("public", "public", False),
)

_SITE_FIELDS = (
    _Field("name", "name", ""),
    _Field("site_kind", "kind", "other"),
    _Field("address", "address", ""),
    _Field("postal_code", "postal_code", ""),
    _Field("locality", "locality", ""),
    _Field("lat", "lat", None),
    _Field("lon", "lon", None),
    _Field("backup_power", "backup_power", "none", _code),
    _Field("generator_kw", "generator_kw", None),
    _Field("tank_l", "tank_l", None),
    _Field("fire_safety_24h", "fire_safety_24h", None),
    _Field("accessible", "accessible", None),
    _Field("nearby_shelter", "nearby_shelter", None),
    _Field("floor_area_m2", "floor_area_m2", None),
    _Field("notes", "notes", ""),
)

# In a points file the site's name is the column site_name.
_SITE_COLUMN_IN_POINTS_FILE = {"name": "site_name"}


def _equal(old: Any, new: Any) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return math.isclose(old, new, rel_tol=0, abs_tol=1e-7)  # the exports write 7 decimals (1 cm)
    return bool(old == new)


def _apply(obj: models.Model, record: PointRecord | SiteRecord, fields: Iterable[_Field], *, creating: bool,
           replace: bool, names: dict[str, str] | None = None) -> list[FieldChange]:
    """Set the fields the record may change on ``obj``; return those whose value really changed.

    A new object takes every field from the record (blank cells give the
    schema's defaults). An existing one takes only the fields whose column
    the row has, and of those the blank ones only when ``replace``.
    """
    changes: list[FieldChange] = []
    for spec in fields:
        if not creating and (spec.column not in record.present or (spec.column in record.blank and not replace)):
            continue
        old, new = getattr(obj, spec.attr), spec.stored(record)
        if _equal(old, new):
            continue
        setattr(obj, spec.attr, new)
        changes.append(FieldChange((names or {}).get(spec.column, spec.column), old, new))
    return changes


# --- sites ---------------------------------------------------------------------------------


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Metres between two nearby WGS 84 positions (equirectangular; exact enough below a few km)."""
    mean_lat = math.radians((lat1 + lat2) / 2)
    dx = math.radians(lon2 - lon1) * math.cos(mean_lat)
    dy = math.radians(lat2 - lat1)
    return 6_371_000.0 * math.hypot(dx, dy)


def _far(site: Site, record: SiteRecord) -> float:
    if site.lat is None or site.lon is None or record.lat is None or record.lon is None:
        return 0.0
    return _distance_m(site.lat, site.lon, record.lat, record.lon)


def _matching_site(record: SiteRecord, municipality: Organisation, by_position: bool) -> Site | None:
    """The municipality's site with the record's name (nearest first), else one at the same place."""
    same_name = list(Site.objects.filter(municipality=municipality, name__iexact=record.name))
    if same_name:
        return min(same_name, key=lambda site: _far(site, record))
    if not by_position or record.lat is None or record.lon is None:
        return None
    span = SAME_PLACE_M / 111_000 * 2  # a box first, so the distance is computed for a handful of sites
    nearby = Site.objects.filter(municipality=municipality, lat__range=(record.lat - span, record.lat + span),
                                 lon__range=(record.lon - 2 * span, record.lon + 2 * span))
    close = [site for site in nearby if _far(site, record) <= SAME_PLACE_M]
    return min(close, key=lambda site: _far(site, record)) if close else None


def _save_site(site: Site, record: SiteRecord, *, creating: bool, replace: bool,
               names: dict[str, str] | None = None) -> list[FieldChange]:
    before = (site.lat, site.lon)
    changes = _apply(site, record, _SITE_FIELDS, creating=creating, replace=replace, names=names)
    if not changes and not creating:
        return []
    if (site.lat, site.lon) != before:  # a position given in a file is the building's own
        site.location_approximate = False
    site.full_clean()
    site.save()
    return changes


def _upsert_site(record: SiteRecord, municipality: Organisation, replace: bool) -> tuple[Site, bool, list[FieldChange]]:
    site = _matching_site(record, municipality, by_position=False)
    creating = site is None
    site = site or Site(municipality=municipality)
    changes = _save_site(site, record, creating=creating, replace=replace)
    return site, creating, changes


# --- points --------------------------------------------------------------------------------


def _find_point(record: PointRecord, municipality: Organisation) -> Point | None:
    points = Point.objects.filter(municipality=municipality)
    if record.ref:
        return points.filter(ref=record.ref).first()
    return points.filter(name=record.name, ref="").first()


def _point_site(record: PointRecord, point: Point | None, municipality: Organisation) -> tuple[Site | None, bool]:
    """The site the row describes: the point's own, or a matching one; ``(None, True)`` when one must be made."""
    own = point.main_site() if point is not None else None
    if own is not None:
        return own, False
    names_no_site = "site_name" not in record.present or "site_name" in record.blank
    found = _matching_site(record.site(), municipality, by_position=names_no_site)
    return found, found is None


class _PointKeys:
    """The (municipality, ref) and (municipality, priority rank) pairs already taken, read once per import.

    A point whose pairs are free saves without Django's per-row constraint queries; one whose pair is
    (or may be) taken is validated by Django as before, so the message is the model's own. Pairs are only
    ever added (a point that gives up its ref keeps its old pair here, which costs a query, never a miss),
    and the database's unique constraints stay the last word.
    """

    def __init__(self, municipalities: QuerySet[Organisation]) -> None:
        self.refs: dict[tuple[int, str], int] = {}
        self.ranks: dict[tuple[int, int], int] = {}
        for pk, municipality, ref, rank in Point.objects.filter(municipality__in=municipalities).values_list(
                "pk", "municipality_id", "ref", "priority_rank"):
            self.add(pk, municipality, ref, rank)

    def add(self, pk: int, municipality: int, ref: str, rank: int | None) -> None:
        if ref:
            self.refs.setdefault((municipality, ref), pk)
        if rank is not None:
            self.ranks.setdefault((municipality, rank), pk)

    def free_for(self, point: Point) -> bool:
        taken = [self.refs.get((point.municipality_id, point.ref)) if point.ref else None,
                 self.ranks.get((point.municipality_id, point.priority_rank)) if point.priority_rank is not None
                 else None]
        return all(pk is None or pk == point.pk for pk in taken)


def _upsert_point(record: PointRecord, municipality: Organisation, replace: bool,
                  keys: _PointKeys) -> tuple[RecordDiff, bool]:
    """Create or update one point and its site; the diff, and whether a site was created."""
    point = _find_point(record, municipality)
    site, site_creating = _point_site(record, point, municipality)
    site = site or Site(municipality=municipality)
    site_changes = _save_site(site, record.site(), creating=site_creating, replace=replace,
                              names=_SITE_COLUMN_IN_POINTS_FILE)
    creating = point is None
    point = point or Point(municipality=municipality)
    changes = _apply(point, record, _POINT_FIELDS, creating=creating, replace=replace)
    if creating or changes:
        point.full_clean(exclude=["manager"], validate_constraints=not keys.free_for(point))
        point.save()
        keys.add(point.pk, municipality.pk, point.ref, point.priority_rank)
    if creating or not point.sites.filter(pk=site.pk).exists():
        point.sites.add(site)
        if not creating:
            changes.append(FieldChange("site_name", None, site.name))
    label = record.ref or record.name
    return RecordDiff(label, creating, tuple(changes + ([] if site_creating else site_changes))), site_creating


class _Municipalities:
    """The municipality of each row, looked up once per code for the whole import."""

    def __init__(self, allowed: QuerySet[Organisation]) -> None:
        self.allowed = allowed
        self.found: dict[str, Organisation | None] = {}

    def of(self, record: PointRecord | SiteRecord) -> Organisation | RowError:
        code = record.municipality_code
        if code not in self.found:
            self.found[code] = self.allowed.filter(scb_code=code).first()
        found = self.found[code]
        if found:
            return found
        known = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, scb_code=code).exists()
        message = (N_("You may not change that municipality.") if known else
                   N_("No municipality with that code is in the system."))
        return RowError(record.row, "municipality_code", code, message)


def _row_errors(exc: ValidationError, row: int | None, record: Any) -> list[RowError]:
    errors = []
    for field, messages in exc.message_dict.items():
        for message in messages:
            errors.append(RowError(row, field if field != "__all__" else "",
                                   str(getattr(record, field, "") or ""), _ModelMessage(str(message), message)))
    return errors


class _ModelMessage(Text):
    """A model validation message (Django's lazy text, its catalogues) as a row error's message.

    Rendered through Django's translation: in the language of the catalogue it is given
    (``RowError.describe("sv")``), or in the active language when given Django's module.
    """

    lazy: Any

    def __init__(self, msgid: str, lazy: Any) -> None:
        super().__init__(msgid)
        object.__setattr__(self, "lazy", lazy)

    def render(self, catalogue: Catalogue) -> str:
        info = getattr(catalogue, "info", None)
        language = info().get("language", "en") if info is not None else None
        if language is None:
            return str(self.lazy)
        with translation.override(language):
            return str(self.lazy)


class _Rollback(Exception):
    pass


def _run(records: list[Any], allowed: QuerySet[Organisation], source: str, apply_one: Callable[..., Any],
         *, user: Any, dry_run: bool) -> list[Any]:
    """Apply every record in one transaction attributed to ``user``; roll back on any error or a dry run."""
    errors: list[RowError] = []
    results: list[Any] = []
    try:
        with acting_as(user, reason=f"import {source}"), transaction.atomic():
            municipalities = _Municipalities(allowed)
            for record in records:
                mun = municipalities.of(record)
                if isinstance(mun, RowError):
                    errors.append(mun)
                    continue
                try:
                    with transaction.atomic():
                        results.append(apply_one(record, mun))
                except ValidationError as exc:
                    errors.extend(_row_errors(exc, record.row, record))
            if errors or dry_run:
                raise _Rollback
    except _Rollback:
        if errors:
            raise ImportRejected(errors, source) from None
    return results


def import_points(result: ReadResult[PointRecord], allowed: QuerySet[Organisation], *, replace: bool = False,
                  dry_run: bool = False, user: Any = None) -> ImportSummary:
    """Apply a validated file of points, or raise ImportRejected and change nothing.

    Parameters
    ----------
    result : ReadResult of PointRecord
        What :func:`trygg.formats.points.read_points` read.
    allowed : queryset of Organisation
        The municipalities the importing user may change.
    replace : bool
        Empty cells clear their fields (otherwise they leave them as they are).
    dry_run : bool
        Check and compute the differences, then roll everything back.
    user : User, optional
        Who imports: every history row is attributed to them.
    """
    keys = _PointKeys(allowed)
    outcomes = _run(result.records, allowed, result.source,
                    lambda record, mun: _upsert_point(record, mun, replace, keys), user=user, dry_run=dry_run)
    diffs = tuple(diff for diff, _site_created in outcomes)
    return ImportSummary(
        created=sum(d.created for d in diffs),
        updated=sum(bool(d.changes) and not d.created for d in diffs),
        sites_created=sum(site_created for _diff, site_created in outcomes),
        unchanged=sum(not d.changes and not d.created for d in diffs),
        diffs=diffs,
    )


def _import_site(record: SiteRecord, municipality: Organisation, replace: bool) -> RecordDiff:
    _site, created, changes = _upsert_site(record, municipality, replace)
    return RecordDiff(record.name, created, tuple(changes))


def import_sites(result: ReadResult[SiteRecord], allowed: QuerySet[Organisation], *, replace: bool = False,
                 dry_run: bool = False, user: Any = None) -> ImportSummary:
    """Apply a validated file of sites, matched by name within the municipality; same rules as :func:`import_points`."""
    diffs = tuple(_run(result.records, allowed, result.source,
                       lambda record, mun: _import_site(record, mun, replace), user=user, dry_run=dry_run))
    created = sum(d.created for d in diffs)
    return ImportSummary(
        created=created,
        updated=sum(bool(d.changes) and not d.created for d in diffs),
        sites_created=created,
        unchanged=sum(not d.changes and not d.created for d in diffs),
        diffs=diffs,
    )


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
