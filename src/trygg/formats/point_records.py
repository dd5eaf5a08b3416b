"""The records the point and site readers return, and the columns they have."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from trygg.formats.errors import RowWarning
from trygg.rules.levels import BackupPower, Level

# --- records --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SiteRecord:
    """One validated site (premises). Blank optional values are ``None``.

    ``row`` is the source row (or GeoJSON feature) for messages; it is not
    part of equality, so the same site read from two files compares equal.
    ``present`` names the fields the row had a column (or property) for, and
    ``blank`` those of them it left empty: an import changes only the fields
    in ``present``, and the ones in ``blank`` only when told to replace.
    """

    ref: str | None = None
    name: str
    site_kind: str = "other"
    municipality_code: str
    lat: float | None = None
    lon: float | None = None
    address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    backup_power: BackupPower | None = None
    generator_kw: float | None = None
    tank_l: float | None = None
    fire_safety_24h: bool | None = None
    accessible: bool | None = None
    nearby_shelter: bool | None = None
    floor_area_m2: float | None = None
    notes: str | None = None
    row: int | None = field(default=None, compare=False)
    present: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    blank: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class PointRecord:
    """One validated point, with the site it uses described by the ``site_*`` and premises fields.

    Blank optional values are ``None``; ``languages`` is a tuple of ISO 639-1
    codes. ``row`` is the source row (or GeoJSON feature), not part of equality;
    ``present`` and ``blank`` say which columns the row had and left empty
    (see :class:`SiteRecord`).
    """

    ref: str | None = None
    name: str
    kind: str = "trygghetspunkt"
    municipality_code: str
    level: Level
    state: str = "planned"
    lat: float
    lon: float
    address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    site_name: str
    site_kind: str = "other"
    capacity_day: int | None = None
    capacity_night: int | None = None
    priority_rank: int | None = None
    backup_power: BackupPower | None = None
    generator_kw: float | None = None
    tank_l: float | None = None
    fire_safety_24h: bool | None = None
    accessible: bool | None = None
    nearby_shelter: bool | None = None
    public: bool | None = None
    floor_area_m2: float | None = None
    languages: tuple[str, ...] = ()
    opening_hours: str | None = None
    notes: str | None = None
    row: int | None = field(default=None, compare=False)
    present: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    blank: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def site(self) -> SiteRecord:
        """The point's premises as a :class:`SiteRecord` (name ``site_name``, same place and power)."""
        return SiteRecord(
            name=self.site_name, site_kind=self.site_kind, municipality_code=self.municipality_code,
            lat=self.lat, lon=self.lon, address=self.address, postal_code=self.postal_code,
            locality=self.locality, backup_power=self.backup_power, generator_kw=self.generator_kw,
            tank_l=self.tank_l, fire_safety_24h=self.fire_safety_24h, accessible=self.accessible,
            nearby_shelter=self.nearby_shelter, floor_area_m2=self.floor_area_m2, notes=self.notes, row=self.row,
            present=_as_site_fields(self.present), blank=_as_site_fields(self.blank),
        )


def _as_site_fields(names: frozenset[str]) -> frozenset[str]:
    """A point row's field names as its site's: ``site_name`` is the site's ``name``."""
    site_names = {"site_name": "name", "name": "", "kind": ""}
    return frozenset(site_names.get(n, n) for n in names) - {""}


RECORD_META_FIELDS = frozenset({"row", "present", "blank"})
"""Record attributes that say where a value came from, not what it is."""

POINT_COLUMNS: tuple[str, ...] = tuple(f for f in PointRecord.__dataclass_fields__ if f not in RECORD_META_FIELDS)
"""The columns the writers produce, in order (coordinates as ``lat``/``lon``)."""

SITE_COLUMNS: tuple[str, ...] = tuple(f for f in SiteRecord.__dataclass_fields__ if f not in RECORD_META_FIELDS)

R = TypeVar("R", PointRecord, SiteRecord)


@dataclass(frozen=True)
class ReadResult(Generic[R]):
    """What a reader returns: every record of the file, and what it ignored.

    Attributes
    ----------
    records : list
        One record per data row, in file order.
    warnings : list of RowWarning
        Ignored columns or properties.
    source : str
        The file name used in messages.
    format : str
        ``"csv"`` or ``"geojson"``.
    encoding : str
        The text encoding that was used (see :func:`trygg.formats.tabular.decode`).
    delimiter : str or None
        The CSV separator; ``None`` for GeoJSON.
    """

    records: list[R]
    warnings: list[RowWarning]
    source: str
    format: str
    encoding: str
    delimiter: str | None
