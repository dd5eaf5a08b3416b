"""The import schema for points and sites, and the readers that apply it.

One declared schema (:data:`POINT_SCHEMA`, :data:`SITE_SCHEMA`) says which
columns a file may have, their Swedish and English aliases, types, bounds and
choices; the readers, the writers and ``docs/import-export.md`` all follow it.

:func:`read_points` and :func:`read_sites` read CSV (see
:mod:`trygg.formats.tabular`) or GeoJSON, validate every value of every row,
and either return all records or raise :class:`ImportRejected` listing every
problem: they never return part of a file.

Coordinates may come as WGS 84 degrees (``lat``/``lon``) or SWEREF 99 TM
metres (``n``/``e``, EPSG:3006); they are stored as WGS 84 rounded to
7 decimals (about 1 cm).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from trygg.analysis.geo import (
    SWEDEN_LAT_RANGE,
    SWEDEN_LON_RANGE,
    SWEDEN_X_RANGE_M,
    SWEDEN_Y_RANGE_M,
    SWEREF99TM,
    WGS84,
    round_lonlat,
    transformer,
)
from trygg.formats.errors import ImportRejected, RowError, RowWarning
from trygg.formats.limits import (
    MAX_CELL_CHARS,
    MAX_GEOJSON_DEPTH,
    MAX_IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
)
from trygg.formats.tabular import (
    Source,
    decode,
    header_key,
    limit_exceeded,
    parse_integer,
    parse_number,
    read_source,
    read_table,
)
from trygg.rules.catalogue import POINT_KINDS, SITE_KINDS, Entry
from trygg.rules.levels import BackupPower, Level

# --- the schema ---------------------------------------------------------------


class FieldType(StrEnum):
    """How a column's text becomes a value."""

    TEXT = "text"
    CHOICE = "choice"  # a code from ``FieldSpec.choices``
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    LEVEL = "level"  # 1, 2 or 3 ("Nivå 2")
    MUNICIPALITY_CODE = "municipality_code"  # 4 digits, leading zeros kept
    POSTAL_CODE = "postal_code"  # "831 91"
    LANGUAGES = "languages"  # ISO 639-1 codes
    COORDINATE = "coordinate"  # a number whose meaning depends on the other coordinates


@dataclass(frozen=True)
class FieldSpec:
    """One importable column.

    Attributes
    ----------
    name : str
        The canonical column name, also the record attribute.
    type : FieldType
        How the value is read.
    aliases : tuple of str
        Other accepted column names (Swedish first); compared after
        :func:`trygg.formats.tabular.header_key`, so case and accents do not matter.
    required : bool
        A blank value is an error.
    default : object
        The value of a blank optional cell.
    min_value, max_value : float, optional
        Bounds of numbers, inclusive unless ``min_exclusive``.
    max_length : int, optional
        Longest accepted text, in characters.
    choices : tuple of (code, accepted spellings)
        For ``CHOICE``: each code with the spellings that mean it.
    description : str
        One line for the documentation.
    """

    name: str
    type: FieldType
    aliases: tuple[str, ...] = ()
    required: bool = False
    default: Any = None
    min_value: float | None = None
    min_exclusive: bool = False
    max_value: float | None = None
    max_length: int | None = None
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    description: str = ""


def _catalogue_choices(table: Mapping[str, Entry]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((code, (entry.name("sv"), entry.name("en"))) for code, entry in table.items())


# Lifecycle states a file may set. Operational states (active, closing) are
# set by the running system during an event, never by an import.
POINT_STATES: dict[str, tuple[str, ...]] = {
    "candidate": ("kandidat", "förslag"),
    "planned": ("planerad", "planerat"),
    "decided": ("beslutad", "beslutat"),
    "ready": ("etablerad", "etablerat", "klar", "redo", "established"),
}

BACKUP_POWER_SPELLINGS: dict[BackupPower, tuple[str, ...]] = {
    BackupPower.NONE: ("ingen", "saknas", "nej", "ingen reservkraft"),
    BackupPower.CONNECTION_POINT: (
        "anslutningspunkt", "anslutning", "förberedd anslutning", "anslutningspunkt för mobilt aggregat",
    ),
    BackupPower.FIXED: ("fast", "fast reservkraft", "fast aggregat", "fast installerad"),
}

_TEXT, _CHOICE, _INT, _DEC, _BOOL = (
    FieldType.TEXT, FieldType.CHOICE, FieldType.INTEGER, FieldType.DECIMAL, FieldType.BOOLEAN,
)

REF = FieldSpec("ref", _TEXT, ("id", "extern_id", "externt_id", "external_id", "referens", "objekt_id"), max_length=100,
                description="External id from your own register; unique within the file.")
NAME = FieldSpec("name", _TEXT, ("namn", "benämning", "punktnamn"), required=True, max_length=200,
                 description="The point's name as the public sees it.")
KIND = FieldSpec("kind", _CHOICE, ("typ", "punkttyp", "typ_av_punkt", "point_kind", "type"),
                 default="trygghetspunkt", choices=_catalogue_choices(POINT_KINDS),
                 description="Point kind; code or Swedish name.")
MUNICIPALITY_CODE = FieldSpec(
    "municipality_code", FieldType.MUNICIPALITY_CODE,
    ("kommunkod", "kommun_kod", "kommunnummer", "kommunnr", "kn_kod", "scb_kod"), required=True,
    description="SCB kommun code, 4 digits with leading zero (\"0180\").",
)
LEVEL = FieldSpec("level", FieldType.LEVEL, ("nivå", "nivå_1_3", "trygghetspunktsnivå"), required=True,
                  description="Nivå 1, 2 or 3.")
STATE = FieldSpec("state", _CHOICE, ("status", "tillstånd", "läge", "livscykel"), default="planned",
                  choices=tuple(POINT_STATES.items()), description="Lifecycle state.")
LAT = FieldSpec("lat", FieldType.COORDINATE, ("latitud", "latitude", "wgs84_lat", "lat_wgs84"),
                description="WGS 84 latitude, degrees north.")
LON = FieldSpec("lon", FieldType.COORDINATE, ("longitud", "longitude", "lng", "long", "wgs84_lon", "lon_wgs84"),
                description="WGS 84 longitude, degrees east.")
NORTHING = FieldSpec("n", FieldType.COORDINATE, ("northing", "sweref_n", "n_sweref99tm", "nordkoordinat"),
                     description="SWEREF 99 TM northing, m (7 digits).")
EASTING = FieldSpec("e", FieldType.COORDINATE, ("easting", "sweref_e", "e_sweref99tm", "östkoordinat"),
                    description="SWEREF 99 TM easting, m (6 digits).")
X = FieldSpec("x", FieldType.COORDINATE, ("x_sweref99tm", "x_koord", "x_koordinat"),
              description="Longitude if in degrees; otherwise SWEREF 99 TM metres, either axis convention.")
Y = FieldSpec("y", FieldType.COORDINATE, ("y_sweref99tm", "y_koord", "y_koordinat"),
              description="Latitude if in degrees; otherwise SWEREF 99 TM metres, either axis convention.")
ADDRESS = FieldSpec("address", _TEXT, ("adress", "gatuadress", "besöksadress", "street_address"), max_length=200,
                    description="Street address.")
POSTAL_CODE = FieldSpec("postal_code", FieldType.POSTAL_CODE, ("postnummer", "postnr", "post_nr", "zip"),
                        description="Postnummer, stored as \"831 91\".")
LOCALITY = FieldSpec("locality", _TEXT, ("ort", "postort", "tätort", "city", "town"), max_length=100,
                     description="Locality or postal town.")
SITE_NAME = FieldSpec("site_name", _TEXT, ("lokal", "lokalnamn", "lokalens_namn", "byggnad", "premises"), max_length=200,
                      description="The premises the point uses; defaults to the point's name.")
SITE_KIND = FieldSpec("site_kind", _CHOICE, ("lokaltyp", "typ_av_lokal", "site_type", "premises_kind"),
                      default="other", choices=_catalogue_choices(SITE_KINDS),
                      description="Kind of premises; code or Swedish name.")
CAPACITY_DAY = FieldSpec("capacity_day", _INT, ("kapacitet_dag", "kapacitet_dagtid", "platser_dag", "capacity_daytime"),
                         min_value=0, max_value=100_000, description="People it can take in the daytime.")
CAPACITY_NIGHT = FieldSpec(
    "capacity_night", _INT,
    ("kapacitet_natt", "kapacitet_övernattning", "övernattningsplatser", "platser_natt", "capacity_overnight"),
    min_value=0, max_value=100_000, description="People it can take overnight.",
)
PRIORITY_RANK = FieldSpec("priority_rank", _INT, ("prioritet", "prioritetsordning", "prio", "priority"),
                          min_value=1, max_value=100_000, description="1 = first to open or supply with fuel.")
BACKUP_POWER = FieldSpec("backup_power", _CHOICE, ("reservkraft", "reservkraft_typ"),
                         choices=tuple((bp.value, spellings) for bp, spellings in BACKUP_POWER_SPELLINGS.items()),
                         description="none, connection_point (for a mobile generator) or fixed.")
GENERATOR_KW = FieldSpec(
    "generator_kw", _DEC,
    ("reservkraft_kw", "aggregat_kw", "generatoreffekt_kw", "generator_power_kw", "effekt_kw"),
    min_value=0, min_exclusive=True, max_value=10_000,
    description="Rated power of the fixed generator, kW; required with fixed, not allowed with none.",
)
TANK_L = FieldSpec("tank_l", _DEC, ("tankvolym_l", "tank_liter", "bränsletank_l", "fuel_tank_l", "tankvolym"),
                   min_value=0, max_value=1_000_000, description="Generator fuel tank, litres; only with fixed.")
FIRE_SAFETY_24H = FieldSpec("fire_safety_24h", _BOOL, ("brandskydd_dygnsvistelse", "brandskydd_24h", "brandskydd"),
                            description="Fire safety approved for 24-hour stay.")
ACCESSIBLE = FieldSpec("accessible", _BOOL, ("tillgänglig", "tillgänglighet", "tillgänglighetsanpassad", "accessibility"),
                       description="Accessible to people with reduced mobility.")
NEARBY_SHELTER = FieldSpec("nearby_shelter", _BOOL, ("skyddsrum", "skyddsrum_nära", "närliggande_skyddsrum", "shelter"),
                           description="A public shelter (skyddsrum) nearby.")
PUBLIC = FieldSpec("public", _BOOL, ("publik", "offentlig", "publicerad", "visas_publikt", "is_public"),
                   description="Shown on the public map.")
FLOOR_AREA_M2 = FieldSpec("floor_area_m2", _DEC, ("yta_m2", "golvyta_m2", "lokalyta_m2", "area_m2", "yta"),
                          min_value=0, min_exclusive=True, max_value=1_000_000, description="Floor area, m².")
LANGUAGES = FieldSpec("languages", FieldType.LANGUAGES, ("språk", "languages_served"),
                      description="ISO 639-1 codes separated by comma, semicolon or space (\"sv, en;ar\").")
OPENING_HOURS = FieldSpec("opening_hours", _TEXT, ("öppettider", "opening_times"), max_length=200,
                          description="Opening hours as free text.")
NOTES = FieldSpec("notes", _TEXT, ("anteckningar", "kommentar", "kommentarer", "anmärkning", "övrigt", "comment", "comments"),
                  max_length=2000, description="Free text.")

_COORDINATES = (LAT, LON, NORTHING, EASTING, X, Y)
_COORDINATE_NAMES = frozenset(spec.name for spec in _COORDINATES)

POINT_SCHEMA: tuple[FieldSpec, ...] = (
    REF, NAME, KIND, MUNICIPALITY_CODE, LEVEL, STATE, *_COORDINATES, ADDRESS, POSTAL_CODE, LOCALITY,
    SITE_NAME, SITE_KIND, CAPACITY_DAY, CAPACITY_NIGHT, PRIORITY_RANK, BACKUP_POWER, GENERATOR_KW, TANK_L,
    FIRE_SAFETY_24H, ACCESSIBLE, NEARBY_SHELTER, PUBLIC, FLOOR_AREA_M2, LANGUAGES, OPENING_HOURS, NOTES,
)
"""Every column a points file may have, in the order the writers use."""

# In a file of sites the name is the site's and "kind"/"typ" is the kind of premises.
_SITE_NAME = FieldSpec(NAME.name, _TEXT, ("namn", "benämning", "site_name", "lokal", "lokalnamn", "lokalens_namn"),
                       required=True, max_length=200, description="The premises' name.")
_SITE_KIND = FieldSpec(SITE_KIND.name, _CHOICE, ("kind", "typ", *SITE_KIND.aliases), default="other",
                       choices=SITE_KIND.choices, description=SITE_KIND.description)

SITE_SCHEMA: tuple[FieldSpec, ...] = (
    REF, _SITE_NAME, _SITE_KIND, MUNICIPALITY_CODE, *_COORDINATES, ADDRESS, POSTAL_CODE, LOCALITY,
    BACKUP_POWER, GENERATOR_KW, TANK_L, FIRE_SAFETY_24H, ACCESSIBLE, NEARBY_SHELTER, FLOOR_AREA_M2, NOTES,
)
"""Every column a sites file may have."""


def alias_map(schema: Iterable[FieldSpec]) -> dict[str, str]:
    """:func:`header_key` of every accepted column name → canonical name.

    Raises
    ------
    ValueError
        If two fields claim the same name (a bug in the schema).
    """
    mapping: dict[str, str] = {}
    for spec in schema:
        for name in (spec.name, *spec.aliases):
            key = header_key(name)
            if mapping.setdefault(key, spec.name) != spec.name:
                raise ValueError(f"column name {name!r} is claimed by {mapping[key]!r} and {spec.name!r}")
    return mapping


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


# --- values ---------------------------------------------------------------------


class _Invalid(Exception):
    """A value that cannot be used, with the reason in both languages."""

    def __init__(self, message_sv: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_sv = message_sv
        self.message_en = message_en


_LIST_ITEMS_SHOWN = 50


def _as_text(raw: object) -> str:
    """A raw cell or property as the user wrote it, for messages."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, list | tuple):  # a message shows 80 characters: a huge list is not rendered whole
        shown = ", ".join(_as_text(v) for v in raw[:_LIST_ITEMS_SHOWN])
        return shown + (", …" if len(raw) > _LIST_ITEMS_SHOWN else "")
    return str(raw).strip() if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _text(spec: FieldSpec, raw: object) -> str:
    if isinstance(raw, dict | list | bool):
        raise _Invalid("Ska vara text.", "Must be text.")
    # One newline convention inside values, whatever the file's line endings.
    text = _as_text(raw).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise _Invalid("Texten innehåller ett NUL-tecken (byte 0).", "The text contains a NUL character (byte 0).")
    if spec.max_length is not None and len(text) > spec.max_length:
        raise _Invalid(
            f"Högst {spec.max_length} tecken (här {len(text)}).",
            f"At most {spec.max_length} characters (this has {len(text)}).",
        )
    return text


def _number(raw: object) -> float:
    if isinstance(raw, bool):
        raise _Invalid("Ska vara ett tal.", "Must be a number.")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = parse_number(raw)
        except ValueError:
            raise _Invalid(
                "Är inte ett tal (skriv t.ex. 1234,5 eller 1 234,5).",
                "Is not a number (write e.g. 1234.5, 1234,5 or 1 234,5).",
            ) from None
    else:
        raise _Invalid("Ska vara ett tal.", "Must be a number.")
    if not math.isfinite(value):
        raise _Invalid("Ska vara ett ändligt tal.", "Must be a finite number.")
    return value


def _check_bounds(spec: FieldSpec, value: float) -> None:
    low, high = spec.min_value, spec.max_value
    if low is not None and (value <= low if spec.min_exclusive else value < low):
        relation_sv, relation_en = ("större än", "greater than") if spec.min_exclusive else ("minst", "at least")
        raise _Invalid(f"Ska vara {relation_sv} {low:g}.", f"Must be {relation_en} {low:g}.")
    if high is not None and value > high:
        raise _Invalid(f"Får vara högst {high:g}.", f"Must be at most {high:g}.")


def _decimal(spec: FieldSpec, raw: object) -> float:
    value = _number(raw)
    _check_bounds(spec, value)
    return value


def _integer(spec: FieldSpec, raw: object) -> int:
    if isinstance(raw, str):
        try:
            value = parse_integer(raw)
        except ValueError:
            raise _Invalid("Ska vara ett heltal.", "Must be a whole number.") from None
    else:
        number = _number(raw)
        if not number.is_integer():
            raise _Invalid("Ska vara ett heltal.", "Must be a whole number.")
        value = int(number)
    _check_bounds(spec, value)
    return value


_TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "sant", "1", "x"})
_FALSE_WORDS = frozenset({"nej", "n", "no", "false", "falskt", "0"})


def _boolean(spec: FieldSpec, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    word = _as_text(raw).casefold()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise _Invalid(
        "Ska vara ja eller nej (även yes/no, true/false, 1/0, x; tomt = okänt).",
        "Must be yes or no (also ja/nej, true/false, 1/0, x; blank = unknown).",
    )


def _choice_key(text: str) -> str:
    # "SOT-punkt", "sot_punkt" and "SOT punkt" are one spelling.
    return header_key(text).replace("_", "")


@lru_cache(maxsize=32)
def _choice_lookup(choices: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    return {_choice_key(spelling): code for code, spellings in choices for spelling in (code, *spellings)}


def _choice(spec: FieldSpec, raw: object) -> str:
    code = _choice_lookup(spec.choices).get(_choice_key(_as_text(raw)))
    if code is not None:
        return code
    codes = ", ".join(code if not spellings else f"{code} ({spellings[0]})" for code, spellings in spec.choices)
    raise _Invalid(f"Okänt värde; använd en av: {codes}.", f"Unknown value; use one of: {codes}.")


_LEVEL_TEXT = re.compile(r"(?:niva|level)?_?([123])")


def _level(spec: FieldSpec, raw: object) -> Level:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in (1, 2, 3):
        return Level(raw)
    match = _LEVEL_TEXT.fullmatch(header_key(_as_text(raw))) if isinstance(raw, str) else None
    if match is None:
        raise _Invalid("Nivån ska vara 1, 2 eller 3 (\"Nivå 2\" går också bra).",
                       "The level must be 1, 2 or 3 (\"Nivå 2\" is fine too).")
    return Level(int(match.group(1)))


_FOUR_DIGITS = re.compile(r"\d{4}")


def _municipality_code(spec: FieldSpec, raw: object) -> str:
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else _as_text(raw)
    if _FOUR_DIGITS.fullmatch(text):
        return text
    if re.fullmatch(r"\d{3}", text):  # Excel drops the leading zero of 0114…0999
        raise _Invalid(
            f"Kommunkoden ska ha 4 siffror; om Excel har tagit bort en inledande nolla är det '0{text}'.",
            f"The municipality code must have 4 digits; if Excel dropped a leading zero, it is '0{text}'.",
        )
    raise _Invalid("Kommunkoden ska vara SCB:s fyrsiffriga kod, t.ex. 2380.",
                   "The municipality code must be SCB's 4-digit code, e.g. 2380.")


_POSTAL_CODE = re.compile(r"([1-9]\d{2}) ?(\d{2})")


def _postal_code(spec: FieldSpec, raw: object) -> str:
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else _as_text(raw)
    match = _POSTAL_CODE.fullmatch(re.sub(r"\s+", " ", text))
    if match is None:
        raise _Invalid("Postnumret ska ha 5 siffror, t.ex. 831 91.", "The postal code must have 5 digits, e.g. 831 91.")
    return f"{match.group(1)} {match.group(2)}"


_LANGUAGE_CODE = re.compile(r"[a-z]{2}")


def _languages(spec: FieldSpec, raw: object) -> tuple[str, ...]:
    parts = [_as_text(v) for v in raw] if isinstance(raw, list) else re.split(r"[,;\s]+", _as_text(raw))
    codes: list[str] = []
    for part in (p.strip().lower() for p in parts):
        if not part:
            continue
        if not _LANGUAGE_CODE.fullmatch(part):
            raise _Invalid(
                f"'{part}' är ingen språkkod; använd ISO 639-1 med två bokstäver (sv, en, ar, so …).",
                f"'{part}' is not a language code; use two-letter ISO 639-1 codes (sv, en, ar, so …).",
            )
        if part not in codes:
            codes.append(part)
    return tuple(codes)


def _coordinate(spec: FieldSpec, raw: object) -> float:
    return _number(raw)


_PARSERS: dict[FieldType, Callable[[FieldSpec, object], Any]] = {
    FieldType.TEXT: _text,
    FieldType.CHOICE: _choice,
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.BOOLEAN: _boolean,
    FieldType.LEVEL: _level,
    FieldType.MUNICIPALITY_CODE: _municipality_code,
    FieldType.POSTAL_CODE: _postal_code,
    FieldType.LANGUAGES: _languages,
    FieldType.COORDINATE: _coordinate,
}


# --- coordinates ----------------------------------------------------------------

# Two readings of one place further apart than this are a contradiction, not rounding.
_MAX_COORDINATE_DISAGREEMENT_M = 50.0


@dataclass(frozen=True)
class _RowContext:
    """Where a row comes from, for messages."""

    row: int
    unit: str  # "row" or "feature"
    in_geometry: bool  # coordinates come from a GeoJSON geometry, not from columns

    def error(self, field_name: str, value: str, message_sv: str, message_en: str) -> RowError:
        return RowError(self.row, field_name, value, message_sv, message_en, self.unit)


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _in_sweden_lonlat(lat: float, lon: float) -> bool:
    return _inside(lat, SWEDEN_LAT_RANGE) and _inside(lon, SWEDEN_LON_RANGE)


_OUTSIDE_SV = (
    f"Punkten ligger utanför Sverige (lat {SWEDEN_LAT_RANGE[0]:g}–{SWEDEN_LAT_RANGE[1]:g}, "
    f"lon {SWEDEN_LON_RANGE[0]:g}–{SWEDEN_LON_RANGE[1]:g} i WGS 84)."
)
_OUTSIDE_EN = (
    f"The point is outside Sweden (lat {SWEDEN_LAT_RANGE[0]:g}–{SWEDEN_LAT_RANGE[1]:g}, "
    f"lon {SWEDEN_LON_RANGE[0]:g}–{SWEDEN_LON_RANGE[1]:g} in WGS 84)."
)


def _check_lonlat(lat: float, lon: float, fields: tuple[str, str], ctx: _RowContext) -> tuple[float, float] | RowError:
    """The WGS 84 position if it is in Sweden; otherwise the error, naming a swap when it looks like one."""
    lat_field, lon_field = fields
    value = f"[{lon}, {lat}]" if ctx.in_geometry else f"{lat}, {lon}"
    field_name = "geometry" if ctx.in_geometry else lat_field
    if _in_sweden_lonlat(lat, lon):
        return round_lonlat(lat), round_lonlat(lon)
    if _in_sweden_lonlat(lon, lat):
        if ctx.in_geometry:
            return ctx.error(
                field_name, value,
                "Koordinaterna ser ut att vara omkastade: GeoJSON skrivs [longitud, latitud], men här står latituden först.",
                "The coordinates look swapped: GeoJSON is [longitude, latitude], but here the latitude comes first.",
            )
        return ctx.error(
            field_name, value,
            f"{lat_field} och {lon_field} ser ut att vara omkastade: {lat_field} {lat} är en svensk longitud "
            f"och {lon_field} {lon} en svensk latitud.",
            f"{lat_field} and {lon_field} look swapped: {lat_field} {lat} is a longitude in Sweden "
            f"and {lon_field} {lon} a latitude.",
        )
    if abs(lat) > 1000 and abs(lon) > 1000:
        hint_sv, hint_en = (
            ("Ange \"crs\" EPSG:3006 eller exportera i WGS 84.", "Add a \"crs\" member naming EPSG:3006 or export as WGS 84.")
            if ctx.in_geometry
            else ("Döp kolumnerna till n och e.", "Name the columns n and e.")
        )
        return ctx.error(
            field_name, value,
            f"Koordinaterna ser ut som SWEREF 99 TM i meter, inte WGS 84-grader. {hint_sv}",
            f"The coordinates look like SWEREF 99 TM metres, not WGS 84 degrees. {hint_en}",
        )
    return ctx.error(field_name, value, _OUTSIDE_SV, _OUTSIDE_EN)


def _check_sweref(n: float, e: float, fields: tuple[str, str], ctx: _RowContext) -> tuple[float, float] | RowError:
    """The WGS 84 position of a SWEREF 99 TM point (m) if it is in Sweden; otherwise the error."""
    n_field, e_field = fields
    value = f"[{e}, {n}]" if ctx.in_geometry else f"{n}, {e}"
    field_name = "geometry" if ctx.in_geometry else n_field
    if _inside(n, SWEDEN_Y_RANGE_M) and _inside(e, SWEDEN_X_RANGE_M):
        lon, lat = transformer(SWEREF99TM, WGS84).transform(e, n)
        if _in_sweden_lonlat(lat, lon):
            return round_lonlat(lat), round_lonlat(lon)
        return ctx.error(field_name, value, _OUTSIDE_SV, _OUTSIDE_EN)
    if _inside(e, SWEDEN_Y_RANGE_M) and _inside(n, SWEDEN_X_RANGE_M):
        order_sv, order_en = (
            ("GeoJSON med EPSG:3006 skrivs [östlig, nordlig]", "GeoJSON with EPSG:3006 is [easting, northing]")
            if ctx.in_geometry
            else (f"{n_field} är nordlig (7 siffror), {e_field} östlig (6 siffror)",
                  f"{n_field} is the northing (7 digits), {e_field} the easting (6 digits)")
        )
        return ctx.error(
            field_name, value,
            f"Nordlig och östlig koordinat ser ut att vara omkastade: {order_sv}.",
            f"Northing and easting look swapped: {order_en}.",
        )
    if abs(n) <= 180 and abs(e) <= 180:
        return ctx.error(
            field_name, value,
            "Koordinaterna ser ut som WGS 84-grader, inte SWEREF 99 TM-meter.",
            "The coordinates look like WGS 84 degrees, not SWEREF 99 TM metres.",
        )
    return ctx.error(
        field_name, value,
        "Punkten ligger utanför Sverige (SWEREF 99 TM: nordlig 6 100 000–7 700 000 m, östlig 200 000–1 000 000 m).",
        "The point is outside Sweden (SWEREF 99 TM: northing 6 100 000–7 700 000 m, easting 200 000–1 000 000 m).",
    )


def _check_xy(x: float, y: float, ctx: _RowContext) -> tuple[float, float] | RowError:
    """Columns named x/y: degrees are (lon, lat); metres are SWEREF 99 TM in either axis convention.

    Swedish surveying calls the northing X, GIS tools call the easting x; the
    northing has 7 digits and the easting 6, so the magnitude decides.
    """
    if abs(x) <= 180 and abs(y) <= 180:
        return _check_lonlat(y, x, ("y", "x"), ctx)
    if abs(x) >= 1000 and abs(y) >= 1000:
        if y >= x:  # the larger is the northing
            return _check_sweref(y, x, ("y", "x"), ctx)
        return _check_sweref(x, y, ("x", "y"), ctx)
    return ctx.error(
        "x", f"{x}, {y}",
        "x och y är varken båda grader (WGS 84) eller båda meter (SWEREF 99 TM).",
        "x and y are neither both degrees (WGS 84) nor both metres (SWEREF 99 TM).",
    )


def _pair(values: Mapping[str, Any], first: str, second: str, ctx: _RowContext, errors: list[RowError]) -> tuple[float, float] | None:
    a, b = values.get(first), values.get(second)
    if a is None and b is None:
        return None
    if a is None or b is None:
        missing, given = (first, second) if a is None else (second, first)
        errors.append(ctx.error(missing, "", f"'{given}' är ifyllt men '{missing}' saknas.", f"'{given}' is given but '{missing}' is blank."))
        return None
    return float(a), float(b)


def _positions(values: Mapping[str, Any], ctx: _RowContext, errors: list[RowError]) -> list[tuple[str, tuple[float, float]]]:
    """Every position the row gives (lat/lon, n/e, x/y), each checked and in WGS 84."""
    found: list[tuple[str, tuple[float, float] | RowError]] = []
    if (wgs := _pair(values, "lat", "lon", ctx, errors)) is not None:
        found.append(("lat/lon", _check_lonlat(*wgs, ("lat", "lon"), ctx)))
    if (grid := _pair(values, "n", "e", ctx, errors)) is not None:
        found.append(("n/e", _check_sweref(*grid, ("n", "e"), ctx)))
    if (xy := _pair(values, "x", "y", ctx, errors)) is not None:
        found.append(("x/y", _check_xy(*xy, ctx)))
    good: list[tuple[str, tuple[float, float]]] = []
    for label, result in found:
        if isinstance(result, RowError):
            errors.append(result)
        else:
            good.append((label, result))
    return good


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    to_grid = transformer(WGS84, SWEREF99TM)
    ax, ay = to_grid.transform(a[1], a[0])
    bx, by = to_grid.transform(b[1], b[0])
    return float(math.hypot(ax - bx, ay - by))


def _resolve_position(
    values: Mapping[str, Any], required: bool, ctx: _RowContext, errors: list[RowError]
) -> tuple[float, float] | None:
    """The row's WGS 84 (lat, lon), or None; errors for bad, missing or contradictory coordinates."""
    before = len(errors)
    good = _positions(values, ctx, errors)
    if len(errors) > before:
        return None
    if not good:
        if required:
            errors.append(ctx.error(
                "geometry" if ctx.in_geometry else "lat", "",
                "Koordinater saknas: ange lat och lon (WGS 84) eller n och e (SWEREF 99 TM).",
                "Coordinates are missing: give lat and lon (WGS 84) or n and e (SWEREF 99 TM).",
            ))
        return None
    first_label, first = good[0]
    for label, other in good[1:]:
        gap_m = _distance_m(first, other)
        if gap_m > _MAX_COORDINATE_DISAGREEMENT_M:
            errors.append(ctx.error(
                label.split("/")[0], f"{first_label} {first[0]}, {first[1]}; {label} {other[0]}, {other[1]}",
                f"{first_label} och {label} pekar på platser {gap_m:.0f} m isär; ange ett par eller rätta dem.",
                f"{first_label} and {label} point to places {gap_m:.0f} m apart; give one pair or correct them.",
            ))
            return None
    return first


# --- rows -------------------------------------------------------------------------


def _parse_cells(
    schema: tuple[FieldSpec, ...], cells: Mapping[str, object], ctx: _RowContext, errors: list[RowError]
) -> tuple[dict[str, Any], set[str]]:
    """Each field's typed value (default when blank), and the fields that were invalid."""
    values: dict[str, Any] = {}
    invalid: set[str] = set()
    for spec in schema:
        raw = cells.get(spec.name)
        if _is_blank(raw):
            if spec.required:
                errors.append(ctx.error(spec.name, "", "Värde saknas; fältet är obligatoriskt.", "Missing; this field is required."))
                invalid.add(spec.name)
            values[spec.name] = spec.default
            continue
        try:
            values[spec.name] = _PARSERS[spec.type](spec, raw)
        except _Invalid as exc:
            errors.append(ctx.error(spec.name, _as_text(raw), exc.message_sv, exc.message_en))
            values[spec.name] = None
            invalid.add(spec.name)
    return values, invalid


def _check_backup_power(
    values: Mapping[str, Any], cells: Mapping[str, object], invalid: set[str], ctx: _RowContext
) -> list[RowError]:
    """generator_kw and tank_l must fit backup_power (fixed needs kW; none has no generator)."""
    if invalid & {"backup_power", "generator_kw", "tank_l"}:
        return []  # already reported; a cross-field message would only repeat it
    power, kw, tank = values.get("backup_power"), values.get("generator_kw"), values.get("tank_l")
    errors: list[RowError] = []
    if power == BackupPower.FIXED and kw is None:
        errors.append(ctx.error(
            "generator_kw", "",
            "generator_kw krävs när backup_power är fixed (fast reservkraft).",
            "generator_kw is required when backup_power is fixed.",
        ))
    if power == BackupPower.NONE and kw is not None:
        errors.append(ctx.error(
            "generator_kw", _as_text(cells.get("generator_kw")),
            "generator_kw ska vara tomt när backup_power är none (ingen reservkraft).",
            "generator_kw must be blank when backup_power is none.",
        ))
    if power is None and kw is not None:
        errors.append(ctx.error(
            "backup_power", "",
            "generator_kw är ifyllt men backup_power saknas; ange fixed (fast) eller connection_point (anslutningspunkt).",
            "generator_kw is given but backup_power is blank; set it to fixed or connection_point.",
        ))
    if tank is not None and power != BackupPower.FIXED:
        errors.append(ctx.error(
            "tank_l", _as_text(cells.get("tank_l")),
            "tank_l får bara anges när backup_power är fixed (fast reservkraft).",
            f"tank_l is only allowed when backup_power is fixed (here: {power or 'blank'}).",
        ))
    return errors


@dataclass(frozen=True)
class _Target(Generic[R]):
    """What a reader builds: its schema, record type and whether coordinates are required."""

    schema: tuple[FieldSpec, ...]
    record_type: type[R]
    columns: tuple[str, ...]
    coordinates_required: bool


_POINTS = _Target(POINT_SCHEMA, PointRecord, POINT_COLUMNS, coordinates_required=True)
_SITES = _Target(SITE_SCHEMA, SiteRecord, SITE_COLUMNS, coordinates_required=False)


def _record(target: _Target[R], cells: Mapping[str, object], ctx: _RowContext, errors: list[RowError]) -> R | None:
    """One row's record, or None after appending its errors."""
    before = len(errors)
    values, invalid = _parse_cells(target.schema, cells, ctx, errors)
    errors.extend(_check_backup_power(values, cells, invalid, ctx))
    position = None
    if not invalid & _COORDINATE_NAMES:  # a bad number is already reported; no "other half missing"
        position = _resolve_position(values, target.coordinates_required, ctx, errors)
    if len(errors) > before:
        return None
    if position is not None:
        values["lat"], values["lon"] = position
    if values.get("backup_power") is not None:
        values["backup_power"] = BackupPower(values["backup_power"])
    if "site_name" in target.columns and values.get("site_name") is None:
        values["site_name"] = values["name"]
    kwargs: dict[str, Any] = {name: values.get(name) for name in target.columns}
    if "languages" in kwargs and kwargs["languages"] is None:
        kwargs["languages"] = ()
    present, blank = _presence(target, cells, position is not None)
    return target.record_type(**kwargs, row=ctx.row, present=present, blank=blank)


def _presence(target: _Target[Any], cells: Mapping[str, object], located: bool) -> tuple[frozenset[str], frozenset[str]]:
    """The record fields the row had a column for, and those it left blank.

    Any coordinate column stands for ``lat`` and ``lon``: they are blank when
    the row gave no position.
    """
    present = {name for name in target.columns if name in cells}
    blank = {name for name in present if _is_blank(cells.get(name))}
    if cells.keys() & _COORDINATE_NAMES:
        present |= {"lat", "lon"}
        blank = (blank - {"lat", "lon"}) | (set() if located else {"lat", "lon"})
    return frozenset(present), frozenset(blank)


def _duplicate_refs(refs: Iterable[tuple[int, str]], unit: str) -> list[RowError]:
    """One error per repeated ref, naming the row where it first appeared (bad rows count too)."""
    first_row: dict[str, int] = {}
    errors: list[RowError] = []
    unit_sv = {"row": "rad", "feature": "objekt"}[unit]
    for row, ref in refs:
        if ref not in first_row:
            first_row[ref] = row
            continue
        first = first_row[ref]
        errors.append(RowError(
            row, "ref", ref,
            f"ref '{ref}' används både på {unit_sv} {first} och {unit_sv} {row}.",
            f"ref '{ref}' is used in both {unit} {first} and {unit} {row}.",
            unit,
        ))
    return errors


def _missing_columns(target: _Target[Any], columns: set[str], header_row: int) -> tuple[list[RowError], set[str]]:
    """One error per required field that has no column at all (instead of one per row)."""
    errors: list[RowError] = []
    missing: set[str] = set()
    for spec in target.schema:
        if spec.required and spec.name not in columns:
            names = ", ".join((spec.name, *spec.aliases[:3]))
            errors.append(RowError(
                header_row, spec.name, "",
                f"Filen saknar kolumnen '{spec.name}' (godtagna namn: {names} …).",
                f"The file has no '{spec.name}' column (accepted names: {names} …).",
            ))
            missing.add(spec.name)
    if target.coordinates_required and not columns & _COORDINATE_NAMES:
        errors.append(RowError(
            header_row, "lat", "",
            "Filen saknar koordinatkolumner: ange lat och lon (WGS 84) eller n och e (SWEREF 99 TM).",
            "The file has no coordinate columns: give lat and lon (WGS 84) or n and e (SWEREF 99 TM).",
        ))
        missing.add("lat")
    return errors, missing


def _validate_rows(
    target: _Target[R],
    rows: Iterable[tuple[int, Mapping[str, object]]],
    unit: str,
    in_geometry: bool,
    errors: list[RowError],
    skip_fields: set[str],
) -> list[R]:
    records: list[R] = []
    refs: list[tuple[int, str]] = []
    for row, cells in rows:
        if not _is_blank(cells.get("ref")):
            refs.append((row, _as_text(cells.get("ref"))))
        ctx = _RowContext(row, unit, in_geometry)
        row_errors: list[RowError] = []
        record = _record(target, cells, ctx, row_errors)
        errors.extend(e for e in row_errors if e.field not in skip_fields)
        if record is not None:
            records.append(record)
    errors.extend(_duplicate_refs(refs, unit))
    return records


# --- GeoJSON input ------------------------------------------------------------------

_EPSG_NAME = re.compile(r"(?:urn:ogc:def:crs:)?EPSG:{1,2}(?:[\d.]*:)?(\d+)", re.IGNORECASE)


def _file_error(source_name: str, message_sv: str, message_en: str, value: str = "") -> ImportRejected:
    return ImportRejected([RowError(None, "", value, message_sv, message_en)], source_name)


def _crs_is_sweref(document: Mapping[str, Any], source_name: str) -> bool:
    """True when an old-style ``crs`` member names EPSG:3006; WGS 84 (no crs, CRS84, 4326) is False."""
    crs = document.get("crs")
    if crs is None:
        return False
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str):
        raise _file_error(source_name, "crs-medlemmen saknar namn.", "The crs member has no name.", _as_text(crs))
    if name.upper().endswith("CRS84"):
        return False
    match = _EPSG_NAME.fullmatch(name.strip())
    code = match.group(1) if match else None
    if code == "3006":
        return True
    if code == "4326":
        return False
    raise _file_error(
        source_name,
        "Koordinatsystemet stöds inte; använd WGS 84 eller SWEREF 99 TM (EPSG:3006).",
        "The coordinate system is not supported; use WGS 84 or SWEREF 99 TM (EPSG:3006).",
        name,
    )


# A string (skipped whole), a bracket, or a number, true, false or null.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|[-\d.eE+]+|true|false|null')


_MAX_JSON_VALUES = MAX_IMPORT_ROWS * MAX_IMPORT_COLUMNS


def _check_depth(text: str, source_name: str) -> None:
    """Refuse JSON past the depth, feature or value limits before parsing it.

    Parsing builds a Python object for every value, so a small file of many
    tiny values (``[{},{},…]``) would cost far more memory than its size;
    the scan counts nesting, features (objects directly in a top-level list)
    and values (strings, numbers, literals, objects, lists) first, skipping
    the text of strings.
    """
    stack: list[str] = []
    features = values = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        values += 1
        if bracket in "]}":
            if stack:
                stack.pop()
            values -= 1
        elif bracket in "[{":
            if bracket == "{" and len(stack) == 2 and stack[1] == "[":
                features += 1
                if features > MAX_IMPORT_ROWS:
                    raise _too_many_features(source_name, features)
            stack.append(bracket)
            if len(stack) > MAX_GEOJSON_DEPTH:
                raise _file_error(
                    source_name,
                    f"GeoJSON-filen är nästlad djupare än {MAX_GEOJSON_DEPTH} nivåer (MAX_GEOJSON_DEPTH).",
                    f"The GeoJSON file is nested deeper than {MAX_GEOJSON_DEPTH} levels (MAX_GEOJSON_DEPTH).",
                )
        if values > _MAX_JSON_VALUES:
            raise _file_error(
                source_name,
                f"GeoJSON-filen har fler än {_MAX_JSON_VALUES} värden (MAX_IMPORT_ROWS × MAX_IMPORT_COLUMNS).",
                f"The GeoJSON file holds more than {_MAX_JSON_VALUES} values (MAX_IMPORT_ROWS × MAX_IMPORT_COLUMNS).",
            )


def _too_many_features(source_name: str, count: int) -> ImportRejected:
    return _file_error(
        source_name,
        f"Filen har fler än {MAX_IMPORT_ROWS} objekt (MAX_IMPORT_ROWS). Dela upp den.",
        f"The file has more than {MAX_IMPORT_ROWS} features (MAX_IMPORT_ROWS). Split it.",
    )


def _check_feature_limits(features: list[Any], source_name: str) -> None:
    if len(features) > MAX_IMPORT_ROWS:  # a features list not at the usual place escapes the scan
        raise _too_many_features(source_name, len(features))
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            continue
        if len(properties) > MAX_IMPORT_COLUMNS:
            raise limit_exceeded(
                source_name, number, "",
                f"Objektet har {len(properties)} egenskaper; gränsen är {MAX_IMPORT_COLUMNS} (MAX_IMPORT_COLUMNS).",
                f"The feature has {len(properties)} properties; the limit is {MAX_IMPORT_COLUMNS} (MAX_IMPORT_COLUMNS).",
                "feature",
            )
        for key, value in properties.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise limit_exceeded(
                    source_name, number, key,
                    f"Ett värde är längre än {MAX_CELL_CHARS} tecken (MAX_CELL_CHARS).",
                    f"A value is longer than {MAX_CELL_CHARS} characters (MAX_CELL_CHARS).",
                    "feature",
                )


def _features(text: str, source_name: str) -> tuple[list[Any], bool]:
    _check_depth(text, source_name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _file_error(
            source_name,
            f"Filen är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno}).",
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        kind = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise _file_error(source_name, "Filen ska vara en GeoJSON FeatureCollection.",
                          "The file must be a GeoJSON FeatureCollection.", _as_text(kind))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise _file_error(source_name, "FeatureCollection har inga objekt (features).",
                          "The FeatureCollection has no features.")
    _check_feature_limits(features, source_name)
    return features, _crs_is_sweref(document, source_name)


def _geometry_cells(feature: Mapping[str, Any], sweref: bool, ctx: _RowContext) -> dict[str, object] | RowError:
    geometry = feature.get("geometry")
    if geometry is None:
        return {}
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        return ctx.error("geometry", _as_text(kind), "Geometrin ska vara en Point.", "The geometry must be a Point.")
    coordinates = geometry.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or len(coordinates) not in (2, 3)
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        return ctx.error("geometry", _as_text(coordinates), "Koordinaterna ska vara [x, y] med två tal.",
                         "The coordinates must be [x, y], two numbers.")
    x, y = coordinates[0], coordinates[1]
    return {"e": x, "n": y} if sweref else {"lon": x, "lat": y}


def _geojson_rows(
    text: str, source_name: str, aliases: Mapping[str, str], errors: list[RowError], warnings: list[RowWarning]
) -> list[tuple[int, dict[str, object]]]:
    """Each feature's properties by canonical name, plus its coordinates as lon/lat or e/n."""
    features, sweref = _features(text, source_name)
    warned: set[str] = set()
    rows: list[tuple[int, dict[str, object]]] = []
    for number, feature in enumerate(features, start=1):
        ctx = _RowContext(number, "feature", in_geometry=True)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(ctx.error("", _as_text(feature)[:80], "Objektet är ingen GeoJSON Feature.", "The item is not a GeoJSON Feature."))
            continue
        properties = feature.get("properties") or {}
        cells: dict[str, object] = {}
        for key, value in properties.items() if isinstance(properties, dict) else ():
            canonical = aliases.get(header_key(key))
            if canonical is None or canonical in _COORDINATE_NAMES:
                _warn_property_once(key, canonical is not None, number, warned, warnings)
            elif canonical in cells:
                errors.append(ctx.error(
                    canonical, _as_text(value),
                    f"Två egenskaper betyder '{canonical}'; ta bort en av dem.",
                    f"Two properties mean '{canonical}'; remove one of them.",
                ))
            else:
                cells[canonical] = value
        geometry = _geometry_cells(feature, sweref, ctx)
        if isinstance(geometry, RowError):
            errors.append(geometry)
            continue
        cells.update(geometry)
        rows.append((number, cells))
    return rows


def _warn_property_once(key: str, is_coordinate: bool, number: int, warned: set[str], warnings: list[RowWarning]) -> None:
    if key in warned:
        return
    warned.add(key)
    if is_coordinate:
        warnings.append(RowWarning(
            number, key,
            f"Egenskapen '{key}' ignorerades; koordinaterna tas från geometrin.",
            f"Property '{key}' was ignored; coordinates come from the geometry.",
        ))
    else:
        warnings.append(RowWarning(number, key, f"Okänd egenskap '{key}' ignorerades.", f"Unknown property '{key}' was ignored."))


# --- readers ------------------------------------------------------------------------

_GEOJSON_SUFFIXES = frozenset({".geojson", ".json"})
_CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".tab"})


def _is_geojson(source_name: str, text: str) -> bool:
    suffix = Path(source_name).suffix.lower()
    if suffix in _GEOJSON_SUFFIXES:
        return True
    if suffix in _CSV_SUFFIXES:
        return False
    return text.lstrip().startswith("{")  # no CSV header starts with a brace


def _read(target: _Target[R], source: Source, source_name: str | None) -> ReadResult[R]:
    data, name = read_source(source, source_name)
    text, encoding = decode(data, name)
    aliases = alias_map(target.schema)
    errors: list[RowError] = []
    warnings: list[RowWarning] = []
    if _is_geojson(name, text):
        features = _geojson_rows(text, name, aliases, errors, warnings)
        records = _validate_rows(target, features, "feature", True, errors, set())
        delimiter, file_format = None, "geojson"
    else:
        table = read_table(data, aliases=aliases, source_name=name)
        errors.extend(table.errors)
        warnings.extend(table.warnings)
        column_errors, missing = _missing_columns(target, {f for f in table.fields if f}, table.header_row)
        errors.extend(column_errors)
        bad_width = {e.row for e in table.errors if e.field == ""}
        rows: list[tuple[int, Mapping[str, object]]] = [
            (r.row, r.cells) for r in table.rows if r.row not in bad_width
        ]
        records = _validate_rows(target, rows, "row", False, errors, missing)
        delimiter, file_format = table.delimiter, "csv"
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row or 0), name)
    return ReadResult(records, warnings, name, file_format, encoding, delimiter)


def read_points(source: Source, *, source_name: str | None = None) -> ReadResult[PointRecord]:
    """Read a CSV or GeoJSON file of points, all or nothing.

    Parameters
    ----------
    source : path, bytes or binary file
        The file. GeoJSON is recognised by a ``.geojson``/``.json`` name or by
        content starting with ``{``; anything else is read as CSV.
    source_name : str, optional
        The name used in messages (default: the file name; ``"<input>"`` for bytes).

    Returns
    -------
    ReadResult of PointRecord
        Every row as a validated record, the ignored columns as warnings, and
        the encoding and separator that were detected.

    Raises
    ------
    ImportRejected
        If any row has any bad value, or the file is empty or unreadable. The
        exception lists every error with its row (GeoJSON: feature) and field;
        no records are returned.

    Examples
    --------
    >>> data = "namn;kommunkod;nivå;lat;lon\\nKalls lanthandel;2321;Nivå 2;63,4711;13,2622\\n"
    >>> result = read_points(data.encode("cp1252"), source_name="punkter.csv")
    >>> result.records[0].municipality_code, result.records[0].level, result.encoding, result.delimiter
    ('2321', <Level.TWO: 2>, 'cp1252', ';')
    """
    return _read(_POINTS, source, source_name)


def read_sites(source: Source, *, source_name: str | None = None) -> ReadResult[SiteRecord]:
    """Read a CSV or GeoJSON file of sites (premises), all or nothing.

    Same formats and rules as :func:`read_points` with :data:`SITE_SCHEMA`:
    ``name`` is the site's name, ``kind`` (or ``typ``) means ``site_kind``,
    and coordinates are optional.

    Raises
    ------
    ImportRejected
        If any row has any bad value; no records are returned.
    """
    return _read(_SITES, source, source_name)
